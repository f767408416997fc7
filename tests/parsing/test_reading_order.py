"""Reading order (`articles.parsing.reading_order`): blocks a text extractor printed out of order.

The pages are made up here and set as pdftotext prints a PDF page: a column of 12 em, a
paragraph's first line an indent (2 em) short, no indent marks, a blank line between the
blocks the extractor found — and some blocks printed away from the block they go on from."""

from __future__ import annotations

import pytest

from articles.parsing import parse_page, reading_order
from articles.parsing.lines import read_lines
from articles.parsing.reading_order import restore_order

WIDTH = 12


def wrap(text: str, *, first_line: bool = True) -> list[str]:
    """Text wrapped at the column; `first_line`: it opens a paragraph (an indent short)."""
    lines, rest, first = [], text, first_line
    while rest:
        take = WIDTH - 2 if first else WIDTH
        lines.append(rest[:take])
        rest, first = rest[take:], False
    return lines


def cut(text: str, at: int) -> tuple[list[str], list[str]]:
    """A paragraph cut after `at` of its lines: the two blocks an extractor may print apart."""
    lines = wrap(text)
    return lines[:at], lines[at:]


def page(*blocks: list[str]) -> str:
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def order(text: str) -> list[int]:
    return [line.number for line in restore_order(read_lines(text))]


SCHOOL_TITLE = ["城东新区新建三所学校"]
SCHOOL_BYLINE = ["本报记者 王小明"]
SCHOOL_1 = "城东新区今年新建小学三所、中学两所，解决了一千多名孩子就近入学的难题，家长们都说这是办到了心坎上的实事。"
SCHOOL_2 = "区教育局负责人说，新学校全部按照省级标准建设，配备了现代化的教学设施，明年还将再建幼儿园五所。"
RIVER_TITLE = ["清河两岸重现碧水绿树"]
RIVER_LEAD = "本报讯 经过两年的集中整治，清河沿岸的排污口全部封堵，河水重新变得清澈见底，岸边种下了上万棵树。"
RIVER_2 = "附近居民说，过去夏天河边臭气熏天，如今傍晚常来河边散步，孩子们也爱到这里看鱼。"


@pytest.mark.parametrize(
    ("blocks", "expected"),
    [
        pytest.param(
            # the extractor kept the order: nothing moves
            lambda: [SCHOOL_TITLE + SCHOOL_BYLINE + wrap(SCHOOL_1), wrap(SCHOOL_2), RIVER_TITLE + wrap(RIVER_LEAD)],
            None,
            id="in-order",
        ),
        pytest.param(
            # a blank line in mid-sentence, the paragraph's short last line under it: in order
            lambda: [SCHOOL_TITLE + SCHOOL_BYLINE + cut(SCHOOL_1, 3)[0], cut(SCHOOL_1, 3)[1] + wrap(SCHOOL_2),
                     RIVER_TITLE + wrap(RIVER_LEAD)],
            None,
            id="blank-line-in-mid-sentence",
        ),
    ],
)
def test_text_in_order_is_left_as_it_is(blocks, expected) -> None:
    text = page(*blocks())
    lines = read_lines(text)
    assert restore_order(lines) == lines


def test_the_rest_of_a_cut_paragraph_printed_under_another_story_moves_back() -> None:
    top, rest = cut(SCHOOL_1, 2)
    text = page(SCHOOL_TITLE + SCHOOL_BYLINE + top, RIVER_TITLE + wrap(RIVER_LEAD) + wrap(RIVER_2), rest,
                wrap(SCHOOL_2))
    numbers = order(text)
    first_rest = text.splitlines().index(rest[0]) + 1
    last_top = text.splitlines().index(top[-1]) + 1
    # the rest of the paragraph stands right under its first lines
    assert numbers[numbers.index(last_top) + 1] == first_rest
    parsed = parse_page(text, entities=False)
    school = next(a for a in parsed.articles if a.headline == SCHOOL_TITLE[0])
    assert school.blocks[0].text == SCHOOL_1
    river = next(a for a in parsed.articles if a.headline == RIVER_TITLE[0])
    assert SCHOOL_1[-10:] not in river.body_text


@pytest.mark.parametrize(
    ("left", "right", "other_left", "other_right"),
    [
        # "…首先战" goes on with "胜自己…" (战胜), "…珠江三角" with "洲地区…" (三角洲)
        ("这些企业都明白了一个道理：要战胜别人，首先战", "胜自己，从管理上找差距，向技术要效益，终于站稳了脚跟。",
         "外资企业产品大量涌入广东各地，尤其是珠江三角", "洲地区，使得本已激烈的国内市场竞争更加激烈。"),
    ],
)
def test_two_cut_columns_are_joined_by_the_word_across_the_join(
    left: str, right: str, other_left: str, other_right: str
) -> None:
    """Two blocks cut in mid-sentence and two continuations printed elsewhere, all of one
    width: each goes on with the one a word of the dictionary spans the join with."""
    a_top, b_top = wrap(left), wrap(other_left)
    a_rest, b_rest = wrap(right, first_line=False), wrap(other_right, first_line=False)
    assert len(a_top[-1]) == len(b_top[-1]) == WIDTH, "the cut lines fill the column"
    text = page(SCHOOL_TITLE + SCHOOL_BYLINE + wrap(SCHOOL_1), b_top, a_top,
                RIVER_TITLE + wrap(RIVER_LEAD), a_rest, b_rest)
    numbers = order(text)
    source = text.splitlines()

    def follows(top: list[str], rest: list[str]) -> bool:
        return numbers[numbers.index(source.index(top[-1]) + 1) + 1] == source.index(rest[0]) + 1

    assert follows(a_top, a_rest)
    assert follows(b_top, b_rest)


def test_a_caption_is_no_continuation() -> None:
    """A caption ("图为…", or closed by its photographer's credit) between the two halves of a
    cut paragraph stays where it is and is never taken for the rest of the sentence."""
    top, rest = cut(SCHOOL_1, 2)
    caption = ["图为新建的城东第一小学", "教学楼。 本报记者 王小明摄"]
    text = page(SCHOOL_TITLE + SCHOOL_BYLINE + top, RIVER_TITLE + wrap(RIVER_LEAD), caption, rest)
    numbers = order(text)
    source = text.splitlines()
    assert numbers[numbers.index(source.index(top[-1]) + 1) + 1] == source.index(rest[0]) + 1
    # the caption's lines keep their order
    first = numbers.index(source.index(caption[0]) + 1)
    assert numbers[first + 1] == source.index(caption[1]) + 1


@pytest.mark.parametrize(
    ("first_line", "rest", "moves"),
    [
        # "…苏哈托再次强" + "调，…": a word (强调) spans the join, so the rest moves back
        ("印尼总统苏哈托再次强", "调，全国人民应在新的一年里做好与困难进行斗争的准备。", True),
        # no word spans the join: a first line alone is too weak a sign to move anything
        ("印尼总统苏哈托昨天在", "首都发表讲话，全国人民应在新的一年里做好斗争的准备。", False),
    ],
)
def test_a_block_ending_with_a_paragraphs_first_line(first_line: str, rest: str, moves: bool) -> None:
    """A block whose last line opens a paragraph (an indent short) and closes no sentence goes
    on elsewhere; it is joined to a block printed away from it only by a word across the join."""
    assert len(first_line) == WIDTH - 2
    top = [*wrap(SCHOOL_1), first_line]
    rest_lines = wrap(rest, first_line=False)
    text = page(SCHOOL_TITLE + SCHOOL_BYLINE + top, RIVER_TITLE + wrap(RIVER_LEAD) + wrap(RIVER_2), rest_lines)
    numbers = order(text)
    source = text.splitlines()
    after_first = numbers[numbers.index(source.index(first_line) + 1) + 1]
    assert (after_first == source.index(rest_lines[0]) + 1) == moves


def test_a_kicker_as_wide_as_the_column_is_no_continuation() -> None:
    """A cut column's end, then a line alone as wide as the column with no mark of running
    text right over another story's title block (its kicker): the rest printed further down
    is what goes on from the cut end, not the kicker."""
    top, rest = cut(SCHOOL_1, 2)
    kicker = ["市环保局负责人介绍情况说"]
    assert len(kicker[0]) == WIDTH  # as wide as the column
    text = page(SCHOOL_TITLE + SCHOOL_BYLINE + top, kicker, RIVER_TITLE + wrap(RIVER_LEAD), rest)
    numbers = order(text)
    source = text.splitlines()
    assert numbers[numbers.index(source.index(top[-1]) + 1) + 1] == source.index(rest[0]) + 1


def test_a_block_headed_by_the_name_a_bare_byline_label_lacks_goes_on_from_that_story() -> None:
    """"本报记者" under the title names no one; a column further down opens with a name alone
    over running text: the byline's name, over the rest of that story's cut paragraph."""
    # no word spans the join ("…配备了" / "现代化的…"): the name is what tells
    paragraph = (
        "城东新区今年一共新建小学三所、中学两所，全部按照省级标准建设，配备了现代化的教学设施，"
        "家长们都说这是办到了心坎上的实事。"
    )
    top, rest = cut(paragraph, 3)
    text = page([*SCHOOL_TITLE, "本报记者", *top], RIVER_TITLE + wrap(RIVER_LEAD) + wrap(RIVER_2),
                ["王小明", *rest])
    numbers = order(text)
    source = text.splitlines()
    assert numbers[numbers.index(source.index(top[-1]) + 1) + 1] == source.index(rest[0]) + 1
    school = parse_page(text, entities=False).articles[0]
    assert (school.headline, school.reporters) == (SCHOOL_TITLE[0], ["王小明"])
    assert school.blocks[0].text == paragraph


def test_titles_printed_as_a_block_over_a_dateline_lead_are_no_continuation() -> None:
    """A kicker and a headline printed as one block (no mark of running text, closing no
    sentence) right above a lead opening with its dateline: the titles of that story, not the
    rest of the cut paragraph above them, which is printed further down."""
    top, rest = cut(SCHOOL_1, 2)
    titles = ["市环保局负责人介绍情况说", "清河两岸重现碧水绿树"]
    text = page(SCHOOL_TITLE + SCHOOL_BYLINE + top, titles, wrap(RIVER_LEAD), rest)
    numbers = order(text)
    source = text.splitlines()
    assert numbers[numbers.index(source.index(top[-1]) + 1) + 1] == source.index(rest[0]) + 1
    parsed = parse_page(text, entities=False)
    assert [a.headline for a in parsed.articles] == [SCHOOL_TITLE[0], "清河两岸重现碧水绿树"]


def test_a_name_alone_inside_a_cut_paragraph_is_the_bare_labels_name() -> None:
    """pdftotext prints the byline's name as a block of its own between the two halves of a
    paragraph (it stood at the head of the second column): the halves join, the name goes to
    the label naming no one."""
    paragraph = (
        "城东新区今年一共新建小学三所、中学两所，全部按照省级标准建设，配备了现代化的教学设施，"
        "家长们都说这是办到了心坎上的实事。"
    )
    top, rest = cut(paragraph, 3)
    text = page([*SCHOOL_TITLE, "本报记者", *top], ["王小明"], rest, RIVER_TITLE + wrap(RIVER_LEAD))
    school = parse_page(text, entities=False).articles[0]
    assert (school.headline, school.reporters) == (SCHOOL_TITLE[0], ["王小明"])
    assert school.blocks[0].text == paragraph


def test_a_join_that_would_make_a_loop_falls_to_the_next_start_down_the_page(monkeypatch) -> None:
    """A story's text goes on in a block that opens in mid-sentence (its first lines were
    printed elsewhere) into a block cut at the column's foot. When that cut block's best
    partner is the block above it (which leads back to it: a loop), the start further down
    the page that reads on from it is taken instead of none."""
    text_ = (
        "来的三所学校都已经投入使用，学校新建了操场和图书馆，配备了现代化的教学设施和实验室，"
        "区里还为每所学校配齐了音乐老师和美术老师，还开设了书法、围棋等兴趣小组，学生们都很喜欢，"
        "家长们也都说这是办到了心坎上的实事，区里明年还将再建幼儿园五所。"
    )
    lines = wrap(text_, first_line=False)
    above, cut_block, rest = lines[:3], lines[3:6], lines[6:]
    source = page(SCHOOL_TITLE + SCHOOL_BYLINE + wrap(SCHOOL_1), above, cut_block, RIVER_TITLE + wrap(RIVER_LEAD), rest)
    blocks = reading_order._blocks(read_lines(source))
    index = {block.tail[0].text: block.index for block in blocks}
    a, c, r = index[above[0]], index[cut_block[0]], index[rest[0]]
    scores = {(c, a): 5.0, (c, r): 2.0}
    monkeypatch.setattr(
        reading_order, "_scored_join", lambda _b, end, start, _t: scores.get((end.index, start.index), 0.0)
    )
    links = reading_order._links(blocks, read_lines(source))
    assert links[a] == c  # in order
    assert links[c] == r  # not a (a loop), but the rest further down
