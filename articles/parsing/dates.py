"""Chinese dates: numerals in ASCII, full-width or Chinese characters, to Python values.

Takes strings such as "１２月３０日", "十二月三十一日", "3 月 5 日", "1 月 2 6 日" (a number spaced
by the extraction), "1998年1月1日 星期四",
"一九九八年一月一日"; gives ints, `datetime.date` values and ISO strings ("1997-12-30", or
"--03-05" when no year is known). Pure functions, no state.

    >>> find_month_day("本报北京１２月３０日讯")
    (12, 30)
    >>> resolve_month_day(12, 30, reference=datetime.date(1998, 1, 1))
    '1997-12-30'
"""

from __future__ import annotations

import datetime
import re

_CHINESE_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
                   "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

#: One number as a page may print it: ASCII or full-width digits, or Chinese numerals.
NUMBER = r"[0-9０-９]{1,4}|[〇零○一二两三四五六七八九十]{1,4}"
#: The same, where the extraction may set a space between the digits of one number: a
#: loosely justified line ("本 报 北 京 1 月 2 6 日 电") spaces every character.
_CHINESE_NUMERAL = "[〇零○一二两三四五六七八九十]"
SPACED_NUMBER = rf"[0-9０-９](?:[ \u3000]?[0-9０-９]){{0,3}}|{_CHINESE_NUMERAL}(?:[ \u3000]?{_CHINESE_NUMERAL}){{0,3}}"
MONTH_DAY_RE = re.compile(rf"(?P<month>{NUMBER})\s*月\s*(?P<day>{NUMBER})\s*[日号]")
# In a dateline the extraction may space the digits of a number too.
_SPACED_MONTH_DAY_RE = re.compile(rf"(?P<month>{SPACED_NUMBER})\s*月\s*(?P<day>{SPACED_NUMBER})\s*[日号]")
FULL_DATE_RE = re.compile(rf"(?P<year>{NUMBER})\s*年\s*(?P<month>{NUMBER})\s*月\s*(?P<day>{NUMBER})\s*日")


def to_int(text: str) -> int | None:
    """"１２" → 12, "十二" → 12, "三十一" → 31, "一九九八" → 1998, "2 6" → 26; None for anything else."""
    text = "".join(text.split()).translate(_FULLWIDTH)  # "2 6": a number spaced by the extraction
    if not text:
        return None
    if text.isascii():
        return int(text) if text.isdigit() else None
    if "十" in text:
        tens, _, units = text.partition("十")
        if len(units) > 1 or len(tens) > 1:
            return None
        tens_value = _CHINESE_DIGITS.get(tens) if tens else 1
        units_value = _CHINESE_DIGITS.get(units) if units else 0
        if tens_value is None or units_value is None:
            return None
        return tens_value * 10 + units_value
    digits = [_CHINESE_DIGITS.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    value = 0
    for d in digits:
        value = value * 10 + d  # type: ignore[operator]
    return value


def _valid(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def find_month_day(text: str) -> tuple[int, int] | None:
    """The first valid "M月D日" in the text (a dateline's, whose digits may be spaced:
    "1 月 2 6 日"), as (month, day)."""
    for match in _SPACED_MONTH_DAY_RE.finditer(text):
        month, day = to_int(match["month"]), to_int(match["day"])
        if month and day and _valid(2000, month, day):  # 2000 is a leap year: 2月29日 passes
            return month, day
    return None


def find_full_date(text: str) -> datetime.date | None:
    """The first valid "YYYY年M月D日" in the text."""
    for match in FULL_DATE_RE.finditer(text):
        year, month, day = to_int(match["year"]), to_int(match["month"]), to_int(match["day"])
        if year and month and day and 1800 <= year <= 2200 and _valid(year, month, day):
            return datetime.date(year, month, day)
    return None


def resolve_month_day(month: int, day: int, *, reference: datetime.date | None) -> str:
    """ISO date for a month and day reported near `reference` (the page or dateline date).

    News reports the recent past: a December date on a January page is last year's.
    Without a reference the year is unknown and the ISO "--MM-DD" form is given."""
    if reference is None:
        return f"--{month:02d}-{day:02d}"
    year = reference.year
    if month - reference.month > 6:
        year -= 1
    elif reference.month - month > 6:
        year += 1
    if not _valid(year, month, day):
        return f"--{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"
