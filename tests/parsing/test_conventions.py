"""The conventions of Chinese pages beyond the seed's, one table each: page headers as pages
print them, headlines in bold type, features whose first line lost its indent, bylines under
the headline, captions among a story's paragraphs, invisible characters. Every sample is
written here in the shape real extractor text has (no string of ../shared)."""

from __future__ import annotations

import datetime

import pytest

from articles.parsing import parse_page
from articles.parsing.bylines import is_bare_byline, parse_byline_line
from articles.parsing.cleaning import unspace_letterspaced
from articles.parsing.header import split_header
from articles.parsing.lines import read_lines
from articles.parsing.model import BlockType

LEAD = "本报讯 今年城东新区新建小学三所，\n可容纳学生三千人。\n"
BODY = (
    "城东新区今年新建小学三所，可\n容纳学生三千人，新聘教师二百\n人，全区适龄儿童都能就近入学，\n"
    "家长们十分满意。新校舍配有图书\n馆、体育馆和食堂，明年还将再建\n中学一所。\n"
)


@pytest.mark.parametrize(
    ("header", "date", "number", "name", "editors"),
    [
        ("01\n1999.03.04 星期四\n编辑 王  芳  校对 陈  静", datetime.date(1999, 3, 4), 1, None, ["王芳", "陈静"]),
        ("第 9 版 \n2001 年 5 月 7 日 星期一", datetime.date(2001, 5, 7), 9, None, []),
        ("03经济新闻\n2001年5月7日 星期一", datetime.date(2001, 5, 7), 3, "经济新闻", []),
        ("南方日报\n第1版\n要闻\nNANFANG RIBAO\n2002年6月1日\n星期六", datetime.date(2002, 6, 1), 1, "要闻", []),
        ("责任编辑：刘\n文艺\n南方日报 ２００２年６月１日 星期六\n洋\n第１１版", datetime.date(2002, 6, 1), 11,
         "文艺", ["刘洋"]),
        ("第３版\n综合新闻\n南方日报 2002年6月1日 星期六\n责任编辑：赵小明", datetime.date(2002, 6, 1), 3, "综合新闻",
         ["赵小明"]),
    ],
)
def test_page_headers_as_pages_print_them(header, date, number, name, editors) -> None:
    split = split_header(read_lines(header + "\n城东新区新建学校五所\n" + LEAD))
    meta = split.meta
    assert (meta.date, meta.number, meta.name) == (date, number, name)
    assert [credit.name for credit in meta.credits] == editors
    assert split.body[0].text == "城东新区新建学校五所"


def test_a_header_the_extractor_put_at_the_bottom_of_the_page() -> None:
    text = "城东新区新建学校五所\n" + LEAD + "南方日报\n2002年6月1日 星期六\nNANFANG RIBAO\n第2版\n要闻\n"
    split = split_header(read_lines(text))
    assert (split.meta.date, split.meta.number, split.meta.name) == (datetime.date(2002, 6, 1), 2, "要闻")
    assert [line.text for line in split.body][-1] == "可容纳学生三千人。"


@pytest.mark.parametrize(
    "text",
    [
        "尔１９２９年１１月２日出生\n",  # running text wrapped round a date
        "九版是热门话题，第十版是财税\n",  # a sentence about pages
        "编辑：人民日报网络版使像\n",  # a colon after 编辑 naming no one
        "１９９７年１２月２９日\n",  # a date alone, with no header line beside it
    ],
)
def test_body_lines_that_only_look_like_header_lines(text: str) -> None:
    lines = read_lines("城东新区新建学校五所\n本报讯 今年新建小学三所，\n" + text + "可容纳学生三千人。\n")
    split = split_header(lines)
    assert len(split.body) == len(lines)
    assert split.meta.date is None and split.meta.number is None


def test_a_headline_in_bold_type_is_a_headline_not_a_caption() -> None:
    page = parse_page("城城东东新新区区新新建建学学校校五五所所\n" + LEAD, entities=False)
    assert [a.headline for a in page.articles] == ["城东新区新建学校五所"]
    assert not page.articles[0].captions


def test_a_brief_with_no_dateline_starts_at_its_headline() -> None:
    first = "城东新区新建学校五所\n" + LEAD
    page = parse_page(first + "\n西区公园开放\n" + BODY, entities=False)
    assert [a.headline for a in page.articles] == ["城东新区新建学校五所", "西区公园开放"]
    assert page.articles[1].blocks[0].text.startswith("城东新区今年新建小学三所")


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("本报记者 陈鹏", ["陈鹏"]),
        ("本报记者李 明", ["李明"]),
        ("□本报记者 张华", ["张华"]),
        ("新华社记者 王建", ["王建"]),
        ("本报特约记者 李四", ["李四"]),
        ("本报记者　薛　飞", ["薛飞"]),
        ("本报记者 王锦鹄、毛　磊", ["王锦鹄", "毛磊"]),
    ],
)
def test_byline_lines_under_a_headline(line: str, names: list[str]) -> None:
    assert [credit.name for credit in parse_byline_line(line) or ()] == names
    page = parse_page("城东新区新建学校五所\n" + line + "\n" + BODY, entities=False)
    assert page.articles[0].headline == "城东新区新建学校五所"
    assert page.articles[0].reporters == names


@pytest.mark.parametrize(
    ("line", "bare"),
    [("本报记者", True), ("本报驻阿联酋记者", True), ("□新华社记者", True), ("记者", False), ("本报记者站", False),
     ("潘文凯在接受越通社记者", False)],
)
def test_a_byline_line_whose_names_stand_elsewhere(line: str, bare: bool) -> None:
    assert is_bare_byline(line) is bare


def test_a_bare_byline_line_opens_the_article_under_its_headline() -> None:
    page = parse_page("城东新区新建学校五所\n" + LEAD + "西区公园开放\n本报记者\n" + BODY, entities=False)
    assert [a.headline for a in page.articles] == ["城东新区新建学校五所", "西区公园开放"]


@pytest.mark.parametrize(
    ("caption_lines", "text", "photographers"),
    [
        ("图为新建的城东小学。\n记者 王小明 摄\n", "图为新建的城东小学。", ("王小明",)),
        ("图为新建的城东小学。\n", "图为新建的城东小学。", ()),
        ("城东小学的新校舍今日落成，师\n生入住。（记者王明摄）\n", "城东小学的新校舍今日落成，师生入住。", ("王明",)),
    ],
)
def test_a_caption_among_a_storys_paragraphs(caption_lines: str, text: str, photographers) -> None:
    page = parse_page("城东新区新建学校五所\n" + LEAD + caption_lines + BODY, entities=False)
    (article,) = page.articles
    assert [(c.text, c.photographers) for c in article.captions] == [(text, photographers)]
    assert article.photographers == []
    assert all(text not in block.text for block in article.blocks)


@pytest.mark.parametrize("mark", ["\x00", "\u202e", "\u200f", "\ufeff", "\x1b"])
def test_invisible_characters_are_artefacts(mark: str) -> None:
    clean = parse_page("城东新区新建学校五所\n" + LEAD, entities=False)
    marked = parse_page(mark + "城东新区新建" + mark + "学校五所\n" + LEAD.replace("三所", "三" + mark + "所"),
                        entities=False)
    assert marked.to_dict() == clean.to_dict()


@pytest.mark.parametrize(
    ("line", "closed_up"),
    [
        ("新 华 社 耶 路 撒 冷 １", "新华社耶路撒冷１"),
        ("月 ４ 日 电 （ 记 者   戚 德", "月４日电（记者 戚德"),  # the widened real space stays one
        ("本报讯 （记者 姬慧洋 通讯员", "本报讯 （记者 姬慧洋 通讯员"),  # spaces between words
        ("编辑 王  芳  校对 陈  静", "编辑 王  芳  校对 陈  静"),  # names padded, not letter-spaced
        ("New York Times", "New York Times"),
    ],
)
def test_letter_spaced_lines_are_closed_up(line: str, closed_up: str) -> None:
    assert unspace_letterspaced(line) == closed_up


def test_a_letter_spaced_dateline_is_a_dateline() -> None:
    lead = "新 华 社 北 京 １\n月 ４ 日 电 （ 记 者   王 明\n）"
    page = parse_page("城东新区新建学校五所\n" + lead + BODY, entities=False)
    (article,) = page.articles
    assert (article.dateline, article.reporters) == ("新华社北京１月４日电", ["王明"])


def test_a_headline_given_twice_by_the_extractor_is_one_headline() -> None:
    page = parse_page("城东新区新建学校五所\n城东新区新建学校五所\n" + LEAD + BODY, entities=False)
    assert [(a.headline, a.subtitle) for a in page.articles] == [("城东新区新建学校五所", None)]


def test_a_bare_folio_opening_the_page_is_its_number() -> None:
    split = split_header(read_lines("08\n\n体育\n\n城东新区新建学校五所\n" + LEAD))
    assert (split.meta.number, split.meta.name) == (8, "体育")
    assert split.body[0].text == "城东新区新建学校五所"


@pytest.mark.parametrize(
    ("titles", "kicker", "headline", "subtitle"),
    [
        ("市委常委会强调\n把民生实事办好办实\n", "市委常委会强调", "把民生实事办好办实", None),
        ("省长在调研时指出\n乡村振兴要靠产业\n", "省长在调研时指出", "乡村振兴要靠产业", None),
        ("人民没有忘记\n——访三位英模的亲人\n", None, "人民没有忘记", "——访三位英模的亲人"),
    ],
)
def test_headline_tiers(titles: str, kicker, headline, subtitle) -> None:
    page = parse_page(titles + LEAD + BODY, entities=False)
    assert [(a.kicker, a.headline, a.subtitle) for a in page.articles] == [(kicker, headline, subtitle)]


def test_a_caption_under_a_full_line_and_above_its_credit_line() -> None:
    full = "城东新区今年新建小学三所，可\n容纳学生三千人，新聘教师二百\n人，全区适龄儿童就近入学。\n"
    caption = "图为城东小学的学生在上体育\n课。\n记者 王小明 摄\n"
    page = parse_page("城东新区新建学校五所\n" + LEAD + full + caption + BODY, entities=False)
    (article,) = page.articles
    assert [(c.text, c.photographers) for c in article.captions] == [("图为城东小学的学生在上体育课。", ("王小明",))]
    assert article.photographers == []


def test_a_short_paragraph_that_repeats_the_story_is_its_caption() -> None:
    caption = "城东新区今年新建小学三所，可\n容纳学生三千人。\n"
    page = parse_page("城东新区新建学校五所\n" + LEAD + caption + BODY, entities=False)
    (article,) = page.articles
    assert [c.text for c in article.captions] == ["城东新区今年新建小学三所，可容纳学生三千人。"]


def test_a_byline_name_the_extraction_moved_below_its_label() -> None:
    text = "城东新区新建学校五所\n本报驻东区记者\n" + BODY + "\n林皎明\n\n" + BODY
    (article,) = parse_page(text, entities=False).articles
    assert article.reporters == ["林皎明"]
    assert all("林皎明" not in block.text for block in article.blocks)


@pytest.mark.parametrize(
    ("line", "names"),
    [("张如亮摄", ["张如亮"]), ("王丰 摄", ["王丰"]), ("开始拍摄", []), ("我们拍摄", [])],
)
def test_a_photo_credit_glued_to_its_name(line: str, names: list[str]) -> None:
    assert [credit.name for credit in parse_byline_line(line) or ()] == names


def test_a_caption_whose_first_line_looks_like_a_title() -> None:
    caption = "新校舍配有图书馆\n体育馆和食堂。\n"
    story = BODY.replace("图书\n馆、体育馆", "图书\n馆体育馆")
    (article,) = parse_page("城东新区新建学校五所\n" + LEAD + caption + story, entities=False).articles
    assert [c.text for c in article.captions] == ["新校舍配有图书馆体育馆和食堂。"]


def test_a_note_signed_off_ends_before_the_next_headline() -> None:
    note = "致读者\n\ufffd\ufffd" + BODY + "——编者\n\n"
    page = parse_page(note + "城东新区新建学校五所\n\ufffd\ufffd" + LEAD, entities=False)
    assert [a.headline for a in page.articles] == ["致读者", "城东新区新建学校五所"]
    assert page.articles[0].blocks[-1].text.endswith("——编者")


def test_a_photo_story_set_after_a_story_with_its_credit_line() -> None:
    photo = (
        "西区公园的梅花开了，市民纷\n纷前往观赏，园内游人如织，一\n派春意盎然的景象。公园管理处\n"
        "说，今年的花期比往年早了十多\n天，预计下周进入盛花期，届时\n将举办梅花节。\n记者 王小明 摄\n"
    )
    page = parse_page("城东新区新建学校五所\n" + LEAD + BODY + photo, entities=False)
    story, picture = page.articles
    assert story.photographers == [] and picture.kind == "photo"
    assert picture.photographers == ["王小明"]
    assert picture.blocks[0].text.startswith("西区公园的梅花开了")


@pytest.mark.parametrize(
    ("closing", "second_article"),
    [("（金城）", True), ("（据新华社电）", True), ("（本报阿布扎比1月1日电）", True), ("（共100人）", False)],
)
def test_a_closing_credit_and_a_blank_line_end_an_article(closing: str, second_article: bool) -> None:
    text = "城东新区新建学校五所\n" + LEAD + BODY + closing + "\n\n西区公园开放新馆迎接四方游客们\n" + BODY
    headlines = [a.headline for a in parse_page(text, entities=False).articles]
    second = ["西区公园开放新馆迎接四方游客们"] if second_article else []
    assert headlines == ["城东新区新建学校五所", *second]


# A title set apart by blank lines above plain text (no indent, no dateline: the extractor
# lost both) opens an article, not a subhead, when the text above it cannot go on under it.
PLAIN = BODY.replace("城东新区今年新建小学三所", "西区今年新建小学三所")
# The lead of a feature: a byline under the title and no dateline.
FEATURE_LEAD = "本报记者 王小明\n城东新区今年新建小学三所，可容纳\n学生三千人。\n"


@pytest.mark.parametrize(
    ("above", "title", "headlines"),
    [
        # the page opens with a story run on from another page: no article to hold a subhead
        ("\n" + BODY + "\n", "西区公园开放", [None, "西区公园开放"]),
        # the story above ends with its writer's signature at the end of its last line
        ("城东新区新建学校五所\n" + LEAD + BODY.replace("中学一所。", "中学一所。（金城）") + "\n",
         "西区公园开放", ["城东新区新建学校五所", "西区公园开放"]),
        # the signature cut over two lines by the column
        ("城东新区新建学校五所\n" + LEAD + BODY + "（本报北京1月4日\n电）\n",
         "西区公园开放", ["城东新区新建学校五所", "西区公园开放"]),
        # a photo credit ending a caption's line does not close the story (a feature: a report
        # filed under a dateline has no subheads)
        ("城东新区新建学校五所\n" + FEATURE_LEAD + BODY.replace("中学一所。", "中学一所。（王五摄）") + "\n",
         "西区公园开放", ["城东新区新建学校五所"]),
        # a title wider than the column of text under it heads an article (a subhead stands in
        # its column)
        ("城东新区新建学校五所\n" + LEAD + BODY + "\n", "西区公园开放新馆迎接四方来的游客朋友", ["城东新区新建学校五所",
                                                                  "西区公园开放新馆迎接四方来的游客朋友"]),
        # a title as narrow as a subhead, under a feature that has not ended, is its subhead
        ("城东新区新建学校五所\n" + FEATURE_LEAD + BODY + "\n", "西区公园开放", ["城东新区新建学校五所"]),
    ],
)
def test_a_title_above_plain_text_after_a_blank_line(above: str, title: str, headlines: list[str | None]) -> None:
    page = parse_page(above + title + "\n\n" + PLAIN, entities=False)
    assert [a.headline for a in page.articles] == headlines


def test_side_by_side_headlines_the_extractor_printed_together() -> None:
    # Two headlines set apart by white space above the first story; the second story opens
    # with its dateline further down with no title: its headline names its subject.
    first = "本报讯 城东新区今年新建小学三所，\n可容纳学生三千人。\n"
    second = "本报讯 西区公园今天开放梅花馆，\n市民纷纷前往公园观赏梅花。\n"
    text = "城东新区新建学校五所\n\n西区公园开放梅花馆\n\n" + first + BODY + "\n" + second
    page = parse_page(text, entities=False)
    assert [a.headline for a in page.articles] == ["城东新区新建学校五所", "西区公园开放梅花馆"]
    assert page.articles[1].blocks[0].text.startswith("西区公园今天开放梅花馆")


def test_a_dateline_quoted_at_a_paragraphs_start_with_no_title_for_it_stays_in_the_story() -> None:
    text = "城东新区新建学校五所\n\n西区公园开放梅花馆\n\n" + LEAD + BODY + "\n" + LEAD
    page = parse_page(text, entities=False)
    assert len(page.articles) == 1


def test_a_photo_credit_the_line_break_cut_after_its_role() -> None:
    caption = "新校舍明年春天将落成，可以供\n三千名学生使用。\u3000记者\n王小明摄\n"
    page = parse_page("城东新区新建学校五所\n" + LEAD + BODY + caption + PLAIN, entities=False)
    (article,) = page.articles
    captions = [(c.text, list(c.photographers)) for c in article.captions]
    assert captions == [("新校舍明年春天将落成，可以供三千名学生使用。", ["王小明"])]
    assert "记者" not in "".join(block.text for block in article.blocks)


def test_grouped_headlines_under_a_paragraph_the_column_cut_open() -> None:
    # The story above stops mid-sentence at its column's foot ("…还将"); the headlines of two
    # side-by-side articles follow, each set apart, then the first one's lead.
    first = "本报讯 城东新区今年新建小学三所，\n可容纳学生三千人。\n"
    second = "本报讯 西区公园今天开放梅花馆，\n市民纷纷前往公园观赏梅花。\n"
    cut = BODY.replace("明年还将再建\n中学一所。\n", "明年还将\n")
    text = "北区修路\n" + LEAD + cut + "\n城东新区新建学校五所\n\n西区公园开放梅花馆\n\n" + first + BODY + "\n" + second
    page = parse_page(text, entities=False)
    assert [a.headline for a in page.articles] == ["北区修路", "城东新区新建学校五所", "西区公园开放梅花馆"]


def test_a_byline_name_the_extractor_printed_a_column_away() -> None:
    # "本报记者" under the headline names no one; the name heads a block further down the
    # page, whose text goes on with the story (from mid-sentence).
    story = "城东新区新建学校五所\n本报记者\n" + BODY.replace("明年还将再建\n中学一所。\n", "明年还将\n")
    other = "西区公园开放\n" + LEAD.replace("城东新区", "西区") + "\n"
    page = parse_page(story + "\n" + other + "\n王小明\n再建中学一所。\n", entities=False)
    first = page.articles[0]
    assert first.reporters == ["王小明"]
    assert first.blocks[-1].text.endswith("再建中学一所。")
    assert [a.headline for a in page.articles] == ["城东新区新建学校五所", "西区公园开放"]


def test_a_short_title_over_a_new_column_with_no_lead() -> None:
    # A brief with no dateline in a narrower column than the story above: its title is a little
    # narrower than the brief's first line, which stops an indent short of the lines under it.
    above = (
        "北区修路\n本报讯 北区今年修建道路三十条，总长一百公\n里，全部为双向四车道，可以\n"
        "满足重载车辆快速通行的要求，车辆通过北区\n的时间可由原来的一小时缩短到二十分钟。\n"
        "工程共更换北区南北干道路面五公里，新铺\n了全部路段的沥青路面和人行步道。\n"
    )
    brief = (
        "西区建大型公园一座\n西区最大的公园工程日\n前开工。公园占地二百余亩，\n园内有湖有山，游人可以泛\n"
        "舟也可登高，尽享自然风光，\n公园由市政府投资兴建，计\n划明年五月建成开放，届时\n将成为全市最大的公园，每\n"
        "天可以接待游客五万人次，\n市民听说以后十分高兴，都\n盼望公园早日建成开放。\n"
    )
    page = parse_page(above + "\n" + brief, entities=False)
    assert [a.headline for a in page.articles] == ["北区修路", "西区建大型公园一座"]


def test_a_headline_opening_the_page_over_a_bare_byline_label() -> None:
    # The page's first story: its title, then "本报记者" whose name the extractor put elsewhere,
    # then plain text (no indent, no dateline).
    text = (
        "西区公园建设上新水平\n本报记者\n西区迎来了第十个公\n园建设丰收年。今年一至十\n月，西区全区新建公园五座\n"
        "，预计全年可以突破八座；\n公园面积已达二百多亩。在\n市民的热情支持下，赢得了\n新收获。\n"
    )
    page = parse_page(text, entities=False)
    assert [a.headline for a in page.articles] == ["西区公园建设上新水平"]


@pytest.mark.parametrize(
    ("closing", "second_article"),
    [("（本报北京1月1\n日电）", True), ("（新华社发美联\n社照片）", False), ("（本报记者王\n五摄）", False)],
)
def test_a_title_right_under_a_signature_the_column_cut(closing: str, second_article: bool) -> None:
    # No blank line: the title is told by its width and the signature closing the story above
    # (a picture's credit closes a caption, which may stand inside a story).
    text = "城东新区新建学校五所\n" + LEAD + BODY + closing + "\n西区公园开放新馆迎接游客们\n" + PLAIN
    headlines = [a.headline for a in parse_page(text, entities=False).articles]
    assert headlines == ["城东新区新建学校五所", *(["西区公园开放新馆迎接游客们"] if second_article else [])]


def test_a_dash_subtitle_wider_than_its_headline_each_set_apart() -> None:
    # pdfminer sets every text box apart by a blank line: the headline above a wider "——"
    # subtitle is not a loose line of the story before.
    titles = "\n西区查米店\n\n——查了三户都不合格，旧米充新米，缺斤又短两\n\n"
    text = "城东新区新建学校五所\n" + LEAD + BODY + titles + LEAD.replace("城东新区", "西区")
    page = parse_page(text, entities=False)
    second = page.articles[1]
    assert (second.headline, second.subtitle) == ("西区查米店", "——查了三户都不合格，旧米充新米，缺斤又短两")
    assert "西区查米店" not in page.articles[0].body_text


@pytest.mark.parametrize(
    ("last_block", "captions"),
    [
        ("图为新建的城东小学\n教学楼。\n", ["图为新建的城东小学教学楼。"]),  # opens "图为"
        ("城东新区今年新建小学三所，可\n容纳学生三千人。\n", ["城东新区今年新建小学三所，可容纳学生三千人。"]),
        # a numbered list of pictures closing a story is its text
        ("１、图为新建的城东小学教学楼。\n", []),
        # text that neither opens "图为" nor repeats the story is its last paragraph
        ("全区师生都十分满意。\n", []),
    ],
)
def test_a_caption_set_apart_under_a_storys_last_paragraph(last_block: str, captions: list[str]) -> None:
    # Extractor text puts a picture's caption after the story's text, set apart by white space.
    page = parse_page("城东新区新建学校五所\n" + LEAD + BODY + "\n" + last_block, entities=False)
    (article,) = page.articles
    assert [c.text for c in article.captions] == captions


# pdfminer's shape: every text box set apart by a blank line, no indents; a paragraph's first
# line stops an indent (2 em) short of its column.
BOXED = (
    "城东新区新建小学三\n所，可以容纳学生三千人，\n新聘教师二百人，全区适\n龄儿童都能就近入学。\n\n"
    "家长们十分满意。新\n校舍配有图书馆、体育馆\n和食堂，明年还将再建中\n学一所。\n"
)
STORY = (
    "莫斯科人养虎\n\n本报驻俄罗斯记者　王小明\n\n"
    "莫斯科市民近来流行\n养虎，一只幼虎的价格高\n达两万卢布，莫斯科市民\n仍然争相购买。\n"
)


def test_a_line_alone_between_blank_lines_over_a_first_line_is_a_title() -> None:
    # over the page's first paragraph it is the headline; between paragraphs, a subhead
    text = "城东新建学校\n\n" + BOXED + "\n新校舍今年落成\n\n" + BOXED.replace("城东", "西城")
    (article,) = parse_page(text, entities=False).articles
    assert article.headline == "城东新建学校"
    assert [b.text for b in article.blocks if b.type == BlockType.SUBHEAD] == ["新校舍今年落成"]


def test_a_wrapped_line_a_blank_line_cut_off_is_no_title() -> None:
    # the blank line is a column break inside a paragraph: the line under it fills the column
    cut = "城东新区新建小学三\n所，可以容纳学生三千人，\n\n新聘教师二百人，全区适\n\n龄儿童都能就近入学。\n"
    page = parse_page("城东新建学校\n\n" + cut, entities=False)
    (article,) = page.articles
    assert "人，新聘教师二百人，全区" in article.blocks[0].text


def test_headlines_printed_together_go_to_a_story_opened_by_its_byline() -> None:
    # Two headlines each set apart above the first story's text; the second story opens further
    # down with its byline line and no title: its headline is the one naming its subject.
    text = "城东新建学校\n\n莫斯科人养虎\n\n" + BOXED + "\n" + STORY.split("\n\n", 1)[1]
    page = parse_page(text, entities=False)
    assert [(a.headline, a.reporters) for a in page.articles] == [
        ("城东新建学校", []), ("莫斯科人养虎", ["王小明"])
    ]


def test_a_caption_between_a_title_and_its_lead_goes_to_the_story_it_repeats() -> None:
    # The caption of the first story's picture printed under the second story's title: it
    # says again what the first story says; the dateline under it opens the second story.
    first = "城东新建学校\n本报讯 城东新区今年新建小学三所，\n可容纳学生三千人。\n" + BODY
    second = (
        "\n西区公园开放\n城东新区今年新建小学三所，可\n容纳学生三千人。\n\n"
        "本报讯 西区公园今天开放梅花馆，\n市民纷纷前往公园观赏梅花。\n"
    )
    page = parse_page(first + second, entities=False)
    assert [(a.headline, a.dateline) for a in page.articles] == [("城东新建学校", "本报讯"), ("西区公园开放", "本报讯")]
    assert [c.text for c in page.articles[0].captions] == ["城东新区今年新建小学三所，可容纳学生三千人。"]
    assert page.articles[1].blocks[0].text.startswith("西区公园今天开放梅花馆")


# PyMuPDF's shape: no blank lines at all; a caption runs on from the paragraph above it.
@pytest.mark.parametrize(
    ("caption_lines", "after", "caption"),
    [
        # the story's last paragraph, "图为…", no blank line above it
        ("图为新建的城东小学教学楼。\n", "", ("图为新建的城东小学教学楼。", ())),
        # the last paragraph, closed by a photo credit, saying again what the story says
        ("城东新区今年新建小学三所，可\n容纳学生三千人。（记者王小明\n摄）\n", "",
         ("城东新区今年新建小学三所，可容纳学生三千人。", ("王小明",))),
        # its first line short, its credit after the sentence on the next line: no title
        ("城东新区今年新建\n小学三所。（王小明摄）\n", PLAIN, ("城东新区今年新建小学三所。", ("王小明",))),
    ],
)
def test_a_caption_with_no_white_space_around_it(caption_lines: str, after: str, caption) -> None:
    page = parse_page("城东新区新建学校五所\n" + LEAD + BODY + caption_lines + after, entities=False)
    (article,) = page.articles
    assert [(c.text, c.photographers) for c in article.captions] == [caption]
    assert all(caption[0] not in block.text for block in article.blocks)


def test_a_caption_run_on_from_the_paragraph_above_it() -> None:
    # the paragraph's last line is full and closes a sentence; the caption under it (the
    # story's words again, then its credit) reads on with no short line between them
    last = "中学一所，全区师生都十分满意。\n"
    glued = BODY.replace("中学一所。\n", last) + "城东新区今年新建小学三所。（记\n者王小明摄）\n"
    page = parse_page("城东新区新建学校五所\n" + LEAD + glued + PLAIN, entities=False)
    (article,) = page.articles
    assert [(c.text, c.photographers) for c in article.captions] == [("城东新区今年新建小学三所。", ("王小明",))]
    assert article.blocks[1].text.endswith("全区师生都十分满意。")


def test_a_box_set_apart_and_wider_than_the_column_is_no_more_of_the_paragraph_above() -> None:
    # the lead's last line fills the column and closes its sentence; under a blank line, a box
    # set wider than the column says it again: the picture's caption, not more of the lead
    lead = "本报讯 城东新区今年新建小学三所，可\n容纳学生三千人，家长们十分满意。\n"
    box = "\n城东新区今年新建小学三所，可容纳学\n生三千人，家长们十分满意。\n\n"
    page = parse_page("城东新区新建学校五所\n" + lead + box + BODY, entities=False)
    (article,) = page.articles
    assert [c.text for c in article.captions] == ["城东新区今年新建小学三所，可容纳学生三千人，家长们十分满意。"]


def test_a_caption_closing_a_story_may_repeat_the_next_storys_words() -> None:
    # the picture of the second story, its caption printed at the foot of the first story
    caption = "\n西区公园今天开放梅花馆。（王小明摄）\n\n"
    second = "西区公园开放梅花馆\n本报讯 西区公园今天开放梅花馆，\n市民纷纷前往公园观赏梅花。\n"
    page = parse_page("城东新区新建学校五所\n" + LEAD + BODY + caption + second, entities=False)
    assert [a.headline for a in page.articles] == ["城东新区新建学校五所", "西区公园开放梅花馆"]
    assert [(c.text, c.photographers) for c in page.articles[1].captions] == [("西区公园今天开放梅花馆。", ("王小明",))]


def test_a_photo_story_printed_between_a_headline_and_its_story() -> None:
    # pdftotext: the headline, then a photo story's text and its photographer, then (set
    # apart) the headline's own lead
    photo = (
        "城东新区今天开放梅花馆，市\n民纷纷前往公园观赏梅花，馆\n内展出梅花品种二百多个，游\n"
        "人络绎不绝，公园还请来园艺\n师为游客讲解梅花知识。\n记者 王小明 摄\n\n"
    )
    second = "本报讯 西区公园今天开放，\n市民纷纷前往公园游览。\n"
    page = parse_page("城东新区新建学校五所\n" + LEAD + BODY + "\n西区公园开放\n\n" + photo + second, entities=False)
    assert [(a.kind.value, a.headline, a.photographers) for a in page.articles] == [
        ("story", "城东新区新建学校五所", []), ("photo", None, ["王小明"]), ("story", "西区公园开放", [])
    ]
    assert page.articles[2].dateline == "本报讯"


@pytest.mark.parametrize(
    ("lead", "articles"),
    [
        # a report filed under a dateline has no subheads: the title heads the next brief
        (LEAD, ["城东新区新建学校五所", "西区公园开放"]),
        # a feature (no dateline) may have them
        (FEATURE_LEAD, ["城东新区新建学校五所"]),
    ],
)
def test_a_title_under_a_filed_report_heads_the_next_article(lead: str, articles: list[str]) -> None:
    text = "城东新区新建学校五所\n" + lead + BODY + "\n西区公园开放\n\n" + PLAIN
    assert [a.headline for a in parse_page(text, entities=False).articles] == articles


def test_a_byline_name_left_between_a_signed_story_and_the_next_title() -> None:
    # "本报记者" names no one; the extraction left the name between the story's closing
    # signature and the next title, each set apart: the name is the byline's, the title heads
    # the next article
    story = "城东新区新建学校五所\n本报记者\n" + FEATURE_LEAD.split("\n", 1)[1] + BODY + "（本报北京1月4日电）\n"
    text = story + "\n王小明\n\n西区公园开放\n\n" + PLAIN
    page = parse_page(text, entities=False)
    assert [(a.headline, a.reporters) for a in page.articles] == [
        ("城东新区新建学校五所", ["王小明"]), ("西区公园开放", [])
    ]


def test_stacked_titles_and_bylines_share_out_the_texts_under_them() -> None:
    # pdfminer: two stories' titles and bylines printed one under the other, then their texts
    # one after the other; each headline names the subject of the lead it goes with
    heads = "城东新建学校\n\n本报记者 王小明\n\n西区公园开放\n\n本报记者 李大海\n\n"
    school = "城东新区今年新建小学三\n所，可以容纳学生三千人，\n家长们十分满意。\n\n"
    park = "西区公园今天正式对市民\n开放，游人络绎不绝。\n"
    page = parse_page(heads + school + park, entities=False)
    assert [(a.headline, a.reporters, a.blocks[0].text[:4]) for a in page.articles] == [
        ("城东新建学校", ["王小明"], "城东新区"), ("西区公园开放", ["李大海"], "西区公园")
    ]


def test_a_title_printed_away_from_its_story_goes_to_the_dateline_story_it_names() -> None:
    # the title of the second story stands alone over more of the first story's text; the
    # second story opens further down with its dateline under no title
    first = "城东新区新建学校五所\n" + LEAD + BODY
    rest_of_first = "\n西区公园开放梅花馆\n\n区里还将为新学校配齐音乐\n老师和美术老师，全区师生都\n十分满意。\n\n"
    second = "本报讯 西区公园今天开放梅花馆，\n市民纷纷前往公园观赏梅花。\n"
    page = parse_page(first + rest_of_first + second, entities=False)
    assert [a.headline for a in page.articles] == ["城东新区新建学校五所", "西区公园开放梅花馆"]
    assert page.articles[1].blocks[0].text.startswith("西区公园今天开放梅花馆")
    assert "全区师生都十分满意" in page.articles[0].body_text


def test_a_speech_kicker_and_its_main_title_printed_apart_both_go_to_their_story() -> None:
    # "…强调" says who speaks; the extractor printed it above one story and the main title
    # above another, each set apart; the story they head opens with its dateline under none
    first = "城东新区新建学校五所\n" + LEAD + BODY
    second = "西区公园开放梅花馆\n本报讯 西区公园今天开放，市民\n纷纷前往公园游览。\n"
    third = "本报讯 市长在全市节水大会上强\n调，全市要大力推行节约用水。\n"
    text = "市长强调\n\n" + first + "\n推行节约用水\n\n" + second + "\n" + third
    page = parse_page(text, entities=False)
    heads = {(a.kicker, a.headline) for a in page.articles}
    assert ("市长强调", "推行节约用水") in heads


@pytest.mark.parametrize(
    ("paragraph", "photo_story"),
    [
        # names nothing of the page: the text of a photo story set after the story
        ("北京动物园的大熊猫今天迎来十\n岁生日，游客排队前来祝贺。\n", True),
        # says what the story says: the caption of its picture
        ("城东新区新建的小学已投入使\n用，可容纳学生三千人。\n", False),
    ],
)
@pytest.mark.parametrize("gap", ["\n", ""], ids=["set-apart", "run-on"])
def test_a_credited_paragraph_set_apart_under_a_story(paragraph: str, photo_story: bool, gap: str) -> None:
    # run-on: an extractor with no blank lines (PyMuPDF) prints it straight under the story's
    # last paragraph; what it says, not the white space, tells photo story from caption.
    text = "城东新区新建学校五所\n" + LEAD + BODY + gap + paragraph + "记者 王小明 摄\n"
    page = parse_page(text, entities=False)
    assert [a.kind.value for a in page.articles] == (["story", "photo"] if photo_story else ["story"])
    assert bool(page.articles[0].captions) != photo_story
    assert page.articles[0].body_text.endswith("中学一所。")


def test_a_dash_subtitle_right_under_its_title_may_hold_commas() -> None:
    text = "人民没有忘记\n——访张三、李四、王五的亲人\n\n" + FEATURE_LEAD.split("\n", 1)[1] + BODY
    (article,) = parse_page(text, entities=False).articles
    assert (article.headline, article.subtitle) == ("人民没有忘记", "——访张三、李四、王五的亲人")


def test_a_byline_printed_in_the_middle_of_a_feature_is_that_features() -> None:
    # pdfminer: the feature's byline box printed between two of its paragraphs; no headline
    # anywhere names a story it would open
    more = "区里还将为新学校配齐\n音乐老师和美术老师，学\n生们都十分高兴。\n"
    text = "城东新建学校\n\n" + BOXED + "\n本报记者　王小明\n\n" + more
    page = parse_page(text, entities=False)
    assert [(a.headline, a.reporters) for a in page.articles] == [("城东新建学校", ["王小明"])]
    assert page.articles[0].blocks[-1].text.startswith("区里还将")


@pytest.mark.parametrize(
    "tail",
    [
        "出。（宗素华）\n",  # the rest of the sentence, then the story's closing credit
        "出。\n",
    ],
)
def test_a_paragraph_cut_by_a_blank_line_before_its_last_word_is_no_title(tail: str) -> None:
    # pdfminer prints a blank line inside a paragraph: the line above the cut stops short of the
    # column and closes nothing, and the next headline stands under the rest of its sentence.
    text = (
        "城东新区新建学校五所\n" + LEAD + BODY + "\n"
        + "区委和有关部门领导观看了演\n\n" + tail + "\n"
        + "城西新区植树十万株\n\n本报讯 今年城西新区植树十万株，\n绿化面积再扩大。\n"
    )
    page = parse_page(text, entities=False)
    assert [a.headline for a in page.articles] == ["城东新区新建学校五所", "城西新区植树十万株"]
    assert page.articles[0].body_text.endswith("观看了演" + tail.strip())
