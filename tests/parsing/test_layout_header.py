"""The page header (`articles.parsing.header`): date, page number and name, editors."""

from __future__ import annotations

import datetime

import pytest

from articles.parsing.header import split_header
from articles.parsing.lines import read_lines
from articles.parsing.model import CreditRole


@pytest.mark.parametrize(
    ("header", "date", "number", "name"),
    [
        ("1998年1月1日 星期四\n第2版", datetime.date(1998, 1, 1), 2, None),
        ("2024年3月8日 星期五\n第3版 示范区新闻", datetime.date(2024, 3, 8), 3, "示范区新闻"),
        ("第５版：要闻\n二〇二四年三月八日 星期五", datetime.date(2024, 3, 8), 5, "要闻"),
        ("2024年3月8日 星期五 第3版", datetime.date(2024, 3, 8), 3, None),
        ("城东新区新建学校五所", None, None, None),
    ],
)
def test_header(header: str, date, number, name) -> None:
    split = split_header(read_lines(header + "\n城东新区新建学校五所\n本报讯 今年新建小学三所。\n"))
    assert (split.meta.date, split.meta.number, split.meta.name) == (date, number, name)
    assert split.body[0].text == "城东新区新建学校五所"


def test_a_lead_opening_with_a_date_is_no_header() -> None:
    split = split_header(read_lines("1998年1月1日，城东新区新建小学三所。\n"))
    assert split.meta.date is None
    assert len(split.body) == 1


def test_editors_anywhere_on_the_page() -> None:
    text = "第2版\n城东新区新建学校\n本报讯 今年新建小学三所。\n责任编辑：王小明 校对：李红\n"
    split = split_header(read_lines(text))
    assert [(c.name, c.role, c.label) for c in split.meta.credits] == [
        ("王小明", CreditRole.EDITOR, "责任编辑"),
        ("李红", CreditRole.EDITOR, "校对"),
    ]
    assert [line.text for line in split.body] == ["城东新区新建学校", "本报讯 今年新建小学三所。"]


def test_caller_date_when_none_printed() -> None:
    split = split_header(read_lines("第2版\n正文。\n"), date=datetime.date(2024, 3, 8), file="a.txt")
    assert split.meta.date == datetime.date(2024, 3, 8)
    assert split.meta.file == "a.txt"


def test_paper_and_page_names_on_lines_of_their_own() -> None:
    text = "周口日报\n2024年3月8日 星期五\n第3版\n示范区新闻\n\n城东新区新建学校五所\n本报讯 今年新建小学三所。\n"
    split = split_header(read_lines(text))
    assert (split.meta.publication, split.meta.number, split.meta.name) == ("周口日报", 3, "示范区新闻")
    assert split.body[0].text == "城东新区新建学校五所"


def test_a_headline_right_under_the_header_is_no_page_name() -> None:
    split = split_header(read_lines("第3版\n城东新区新建学校\n本报讯 今年新建小学三所。\n"))
    assert split.meta.name is None
    assert split.body[0].text == "城东新区新建学校"


@pytest.mark.parametrize(
    ("kicker", "name"),
    [
        ("全省经济工作会议强调", None),  # a kicker saying who speaks: the headline's, not the page's
        ("李鹏在视察时指出", None),
        ("要闻", "要闻"),  # a short name under the header, a title under it: the page's name
        ("国际新闻", "国际新闻"),
        ("迎接新世纪的挑战", None),  # longer than a page's name, over a title and its lead: a kicker
    ],
)
def test_a_speech_kicker_under_the_header_is_no_page_name(kicker: str, name: str | None) -> None:
    text = f"1998年1月7日 星期三\n第5版\n{kicker}\n稳中求进加快首都经济发展\n本报讯 今年新建小学三所。\n"
    split = split_header(read_lines(text))
    assert split.meta.name == name
    assert split.body[0].text == (kicker if name is None else "稳中求进加快首都经济发展")


@pytest.mark.parametrize(
    ("header", "date", "number", "name", "editors"),
    [
        # the header forms of issue 18
        ("1998年1月7日 星期三 第5版", datetime.date(1998, 1, 7), 5, None, []),
        ("第 1 版\n1998年1月7日 星期三", datetime.date(1998, 1, 7), 1, None, []),
        ("责任编辑：刘文\n1998年1月7日 星期三\n第 1 版", datetime.date(1998, 1, 7), 1, None, ["刘文"]),
        ("03经济新闻\n1998年1月7日 星期三", datetime.date(1998, 1, 7), 3, "经济新闻", []),
        # an editor's name cut by the extraction round the date line
        ("责任编辑：王\n人民日报 1998年1月8日 星期四\n林\n第2版", datetime.date(1998, 1, 8), 2, None, ["王林"]),
        ("人民日报 １９９８年１月８日 星期四\n第１１版", datetime.date(1998, 1, 8), 11, None, []),
    ],
)
def test_header_forms(header: str, date, number, name, editors: list[str]) -> None:
    split = split_header(read_lines(header + "\n\n城东新区新建学校五所\n本报讯 今年新建小学三所。\n"))
    assert (split.meta.date, split.meta.number, split.meta.name) == (date, number, name)
    assert [credit.name for credit in split.meta.credits] == editors
    assert split.body[0].text == "城东新区新建学校五所"


def test_a_headline_over_a_bare_byline_label_is_no_page_name() -> None:
    # "本报记者" naming no one (the extraction put the names elsewhere) opens an article too
    split = split_header(read_lines("第2版\n联查粮店\n本报记者\n元旦前后，市场更加繁荣。\n"))
    assert split.meta.name is None
    assert split.body[0].text == "联查粮店"
