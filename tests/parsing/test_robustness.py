"""Whatever text comes in, `parse_page` gives a `ParsedPage` or raises `ParseError` — never
another exception (property tests with hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.parsing import ParsedPage, ParseError, parse_page

# Page-like text: common characters, CJK punctuation, spaces, line breaks, U+FFFD, digits.
_PAGE_ALPHABET = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    "本报讯记者通讯员摄新华社电月日第版星期责任编辑"
    "，。、；：？！“”（）《》…—"
    "\u3000 \n\n\ufffd0123456789０１２ABCabc"
)
CJK_TEXT = st.text(alphabet=st.sampled_from(list(_PAGE_ALPHABET)), max_size=600)


def _parse(text: str) -> ParsedPage | None:
    try:
        page = parse_page(text, entities=False)
    except ParseError:
        return None
    assert isinstance(page, ParsedPage)
    page.to_dict()  # the JSON form must build too
    return page


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_unicode_never_crashes(text: str) -> None:
    _parse(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CJK_TEXT)
def test_random_chinese_page_text_never_crashes(text: str) -> None:
    _parse(text)


@settings(max_examples=50, deadline=None)
@given(st.binary(min_size=20, max_size=400))
def test_binary_noise_is_refused_or_parsed(data: bytes) -> None:
    _parse(data.decode("latin-1"))


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n", "\u3000\n"])
def test_empty_text_is_a_parse_error(text: str) -> None:
    with pytest.raises(ParseError, match="empty"):
        parse_page(text)


def test_binary_data_is_a_parse_error_with_a_clear_message() -> None:
    noise = bytes(range(256)).decode("latin-1") * 8
    with pytest.raises(ParseError, match="binary"):
        parse_page(noise)


def test_one_giant_line() -> None:
    page = parse_page("城东新区今年新建小学三所，解决了入学难题。" * 5000, entities=False)
    assert isinstance(page, ParsedPage)


def test_text_without_articles_warns() -> None:
    page = parse_page("1998年1月1日 星期四\n第2版\n", entities=False)
    assert page.articles == ()
    assert page.warnings
    assert page.page.number == 2


def test_parser_version_is_recorded() -> None:
    page = parse_page("城东新区新建学校\n本报讯 城东新区今年新建小学三所。\n", entities=False)
    assert page.parser_version
