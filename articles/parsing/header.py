"""The page header: the lines a page prints above its articles, read as `PageMeta`.

Takes the page's lines (`lines.SourceLine`); gives the page metadata and the lines left for
the articles. Header lines are never article text. The header is the run of header-like
lines at the top of the page, in whatever order the extraction gives them. Real samples::

    1998年1月1日 星期四        → date 1998-01-01 (also "1998.01.04 星期日", "1998 年 1 月 7 日",
                                 "人民日报 １９９８年１月８日 星期四")
    第2版 / 第 9 版 / 01 / 第１１版 → number ("第2版 要闻", "02要闻" also give the name)
    责任编辑：王某 校对：李某   → credits (role editor), wherever on the page the line stands;
    编辑 王  芳  校对 陈  静      without colons only in the header
    责任编辑：王 / 人民日报 1998年1月8日 星期四 / 芳
                               → an editor's name cut by the extraction, joined: 王芳
    人民日报 / RENMIN RIBAO     → publication (and its romanised name, dropped)
    要闻 / 示范区新闻            → the page's name: a short name among the header lines, or the
                                 one right under them when a title, not a lead, follows it
                                 (but a kicker saying who speaks, "…会议强调", or a line longer
                                 than a page's name over a title and its lead, is a title's)

A date line counts only with 星期, beside the paper's name or page number, or standing alone,
so a lead opening with a date ("1998年1月1日，…") stays body text.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import Enum, auto

from articles.parsing import bylines
from articles.parsing.dates import NUMBER, find_full_date, to_int
from articles.parsing.headlines import is_speech_kicker, title_shaped
from articles.parsing.lines import SourceLine
from articles.parsing.model import Credit, CreditRole, PageMeta

_WEEKDAY_RE = re.compile(r"(?:星期|礼拜|周)[一二三四五六日天]")
_NUMERIC_DATE_RE = re.compile(r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})\s*[.．/\-－]\s*(?P<m>[0-9]{1,2})\s*[.．/\-－]\s*"
                              r"(?P<d>[0-9]{1,2})(?![0-9])")
_FULL_DATE_TEXT_RE = re.compile(rf"(?:{NUMBER})\s*年\s*(?:{NUMBER})\s*月\s*(?:{NUMBER})\s*日")
_PAGE_NO_RE = re.compile(rf"第\s*(?P<n>{NUMBER})\s*版")
# "第2版", "第 9 版", "第５版：要闻", "要闻 第2版": the number, and the page's name beside it.
_NAMED_PAGE_NO_RE = re.compile(rf"\s*(?P<before>[^\s第].{{0,15}}?)?\s*[：:|｜·]?\s*第\s*(?P<n>{NUMBER})\s*版"
                               rf"\s*[：:|｜·]?\s*(?P<after>\S.{{0,15}})?\s*")
# "01", "０３", "02要闻", "03经济新闻": a page number printed bare, or with the page's name.
_BARE_PAGE_NO_RE = re.compile(r"^(?P<n>[0-9０-９]{1,2})\s*(?P<name>[\u4e00-\u9fff]{2,6})?$")
_EDITOR_LABELS = ("责任编辑", "责编", "编辑", "美编", "校对", "组版", "版式", "摄影编辑", "版面编辑", "审读")
_LABELS_ALT = "|".join(sorted(_EDITOR_LABELS, key=len, reverse=True))
_EDITOR_RE = re.compile(rf"({_LABELS_ALT})\s*[：:]\s*")
_EDITOR_LINE_RE = re.compile(rf"^\s*(?:{_LABELS_ALT})\s*[：:]")
# In the header a list of editors may go without colons: "编辑 王  芳  校对 陈  静".
_BARE_EDITOR_RE = re.compile(rf"({_LABELS_ALT})\s+")
_BARE_EDITOR_LINE_RE = re.compile(rf"^\s*(?:{_LABELS_ALT})\s+[\u4e00-\u9fff]")
_NAME_RE = re.compile(r"^[\u3400-\u9fff·]{1,5}$")
_PUBLICATION_RE = re.compile(r"^[\u4e00-\u9fff]{2,8}(?:日报|晚报|早报|时报|商报|周报|报)")
_PAGE_NAME_RE = re.compile(r"^[\u4e00-\u9fff·]{2,8}$")
_ROMANISED_RE = re.compile(r"^[A-Z][A-Z .·'-]{3,40}$")
_ONE_CJK_RE = re.compile(r"^[\u4e00-\u9fff]$")
_SPACES_RE = re.compile(r"[\s\u3000]+")


class _Kind(Enum):
    DATE = auto()  # a date with the weekday, the paper's name or the page number
    DATE_ALONE = auto()  # a date alone on a line: a header line only beside another
    NUMBER = auto()
    PUBLICATION = auto()
    ROMANISED = auto()
    WEEKDAY = auto()
    EDITORS = auto()
    FRAGMENT = auto()  # one character: the rest of an editor's name the extraction cut off
    NAME = auto()  # a short name: the page's, when it stands among header lines


@dataclass(frozen=True, slots=True)
class HeaderSplit:
    meta: PageMeta
    body: tuple[SourceLine, ...]  # the lines left for the articles


def _numeric_date(text: str) -> datetime.date | None:
    match = _NUMERIC_DATE_RE.search(text)
    if match is None:
        return None
    try:
        return datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _date_of_line(text: str) -> tuple[datetime.date, bool] | None:
    """The date of a header date line and whether the line says more than the date (the
    weekday, the paper's name or the page number), or None when the line is not one."""
    if len(text) > 40:
        return None
    found = find_full_date(text)
    date_re = _FULL_DATE_TEXT_RE
    if found is None:
        found = _numeric_date(text)
        date_re = _NUMERIC_DATE_RE
    if found is None:
        return None
    rest = _SPACES_RE.sub("", date_re.sub("", text, count=1))
    bare = _WEEKDAY_RE.sub("", _PAGE_NO_RE.sub("", rest))
    publication = _PUBLICATION_RE.match(bare)
    if publication is not None:
        bare = bare[publication.end():]
    if bare and not (bare != rest and _PAGE_NAME_RE.fullmatch(bare)):
        return None  # "尔１９２９年１１月２日出生": running text wrapped round a date
    return found, bool(rest)


def _editor_credits(text: str, *, bare: bool = False) -> tuple[Credit, ...] | None:
    """"责任编辑：王某 校对：李某" → credits; with `bare`, also "编辑 王  芳  校对 陈  静" (no
    colons, names padded); None when the line is not such a list."""
    if _EDITOR_LINE_RE.match(text):
        splitter = _EDITOR_RE
    elif bare and _BARE_EDITOR_LINE_RE.match(text):
        splitter = _BARE_EDITOR_RE
    else:
        return None
    credits: list[Credit] = []
    pieces = splitter.split(text.strip())
    # pieces: ["", label, names, label, names, ...]
    for label, names in zip(pieces[1::2], pieces[2::2], strict=False):
        for name in _names(names):
            if _NAME_RE.match(name):
                credits.append(Credit(name, CreditRole.EDITOR, label))
    # "编辑：人民日报网络版使像…" names no one: a sentence about editing, not a credit line
    return tuple(credits) or None


def _names(text: str) -> list[str]:
    """"王小明 李红" → two names; "王  芳" (a two-character name padded to three) → one."""
    tokens = [token for token in re.split(r"[\s、，,]+", text.strip()) if token]
    out: list[str] = []
    for token in tokens:
        if out and len(token) == 1 and len(out[-1]) == 1:
            out[-1] += token
        else:
            out.append(token)
    return out


@dataclass(frozen=True, slots=True)
class _Reading:
    """What one line says as a header line."""

    kind: _Kind
    date: datetime.date | None = None
    number: int | None = None
    name: str | None = None
    publication: str | None = None
    credits: tuple[Credit, ...] = ()

    @property
    def strong(self) -> bool:
        """A line that is a header line wherever it stands: a date line, "第N版", or a list of
        editors; the others (a bare number, a weekday, a short name) only beside one of these."""
        return self.kind in (_Kind.DATE, _Kind.EDITORS) or (self.kind == _Kind.NUMBER and self.name != "")


# Every header line longer than a name holds one of these (a date, a page number, an editor's
# label, a romanised name): a cheap test that passes over nearly all the lines of text.
_HEADER_HINT_RE = re.compile(r"[年版编校审组期0-9０-９A-Z]")
_SENTENCE_MARKS_RE = re.compile(r"[，。；！？]")


def _read(text: str) -> _Reading | None:
    """What header line `text` is, or None when it is no header line."""
    text = text.strip()
    if _SENTENCE_MARKS_RE.search(text) or (len(text) > 8 and not _HEADER_HINT_RE.search(text)):
        return None
    if (dated := _date_of_line(text)) is not None:
        found, more = dated
        publication = _PUBLICATION_RE.match(_SPACES_RE.sub("", text))
        number = _PAGE_NO_RE.search(text)
        return _Reading(_Kind.DATE if more else _Kind.DATE_ALONE, date=found,
                        number=to_int(number["n"]) if number else None,
                        publication=publication.group(0) if publication else None)
    if (reading := _page_number(text)) is not None:
        return reading
    editors = _editor_credits(text, bare=True) if len(text) <= 40 else None
    if editors is not None:
        return _Reading(_Kind.EDITORS, credits=editors)
    if _WEEKDAY_RE.fullmatch(text):
        return _Reading(_Kind.WEEKDAY)
    if _ROMANISED_RE.match(text):
        return _Reading(_Kind.ROMANISED)
    if _PUBLICATION_RE.fullmatch(text) and len(text) <= 8:
        return _Reading(_Kind.PUBLICATION, publication=text)
    if _ONE_CJK_RE.match(text):
        return _Reading(_Kind.FRAGMENT, name=text)
    if _PAGE_NAME_RE.match(text):
        return _Reading(_Kind.NAME, name=text)
    return None


def _page_number(text: str) -> _Reading | None:
    named = _NAMED_PAGE_NO_RE.fullmatch(text)
    if named is not None:
        beside = [part.strip() for part in (named["after"], named["before"]) if part and part.strip()]
        if len(beside) > 1 or any(not _PAGE_NAME_RE.fullmatch(part) for part in beside):
            return None  # "九版是热门话题，第十版是财税": running text about pages
        return _Reading(_Kind.NUMBER, number=to_int(named["n"]), name=beside[0] if beside else None)
    bare = _BARE_PAGE_NO_RE.match(text)
    if bare is not None and (value := to_int(bare["n"])):
        # name "" marks a bare number: no header line by itself
        return _Reading(_Kind.NUMBER, number=value, name=bare["name"] or "")
    return None


def _opens_article(line: SourceLine) -> bool:
    text = line.text
    return line.indented or bylines.looks_like_dateline_start(text) or (
        len(text) <= 40 and bylines.parse_byline_line(text) is not None
    ) or (len(text) <= 20 and bylines.is_bare_byline(text))  # "本报记者", its names put elsewhere


# Page names are short ("要闻", "国际新闻", "教科文卫", "社会·法制"); a longer line over a
# headline and its lead is the headline's kicker.
_PAGE_NAME_MAX = 6


def _kicker_under_header(lines: tuple[SourceLine, ...], index: int) -> bool:
    """Whether the short line under the header lines is the first headline's kicker rather than
    the page's name: it says who speaks ("…会议强调"), or it is longer than a page's name and
    a title stands under it over the article's opening ("迎接新世纪的挑战" / title / lead)."""
    text = lines[index].text.strip()
    if is_speech_kicker(text):
        return True
    if len(text) <= _PAGE_NAME_MAX or index + 2 >= len(lines):
        return False
    title, opening = lines[index + 1], lines[index + 2]
    return title_shaped(title) and not title.blank_before and _opens_article(opening)


def _header_blocks(lines: tuple[SourceLine, ...]) -> list[list[tuple[int, _Reading]]]:
    """Runs of header-like lines holding at least one line that is a header line by itself,
    with the short names at either end that are not the page's (see `split_header`)."""
    blocks: list[list[tuple[int, _Reading]]] = []
    run: list[tuple[int, _Reading]] = []
    for index, line in enumerate([*lines, None]):
        reading = _read(line.text) if line is not None and len(line.text) <= 40 else None
        if reading is not None:
            run.append((index, reading))
            continue
        while run and run[0][0] > 0 and run[0][1].kind in (_Kind.NAME, _Kind.FRAGMENT):
            run.pop(0)  # a short line above the header ends the text above it
        # The page's first line alone may be a bare folio ("08"): a page opens with no text.
        folio = bool(run) and run[0][0] == 0 and run[0][1].kind == _Kind.NUMBER
        if folio or any(reading.strong for _, reading in run):
            blocks.append(run)
        run = []
    return blocks


def split_header(lines: tuple[SourceLine, ...], *, file: str | None = None,
                 date: datetime.date | None = None) -> HeaderSplit:
    """Header lines out of `lines`; `date` (given by the caller) wins over a printed one only
    when the page prints none. Extractors put the header where they like (the top, the
    bottom, between two articles), so every block of header lines counts."""
    page_date: datetime.date | None = None
    number: int | None = None
    name: str | None = None
    publication: str | None = None
    credits: list[Credit] = []
    header_indexes: set[int] = set()
    for block in _header_blocks(lines):
        last_strong = max(k for k, (_, reading) in enumerate(block) if reading.kind != _Kind.NAME)
        trailing = block[last_strong + 1 :]
        block = block[: last_strong + 1]
        if trailing:
            # A short line right under the header lines is the page's name when what follows
            # it is not an article's opening (a headline stands over a lead or a byline).
            index, reading = trailing[0]
            following = lines[index + 1] if index + 1 < len(lines) else None
            if (following is None or not _opens_article(following) or following.blank_before) and not (
                _kicker_under_header(lines, index)
            ):
                block.append(trailing[0])
        for index, reading in block:
            if reading.kind == _Kind.FRAGMENT:
                if credits and len(credits[-1].name) == 1 and reading.name:
                    last = credits[-1]
                    credits[-1] = Credit(last.name + reading.name, last.role, last.label)
                    header_indexes.add(index)
                continue
            if reading.kind == _Kind.NAME:
                if publication is None and _PUBLICATION_RE.fullmatch(reading.name or ""):
                    publication = reading.name
                elif name is None:
                    name = reading.name
                else:
                    continue
            header_indexes.add(index)
            page_date = page_date or reading.date
            number = number or reading.number
            if reading.kind == _Kind.NUMBER and reading.name:
                name = name or reading.name
            publication = publication or reading.publication
            credits.extend(reading.credits)
    for index, line in enumerate(lines):
        if index in header_indexes:
            continue
        editors = _editor_credits(line.text) if len(line.text) <= 40 else None
        if editors is not None:
            credits.extend(editors)
            header_indexes.add(index)
    meta = PageMeta(file=file, publication=publication, date=page_date or date, number=number, name=name,
                    credits=tuple(credits))
    return HeaderSplit(meta, tuple(line for index, line in enumerate(lines) if index not in header_indexes))
