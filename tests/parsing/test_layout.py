"""Layout (`articles.parsing.layout`) and the whole parse on small made-up pages.

The pages are typeset here the way the extraction gives them: running text wrapped at a
fixed column width, the first line of a paragraph an indent (2 em) short, the indent of a
lead shown as a U+FFFD run, blank lines at column breaks."""

from __future__ import annotations

import datetime

import pytest

from articles.parsing import parse_page
from articles.parsing.cleaning import display_width
from articles.parsing.layout import (
    Unit,
    UnitKind,
    _caption_over_its_lead,
    _Draft,
    _owner_by_words,
    _text_elsewhere,
    classify,
    column_widths,
    lay_out,
    paragraph_ends,
)
from articles.parsing.lines import SourceLine, read_lines

WIDTH = 14
FFFD = "\ufffd" * 6


def wrap(text: str, *, lead: bool = False, width: int = WIDTH) -> list[str]:
    """A paragraph as the extraction gives it: wrapped, first line an indent short."""
    lines, rest, first = [], text, True
    while rest:
        take = width - 2 if first else width
        lines.append((FFFD if lead and first else "") + rest[:take])
        rest, first = rest[take:], False
    return lines


P1 = "城东新区今年新建小学三所中学两所，解决了一千多名孩子的入学难题。"
P2 = "区教育局负责人说，明年还将新建幼儿园五所，让家门口的好学校越来越多。"
P3 = "家长们纷纷表示，孩子上学再也不用起早贪黑赶远路了，心里踏实多了。"
P4 = "据了解，新学校全部按照省级标准建设，配备了现代化的教学设施和图书馆。"
P5 = "当天上午，城西街道组织志愿者走进社区，为独居老人打扫卫生、检查电器线路。"


def page(*blocks: list[str]) -> str:
    return "\n".join(line for block in blocks for line in block) + "\n"


def test_wrapped_paragraphs_are_rejoined() -> None:
    text = page(["城东新区教育工作见实效"], wrap("本报讯（记者 王小明）" + P1, lead=True), wrap(P2), wrap(P3))
    parsed = parse_page(text, entities=False)
    assert len(parsed.articles) == 1
    article = parsed.articles[0]
    assert article.headline == "城东新区教育工作见实效"
    assert article.dateline == "本报讯"
    assert article.reporters == ["王小明"]
    assert [b.text for b in article.blocks] == [P1, P2, P3]


def test_blank_line_inside_a_sentence_is_a_column_break() -> None:
    body = wrap(P4 + P2)
    body.insert(3, "")
    parsed = parse_page(page(["新学校全部达到省级标准"], wrap("本报讯 " + P1, lead=True), body), entities=False)
    assert [b.text for b in parsed.articles[0].blocks] == [P1, P4 + P2]


def test_full_line_closing_a_sentence_continues_unless_a_first_line_follows() -> None:
    # P1 fills its last line exactly: the next paragraph is told by its short first line.
    exact = "城东新区今年新建小学三所，解决了许多孩子的入学难题。"
    lines = wrap(exact)
    assert display_width(lines[-1]) == WIDTH
    parsed = parse_page(page(["城东新区新建学校"], wrap("本报讯 " + P3, lead=True), lines, wrap(P2)), entities=False)
    assert [b.text for b in parsed.articles[0].blocks] == [P3, exact, P2]


def test_headline_with_byline_line_and_two_line_subheads() -> None:
    text = page(
        ["城东新区教育事业蓬勃发展 办好人民满意的教育"],
        ["记者 王小明 通讯员 李红"],
        [""],
        wrap(P1, lead=True),
        [""],
        ["新建学校扩容量"],
        [""],
        ["让孩子就近入学"],
        [""],
        wrap(P2),
        wrap(P3),
    )
    article = parse_page(text, entities=False).articles[0]
    assert article.headline == "城东新区教育事业蓬勃发展 办好人民满意的教育"
    assert article.reporters == ["王小明"] and article.correspondents == ["李红"]
    assert [(b.type.value, b.text) for b in article.blocks] == [
        ("paragraph", P1),
        ("subhead", "新建学校扩容量 让孩子就近入学"),
        ("paragraph", P2),
        ("paragraph", P3),
    ]


def test_subtitle_under_headline() -> None:
    text = page(["城西街道开展志愿服务进社区活动为独居老人办实事"], ["城西街道志愿者协会"],
                wrap("本报讯 " + P5, lead=True))
    article = parse_page(text, entities=False).articles[0]
    assert article.headline == "城西街道开展志愿服务进社区活动为独居老人办实事"
    assert article.subtitle == "城西街道志愿者协会"


def test_several_articles_and_a_headline_without_lead_after_a_closing_credit() -> None:
    text = page(
        ["城东新区新建学校五所"],
        wrap("本报城东３月２日电 记者王小明报道：" + P1, lead=True),
        wrap(P2),
        [""],
        ["志愿服务暖人心"],
        wrap("新华社城西３月２日电 " + P5, lead=True),
        ["（李红）"],
        [""],
        ["图书馆开放时间延长"],
        wrap(P4),
    )
    articles = parse_page(text, entities=False).articles
    assert [a.headline for a in articles] == ["城东新区新建学校五所", "志愿服务暖人心", "图书馆开放时间延长"]
    assert articles[0].dateline == "本报城东３月２日电"
    assert articles[0].reporters == ["王小明"]
    assert articles[1].dateline == "新华社城西３月２日电"
    # a closing credit stays in the text: under a last line that stops short, a paragraph of
    # its own (the text ended there; under a full line it would end that paragraph's text)
    assert [b.text for b in articles[1].blocks] == [P5, "（李红）"]
    assert [b.text for b in articles[2].blocks] == [P4]


def test_closing_credit_after_a_blank_line_is_a_paragraph() -> None:
    text = page(["志愿服务暖人心"], wrap("本报讯 " + P5, lead=True), [""], ["（李红）"], [""], ["图书馆开放时间延长"],
                wrap("本报讯 " + P4, lead=True))
    articles = parse_page(text, entities=False).articles
    assert [b.text for b in articles[0].blocks] == [P5, "（李红）"]
    assert articles[1].headline == "图书馆开放时间延长"


def test_photo_story_and_caption() -> None:
    text = page(
        ["城西街道志愿服务进社区"],
        wrap("本报讯（记者 王小明）" + P5, lead=True),
        [""],
        ["志志愿愿者者为为老老人人检检查查电电器器线线路路。。 记者 王小明 摄"],
        [""],
        wrap("３月２日，城东新区第一小学举行开学典礼，一千多名新生走进崭新的校园。图为开学典礼现场。", lead=True),
        ["记者 王小明 通讯员 李红 摄"],
    )
    articles = parse_page(text, entities=False).articles
    assert len(articles) == 2
    story, photo = articles
    assert [(c.text, c.photographers) for c in story.captions] == [("志愿者为老人检查电器线路。", ("王小明",))]
    assert photo.kind == "photo" and photo.headline is None
    assert photo.photographers == ["王小明", "李红"]
    assert photo.blocks[0].text.endswith("图为开学典礼现场。")


def test_photo_story_with_its_credit_on_the_last_line() -> None:
    story = "３月２日，城东新区第一小学举行开学典礼，一千多名新生走进崭新的校园。图为开学典礼现场。"
    lines = wrap(story, lead=True)
    lines[-1] += " 记者 王小明 摄"
    text = page(["城西街道志愿服务进社区"], wrap("本报讯（记者 王小明）" + P5, lead=True), [""], lines)
    photo = parse_page(text, entities=False).articles[-1]
    assert photo.kind == "photo"
    assert photo.photographers == ["王小明"]
    assert [b.text for b in photo.blocks] == [story]


def test_caption_on_two_lines() -> None:
    text = page(
        ["城西街道志愿服务进社区"],
        wrap("本报讯（记者 王小明）" + P5, lead=True),
        [""],
        ["志志愿愿者者为为老老人人"],
        ["检检查查电电器器线线路路。。 记者 王小明 摄"],
    )
    article = parse_page(text, entities=False).articles[0]
    assert [(c.text, c.photographers) for c in article.captions] == [("志愿者为老人检查电器线路。", ("王小明",))]


def test_caption_closed_by_a_picture_source_credit_in_a_narrow_column() -> None:
    # a caption of many lines (a narrow column) between two paragraphs of its story, closed
    # by the picture's source in brackets and naming no photographer: lifted whole
    caption = ("３月１日，城东新区第一小学的新生们在崭新的教室里上第一堂课，老师带领大家朗读课文。"
               "（新华社发本报资料照片）")
    text = page(
        ["城东新区新建学校五所"],
        wrap("本报讯 " + P1, lead=True, width=10),
        [""],
        wrap(caption, width=11),
        [""],
        wrap(P2 + P3, width=10),
    )
    article = parse_page(text, entities=False).articles[0]
    assert [(c.text, c.photographers) for c in article.captions] == [(caption, ())]
    assert all("照片" not in block.text for block in article.blocks)


@pytest.mark.parametrize(
    ("caption_lines", "caption"),
    [
        # the credit closing the caption's last line, the caption's first line a full one
        (
            ["城西街道组织志愿者走进社区，", "为独居老人打扫卫生。（王小明 摄）"],
            "城西街道组织志愿者走进社区，为独居老人打扫卫生。",
        ),
        # the credit on a line of its own
        (["城西街道组织志愿者走进社区。", "（王小明摄）"], "城西街道组织志愿者走进社区。"),
    ],
)
def test_caption_glued_to_a_lead_says_the_next_story_again(caption_lines: list[str], caption: str) -> None:
    # no blank line and no short line between a one-paragraph story and the caption of the
    # next story's picture set at its foot: the caption says again what the next story says
    lead = [FFFD + "本报讯 城东新区今年新建", "小学三所中学两所，解决了一千", "多名孩子入学难题，家长满意。"]
    text = page(["城东新区新建学校五所"], lead, caption_lines, ["城西志愿服务进社区"], wrap("本报讯 " + P5, lead=True))
    schools, volunteers = parse_page(text, entities=False).articles
    assert [block.text for block in schools.blocks] == [
        "城东新区今年新建小学三所中学两所，解决了一千多名孩子入学难题，家长满意。"
    ]
    captions = [(c.text, c.photographers) for article in (schools, volunteers) for c in article.captions]
    assert captions == [(caption, ("王小明",))]


def test_paragraph_set_apart_under_a_signed_story_goes_on_the_story_it_names() -> None:
    # a column's head printed after another story closed by its writer's signature: its first
    # line (an indent short of the full lines under it) is no title, and its words are those
    # of the first story
    schools = "城东新区今年新建小学三所中学两所，解决了一千多名孩子的入学难题。新建的小学全部按照省级标准建设。"
    rest = "新建小学的操场和图书馆将向周边居民开放，城东新区的家长们对新建的学校十分满意。"
    text = page(["城东新区新建学校五所"], wrap("本报讯 " + schools, lead=True), [""],
                ["城西志愿服务进社区"], wrap("本报讯 " + P5, lead=True), ["（金城）"], [""], wrap(rest))
    articles = parse_page(text, entities=False).articles
    assert [(a.headline, [b.text for b in a.blocks]) for a in articles] == [
        ("城东新区新建学校五所", [schools, rest]),
        ("城西志愿服务进社区", [P5 + "（金城）"]),
    ]


def _text_unit(text: str) -> Unit:
    return Unit(UnitKind.TEXT, tuple(read_lines(page(wrap(text)))))


_SCHOOLS = _Draft(titles=[], body=[_text_unit(P1 + P2 + P4)])
_VOLUNTEERS = _Draft(titles=[], body=[_text_unit(P5 + "志愿者们还为老人送去了米面油等生活用品，陪老人聊天。")])


@pytest.mark.parametrize(
    ("paragraph", "strict", "owner"),
    [
        # the words of the schools story, none of the volunteers'
        ("新建的小学和中学全部按照省级标准建设，教学设施和图书馆向孩子们开放。", False, _SCHOOLS),
        ("新建的小学和中学全部按照省级标准建设，教学设施和图书馆向孩子们开放。", True, _SCHOOLS),
        ("志愿者为独居老人打扫卫生，送去米面油等生活用品。", True, _VOLUNTEERS),
        # words of neither story: no owner
        ("今年冬天气温偏低，气象部门提醒市民注意防寒保暖。", False, None),
        # too short to tell
        ("新建学校。", False, None),
    ],
)
def test_owner_by_words(paragraph: str, strict: bool, owner: _Draft | None) -> None:
    assert _owner_by_words([_SCHOOLS, _VOLUNTEERS], _text_unit(paragraph), strict=strict) is owner


@pytest.mark.parametrize(
    ("story_end", "above", "out_of_order", "expected"),
    [
        # a story closed by its writer's signature: the text under it is another story's
        ("（金城）", P2, False, (True, False)),
        # text in order: the text under a closed paragraph is the story's own
        ("", P2, False, (False, True)),
        # printed out of order: it may be another story's, on stricter evidence
        ("", P2, True, (True, True)),
        # the paragraph above is open: the text goes on from it
        ("", P2[:-1] + "，", True, (False, True)),
    ],
)
def test_text_elsewhere(story_end: str, above: str, out_of_order: bool, expected: tuple[bool, bool]) -> None:
    current = _Draft(titles=[], body=[_text_unit(P1 + story_end)])
    units = [_text_unit(above), _text_unit(P3)]
    assert _text_elsewhere(current, units, 1, out_of_order) == expected


@pytest.mark.parametrize(
    ("caption_lines", "caption", "photographers"),
    [
        # a caption of two lines, no credit, the lead under it saying the same first
        (["城东新区今年新建小学", "三所中学两所。"], "城东新区今年新建小学三所中学两所。", ()),
        # with its photographer's credit
        (["城东新区今年新建小学三所", "中学两所。（王小明摄）"], "城东新区今年新建小学三所中学两所。", ("王小明",)),
    ],
)
def test_caption_run_on_with_the_lead_it_repeats(
    caption_lines: list[str], caption: str, photographers: tuple[str, ...]
) -> None:
    # no blank line, no indent: the caption stands between a title and its lead, which opens
    # with the caption's sentence again
    text = page(["城东新区新建学校五所"], caption_lines, wrap(P1 + P2),
                ["城西志愿服务进社区"], wrap("本报讯 " + P5, lead=True))
    article = parse_page(text, entities=False).articles[0]
    assert [(c.text, c.photographers) for c in article.captions] == [(caption, photographers)]
    assert [block.text for block in article.blocks] == [P1 + P2]


def test_caption_over_its_lead_in_one_paragraph() -> None:
    # the caption's last line full, so the extraction's lines run it on with the lead
    caption = "城东新区今年新建小学三所、中学两所，全部按省级标准建成。"
    lead = caption + "新学校解决了一千多名孩子的入学难题。"
    unit = Unit(UnitKind.TEXT, tuple(read_lines(page([caption[:14], caption[14:]], wrap(lead)))))
    found = _caption_over_its_lead(unit)
    assert found is not None
    rest, found_caption, first = found
    assert found_caption.text == caption and first.text == caption[:14]
    assert "".join(line.text for line in rest.lines) == lead
    # a paragraph that does not say its opening again is left alone
    assert _caption_over_its_lead(Unit(UnitKind.TEXT, tuple(read_lines(page(wrap(P1 + P2)))))) is None


def test_byline_printed_apart_goes_to_the_story_its_text_goes_on() -> None:
    # a byline line and the text under it, no lead (no indent, no dateline), printed under
    # another story: the byline and the text are the titled story's that names no one and
    # whose words the text says
    rest = "城东新区今年新建的小学三所和中学两所，全部按照省级标准建设，解决了孩子们的入学难题。"
    text = page(["城东新区新建学校五所"], wrap(P1 + P2), [""],
                ["城西志愿服务进社区"], ["本报记者 王小明"], wrap("本报讯 " + P5, lead=True), [""],
                ["本报记者 李红"], [""], wrap(rest))
    articles = parse_page(text, entities=False).articles
    assert [(a.headline, a.reporters, len(a.blocks)) for a in articles] == [
        ("城东新区新建学校五所", ["李红"], 2),
        ("城西志愿服务进社区", ["王小明"], 1),
    ]
    assert articles[0].blocks[1].text == rest


def test_caption_box_where_a_column_broke_off_in_mid_sentence() -> None:
    # a column cut in mid-sentence, then, set apart and wider than the column, a caption that
    # says again the story's words: a caption, not the rest of the sentence
    story = "城东新区今年新建小学三所中学两所，解决了一千多名孩子的入学难题，家长们十分满意。"
    text = page(
        ["城东新区新建学校五所"], wrap("本报讯 " + story + P2, lead=True), [""],
        wrap(P4)[:2], [""],
        ["城东新区今年新建小学三所中学两"], ["所。"], [""],
        ["城西志愿服务进社区"], wrap("本报讯 " + P5, lead=True),
    )
    article = parse_page(text, entities=False).articles[0]
    assert [c.text for c in article.captions] == ["城东新区今年新建小学三所中学两所。"]


def test_name_for_a_bare_label_takes_the_column_it_heads_in_the_owners_words() -> None:
    # "本报记者" names no one; the name, set apart under another story, headed a column of
    # the first story: the name and the text under it that says that story's words are its
    rest = "城东新区今年新建的小学三所和中学两所，全部按照省级标准建设，解决了孩子们的入学难题。"
    text = page(["城东新区新建学校五所"], ["本报记者"], wrap(P1 + P2), [""],
                ["城西志愿服务进社区"], ["本报记者 李红"], wrap("本报讯 " + P5, lead=True), [""],
                ["王小明"], [""], wrap(rest))
    schools, volunteers = parse_page(text, entities=False).articles
    assert schools.reporters == ["王小明"] and [b.text for b in schools.blocks][-1] == rest
    assert volunteers.reporters == ["李红"] and [b.text for b in volunteers.blocks] == [P5]


def test_page_header_gives_page_meta_and_no_article() -> None:
    text = page(["1998年1月1日 星期四", "第2版", ""], ["城东新区新建学校五所"], wrap("本报讯 " + P1, lead=True))
    parsed = parse_page(text, entities=False, file="p.txt")
    assert parsed.page.date == datetime.date(1998, 1, 1)
    assert parsed.page.number == 2
    assert parsed.page.file == "p.txt"
    assert [a.headline for a in parsed.articles] == ["城东新区新建学校五所"]


def test_caller_date_used_when_page_prints_none() -> None:
    parsed = parse_page(page(["城东新区新建学校五所"], wrap("本报讯 " + P1, lead=True)),
                        date=datetime.date(2024, 3, 8), entities=False)
    assert parsed.page.date == datetime.date(2024, 3, 8)


def test_source_spans_are_input_lines() -> None:
    text = page([""], ["城东新区新建学校五所"], wrap("本报讯 " + P1, lead=True), [""], ["志愿服务暖人心"],
                wrap("本报讯 " + P5, lead=True))
    first, second = parse_page(text, entities=False).articles
    lines = text.split("\n")
    assert lines[first.source.first_line - 1] == "城东新区新建学校五所"
    assert lines[second.source.first_line - 1] == "志愿服务暖人心"
    assert first.source.last_line < second.source.first_line


def test_classify_units() -> None:
    lines = read_lines(page(["城东新区新建学校五所"], ["记者 王小明"], wrap(P1, lead=True)))
    kinds = [unit.kind for unit in classify(lines)]
    assert kinds == [UnitKind.TITLE, UnitKind.BYLINE, UnitKind.TEXT]


def test_column_width_is_the_common_width() -> None:
    lines = read_lines(page(wrap(P1), wrap(P2), wrap(P3)))
    assert set(column_widths(lines)) == {WIDTH}


@pytest.mark.parametrize(
    ("line", "following", "first", "ends"),
    [
        ("解决了入学难题。", "区教育局负责人说，明年还", False, True),  # short closed line
        ("孩子上学再也不用赶远路了。", "家长们纷纷表示，孩子上学再", False, False),  # full: wraps on
        ("孩子上学再也不用赶远路了。", "家长们纷纷表示，孩子上", False, True),  # next is a first line
        ("区教育局负责人说，明年还将", "新建幼儿园五所，让家门口", False, False),  # open sentence
        ("新学校全部按省级标准。", "家长们纷纷表示，孩子上学再", True, False),  # first line: indent short
        # a writer's signature on a line of its own: under a line that stops short, the text
        # ended there and the signature is a paragraph of its own; under a full line it is
        # the end of that paragraph's text, wrapped
        ("家长们十分满意。", "（王小明）", False, True),
        ("孩子上学再也不用赶远路了。", "（王小明）", False, False),
    ],
)
def test_paragraph_ends(line: str, following: str, first: bool, ends: bool) -> None:
    def source(text: str) -> SourceLine:
        return SourceLine(1, text, False, False, display_width(text))

    assert paragraph_ends(source(line), source(following), 13.0, closes=line.endswith("。"), first=first) is ends


@pytest.mark.parametrize(
    ("line", "indented", "ends"),
    [
        ("春到城东", True, True),  # an indented line far short of the column: a paragraph alone
        ("春到城东", False, False),  # not indented: a wrapped line may stop anywhere (a title's)
        ("新华社北京３月２日电", True, False),  # a dateline runs on into the lead
        ("城东新区今年新建", True, False),  # an indent and a few em short: a first line going on
    ],
)
def test_unclosed_short_indented_line_ends_its_paragraph(line: str, indented: bool, ends: bool) -> None:
    source = SourceLine(1, line, indented, False, display_width(line))
    following = SourceLine(2, "区教育局负责人说，明年还将", False, False, 14.0)
    assert paragraph_ends(source, following, 14.0, closes=False, first=True) is ends


@pytest.mark.parametrize(
    ("line", "following", "ends"),
    [
        # a short line closing no sentence over a paragraph's first line: a subhead in the text
        ("城东新区教育新貌", "区教育局负责人说，明年", True),
        # the same shape broken inside a word ("学校"): the line goes on
        ("家门口的好学", "校越来越多，家长们纷", False),
        # over a full line: a wrapped line (a title's or a caption's box), not decided here
        ("城东新区教育新貌", "区教育局负责人说，明年还将", False),
    ],
)
def test_short_unclosed_line_over_a_first_line_ends_its_paragraph(line: str, following: str, ends: bool) -> None:
    def source(text: str) -> SourceLine:
        return SourceLine(1, text, False, False, display_width(text))

    assert paragraph_ends(source(line), source(following), 13.0, closes=False) is ends


def test_lay_out_of_no_lines() -> None:
    assert lay_out(()).articles == ()


# Headlines of side-by-side stories printed one under the other over the first story's text,
# the second story's text printed further down, run on under a third story.
_PARK_LEAD = "本报讯　西区公园昨日开放，园内有湖有山，市民纷至沓来。"
_PARK_TEXT = "游客称赞西区公园设计精巧，公园景色宜人，公园管理处表示将延长开放时间。"
_MARKET_TEXT = "本报讯　南门菜市场改造完工，摊位整齐，菜价平稳，居民买菜更方便了。"
_SCHOOL_TEXT = [
    "城东新区今年新建小学三所，可容纳学生三千人，新区适龄儿童都能就近入学。",
    "新建小学配有图书馆和体育馆，城东新区明年还将再建中学一所。",
]


@pytest.mark.parametrize(
    ("market_close", "school_head"),
    [
        # the third story closed by its writer's signature
        ("（张平）", "城东新区新建小学三所"),
        # closed by a full stop only; the title with a year and a count (words, not numbers, match)
        ("", "城东新区1998年新建小学3所"),
    ],
)
def test_stacked_title_goes_to_its_text_further_down(market_close: str, school_head: str) -> None:
    lines = [
        "西区公园开放迎客", "", school_head, "本报记者　王明", "",
        *wrap(_PARK_LEAD, lead=True), "", *wrap(_PARK_TEXT), "",
        "南门菜市场改造完工", "", *wrap(_MARKET_TEXT + market_close, lead=True), "",
        *wrap(_SCHOOL_TEXT[0]), "", *wrap(_SCHOOL_TEXT[1]),
    ]
    page = parse_page("\n".join(lines) + "\n", entities=False)
    got = {a.headline: ("".join(b.text for b in a.blocks), list(a.reporters)) for a in page.articles}
    assert set(got) == {"西区公园开放迎客", "南门菜市场改造完工", school_head}
    assert got[school_head][0].startswith("城东新区今年") and got[school_head][1] == ["王明"]
    assert "城东" not in got["南门菜市场改造完工"][0] and got["西区公园开放迎客"][1] == []


@pytest.mark.parametrize(
    ("first_line", "rest", "inside"),
    [
        # a word reads across the byline line ("建设"): the byline was printed inside the text
        ("这一现象是旧的农田水利建", "设与管理制度的问题在外面的反映，长期以来困扰着大家。", True),
        # no word reads across: a title over its byline and text
        ("新区农田水利改革见成效", "长期以来农田水利的发展一直受到诸多因素困扰，问题明显。", False),
    ],
)
def test_byline_printed_inside_a_sentence(first_line: str, rest: str, inside: bool) -> None:
    lines = [
        "山乡小水利纪实", "", *wrap("时值年底，虽然气温低，却风和日丽，记者来到山区大田庄乡看水利。"), "",
        first_line, "", "本报记者　李国", "", *(rest[k : k + WIDTH] for k in range(0, len(rest), WIDTH)),
    ]
    page = parse_page("\n".join(lines) + "\n", entities=False)
    if inside:
        assert [a.headline for a in page.articles] == ["山乡小水利纪实"]
        assert list(page.articles[0].reporters) == ["李国"]
        assert first_line + rest[:4] in "".join(b.text for b in page.articles[0].blocks)
    else:
        assert [a.headline for a in page.articles][-1] == first_line


@pytest.mark.parametrize(
    ("last_title", "blank_under", "subtitle", "opening"),
    [
        # set apart from the headline, run on in the text's block, far short: a paragraph alone
        ("风景这边好", False, None, "风景这边好"),
        # set apart from the text too: a title line of the headline's block
        ("风景这边好", True, "风景这边好", None),
        # a dash subtitle stays one, however the blocks fall
        ("——山乡纪实", False, "——山乡纪实", None),
    ],
)
def test_short_line_in_the_texts_block_under_a_headline(
    last_title: str, blank_under: bool, subtitle: str | None, opening: str | None
) -> None:
    text = "时值年底，虽然气温低，却风和日丽，记者初次来到山区大田庄乡，看到山沟里的拱坝蓄满了水。"
    lines = ["小水利遍山乡费县改革水利纪实", "", last_title, *([""] if blank_under else []), *wrap(text)]
    article = parse_page("\n".join(lines) + "\n", entities=False).articles[0]
    assert article.headline == "小水利遍山乡费县改革水利纪实" and article.subtitle == subtitle
    assert (article.blocks[0].text if opening else None) == opening


@pytest.mark.parametrize(
    ("second_column", "articles"),
    [
        # the story's second column, signed, printed before its first: a title under them
        # heads the next story
        ("各地接入网络的总数已超过一千个。（金城）", 2),
        # a bracket alone on its line heading a list is no signature: the title is a subhead
        ("（甲、乙）", 1),
    ],
)
def test_signature_inside_a_story_ends_it(second_column: str, articles: int) -> None:
    first_column = "随着因特网的飞速发展，联网用户不断增加，全世界上网人数已达一亿，我国的网络也发展迅猛。"
    next_text = "无线寻呼正成为社会最普及的移动通信工具，寻呼台会为用户保存信息以备查询。"
    lines = [
        "因特网发展迅速", "", *wrap(second_column), "", *wrap(first_column), "",
        "寻呼台会泄露隐私吗", "", *wrap(next_text),
    ]
    page = parse_page("\n".join(lines) + "\n", entities=False)
    assert len(page.articles) == articles


@pytest.mark.parametrize(
    ("second_title", "second_text", "apart", "articles"),
    [
        # a column of short items, each title a block of one width: two items
        ("控制基因有利保存", "据报道，研究人员发现了能控制水果表皮扩张的一种基因，可使水果保存更久。", True, 2),
        # a title narrower than the story's: a subhead
        ("基因保鲜", "据报道，研究人员发现了能控制水果表皮扩张的一种基因，可使水果保存更久。", True, 1),
        # the story's title not set apart as a block of its own: a subhead
        ("控制基因有利保存", "据报道，研究人员发现了能控制水果表皮扩张的一种基因，可使水果保存更久。", False, 1),
        # long text under it: a subhead of a feature
        ("控制基因有利保存", "据报道，研究人员发现了能控制水果表皮扩张的一种基因。" * 16, True, 1),
    ],
)
def test_item_titles_of_one_width(second_title: str, second_text: str, apart: bool, articles: int) -> None:
    first_text = "美国科学家最近发现一种天然催熟保鲜剂，它可使水果提前成熟，又可使水果保持较长的新鲜期。"
    lines = [
        *([""] if apart else []), "天然物质催熟保鲜", "", *wrap(first_text), "",
        *wrap("它广泛存在于一些动植物体内，因而具有保鲜作用。"), "", second_title, "", *wrap(second_text),
    ]
    page = parse_page("\n".join(lines) + "\n", entities=False)
    assert len(page.articles) == articles


@pytest.mark.parametrize(
    ("wanted", "have", "share"),
    [
        ({}, {"北京": 1}, 0.0),  # a one-character title (an editor's name cut off the header) has no pair
        ({"北京": 1, "京市": 1}, {"北京": 3}, 0.5),
        ({"北京": 2}, {"北京": 1}, 0.5),
    ],
)
def test_title_word_share_of_a_text(wanted: dict[str, int], have: dict[str, int], share: float) -> None:
    from collections import Counter

    from articles.parsing.layout import _share

    assert _share(Counter(wanted), Counter(have)) == share
