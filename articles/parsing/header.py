"""The page header: the lines a page prints above (or below) its articles, read as `PageMeta`.

Takes the page's lines (`lines.SourceLine`); gives the page metadata and the lines left for
the articles. Header lines are never article text. A real sample (a 1998 page)::

    1998年1月1日 星期四        → date 1998-01-01
    第2版                      → number 2 ("第2版 要闻" or "第2版：要闻" also give the name)
    责任编辑：王某 校对：李某   → credits (role editor), wherever on the page the line stands
    周口日报 / 示范区新闻       → publication / page name, when on lines of their own beside
                                 the date or page number, before the first blank line

A date line counts only with 星期 or standing alone, so a lead opening with a date
("1998年1月1日，…") stays body text.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from articles.parsing.dates import NUMBER, find_full_date, to_int
from articles.parsing.lines import SourceLine
from articles.parsing.model import Credit, CreditRole, PageMeta

# How far down the header may reach: the header is the top of the page.
_HEADER_SCAN_LINES = 6

_WEEKDAY_RE = re.compile(r"(?:星期|礼拜|周)[一二三四五六日天]")
_DATE_ONLY_RE = re.compile(rf"^\s*(?:{NUMBER})\s*年\s*(?:{NUMBER})\s*月\s*(?:{NUMBER})\s*日\s*$")
_PAGE_NO_RE = re.compile(rf"^\s*第\s*(?P<n>{NUMBER})\s*版\s*[：:|｜·]?\s*(?P<name>[^\s].{{0,15}})?$")
_PAGE_NO_TAIL_RE = re.compile(rf"^(?P<name>[^\s].{{0,15}}?)\s*[：:|｜·]?\s*第\s*(?P<n>{NUMBER})\s*版\s*$")
_PAGE_NO_ANYWHERE_RE = re.compile(rf"第\s*(?P<n>{NUMBER})\s*版")
_EDITOR_LABELS = ("责任编辑", "责编", "编辑", "美编", "校对", "组版", "版式", "摄影编辑", "版面编辑", "审读")
_EDITOR_RE = re.compile(rf"({'|'.join(sorted(_EDITOR_LABELS, key=len, reverse=True))})\s*[：:]\s*")
_EDITOR_LINE_RE = re.compile(rf"^\s*(?:{'|'.join(_EDITOR_LABELS)})\s*[：:]")
_NAME_RE = re.compile(r"^[\u3400-\u9fff·]{2,5}$")


_PUBLICATION_RE = re.compile(r"^[\u4e00-\u9fff]{2,8}(?:日报|晚报|早报|时报|商报|周报|报)$")
_PAGE_NAME_RE = re.compile(r"^[\u4e00-\u9fff·]{2,8}$")


def _names_beside(lines: tuple[SourceLine, ...], header_numbers: set[int],
                  name: str | None) -> tuple[str | None, str | None]:
    """The paper's name and the page's name printed on header lines of their own, next to a
    date or page-number line (no blank line between) and before the first blank line."""
    publication = None
    for index, line in enumerate(lines[:_HEADER_SCAN_LINES]):
        if line.number in header_numbers:
            continue
        neighbours = [lines[k] for k in (index - 1, index + 1) if 0 <= k < len(lines)]
        next_line = lines[index + 1] if index + 1 < len(lines) else None
        beside_header = any(
            n.number in header_numbers and abs(n.number - line.number) == 1 for n in neighbours
        )
        closes_header = next_line is None or next_line.blank_before or next_line.number in header_numbers
        if not beside_header or not closes_header:
            continue
        text = line.text.strip()
        if publication is None and _PUBLICATION_RE.match(text):
            publication = text
            header_numbers.add(line.number)
        elif name is None and _PAGE_NAME_RE.match(text):
            name = text
            header_numbers.add(line.number)
    return publication, name


@dataclass(frozen=True, slots=True)
class HeaderSplit:
    meta: PageMeta
    body: tuple[SourceLine, ...]  # the lines left for the articles


def _editor_credits(text: str) -> tuple[Credit, ...] | None:
    """"责任编辑：王某 校对：李某" → credits; None when the line is not such a list."""
    if not _EDITOR_LINE_RE.match(text):
        return None
    credits: list[Credit] = []
    pieces = _EDITOR_RE.split(text.strip())
    # pieces: ["", label, names, label, names, ...]
    for label, names in zip(pieces[1::2], pieces[2::2], strict=False):
        for name in re.split(r"[\s、，,]+", names.strip()):
            if _NAME_RE.match(name):
                credits.append(Credit(name, CreditRole.EDITOR, label))
    return tuple(credits)


def split_header(lines: tuple[SourceLine, ...], *, file: str | None = None,
                 date: datetime.date | None = None) -> HeaderSplit:
    """Header lines out of `lines`; `date` (given by the caller) wins over a printed one only
    when the page prints none."""
    page_date: datetime.date | None = None
    number: int | None = None
    name: str | None = None
    credits: list[Credit] = []
    header_numbers: set[int] = set()
    for line in lines[:_HEADER_SCAN_LINES]:
        text = line.text
        if page_date is None and (_WEEKDAY_RE.search(text) or _DATE_ONLY_RE.match(text)):
            found = find_full_date(text)
            if found is not None and len(text) <= 30:
                page_date = found
                header_numbers.add(line.number)
                on_same_line = _PAGE_NO_ANYWHERE_RE.search(text)
                if on_same_line is not None and number is None:
                    number = to_int(on_same_line["n"])
                continue
        match = _PAGE_NO_RE.match(text) or _PAGE_NO_TAIL_RE.match(text)
        if number is None and match is not None:
            number = to_int(match["n"])
            if match["name"]:
                name = match["name"].strip() or None
            header_numbers.add(line.number)
    publication: str | None = None
    if header_numbers:
        # Beside the date and page number, the header may print the paper's name ("周口日报")
        # and the page's name ("示范区新闻") each on a line of its own, set apart from the
        # articles by a blank line.
        publication, name = _names_beside(lines, header_numbers, name)
    for line in lines:
        editors = _editor_credits(line.text) if len(line.text) <= 40 else None
        if editors is not None:
            credits.extend(editors)
            header_numbers.add(line.number)
    meta = PageMeta(file=file, publication=publication, date=page_date or date, number=number, name=name,
                    credits=tuple(credits))
    return HeaderSplit(meta, tuple(line for line in lines if line.number not in header_numbers))
