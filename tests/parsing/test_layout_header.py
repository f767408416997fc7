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
