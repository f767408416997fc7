"""A reader-facing title for an article printed without a headline (a photo story), from its text.

Takes the story's first paragraph as stored; gives one line cut at a natural break. A photo story
prints a caption-like paragraph and no headline, e.g.

    "3 月 5 日上午，市城乡一体化示范区召开纪念“三八”国际妇女节 114周年暨表彰大会，对7个…"
    → "市城乡一体化示范区召开纪念“三八”国际妇女节114周年暨表彰大会"

The title is the first clause that says something: a clause ends at ，。；！？ outside quotation
marks and brackets (so never inside a quoted name such as “三八”), a leading clause of only a date
or a time of day ("3月5日上午") is the when, not the what, and "图为" ("the picture shows") is
left out. A clause too short to name anything takes the next one with it; one longer than
MAX_TITLE is cut where no number, Latin word or quotation would be split, and ends with "…".
Spaces the PDF's extraction left between Chinese characters and digits go ("妇女节 114周年").

Pure Python (no Django): the model, the writer and the templates all take the title from here."""

from __future__ import annotations

import re

#: longest title taken whole; a longer first clause is cut (a headline is seldom longer)
MAX_TITLE = 40
#: a clause shorter than this names nothing on its own ("据悉") and takes the next one along
MIN_TITLE = 8

_CLAUSE_ENDS = "，。；！？!?;"
_OPENERS = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』", "（": "）", "(": ")", "【": "】", "〈": "〉"}
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_BY_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_WHEN_ONLY = re.compile(
    r"^(?:[\d０-９一二三四五六七八九十〇零两]+\s*[年月日号时点分]|[上下中]午|早上|晚上|凌晨|傍晚|清晨|上旬|中旬|下旬"
    r"|近日|日前|当天|当日|今天|昨天|今年|去年|\s|[前后许左右])+$"
)
_PICTURE_SAYS = re.compile(r"^(?:图为|图中|上图|下图|左图|右图)[：:，,]?\s*")


def text_title(text: str) -> str:
    """The title of a story with no headline, made from its first paragraph (see the module)."""
    text = _SPACE_BY_CJK.sub("", " ".join(text.split()))
    clauses = [clause for clause in _clauses(text) if clause]
    while len(clauses) > 1 and _WHEN_ONLY.match(clauses[0]):
        clauses.pop(0)
    if not clauses:
        return ""
    clauses[0] = _PICTURE_SAYS.sub("", clauses[0]) or clauses[0]
    title = clauses[0]
    for clause in clauses[1:]:
        if len(title) >= MIN_TITLE or len(title) + 1 + len(clause) > MAX_TITLE:
            break
        title = f"{title}，{clause}"
    return title if len(title) <= MAX_TITLE else _cut(title)


def _clauses(text: str) -> list[str]:
    """The text split at clause ends outside quotation marks and brackets, ends dropped."""
    clauses: list[str] = []
    start = 0
    waiting: list[str] = []  # the closing marks owed, innermost last
    for index, ch in enumerate(text):
        if waiting and ch == waiting[-1]:
            waiting.pop()
        elif ch in _OPENERS:
            waiting.append(_OPENERS[ch])
        elif ch in _CLAUSE_ENDS and not waiting:
            clauses.append(text[start:index].strip())
            start = index + 1
    clauses.append(text[start:].strip())
    return clauses


def _cut(title: str) -> str:
    """`title` cut to at most MAX_TITLE characters and "…", at a place that splits no number, no Latin
    word and no quotation (the last such place; the whole first run of them where there is none)."""
    safe = 0
    waiting: list[str] = []
    for index, ch in enumerate(title):
        if index >= MAX_TITLE:
            break
        if waiting and ch == waiting[-1]:
            waiting.pop()
        elif ch in _OPENERS:
            waiting.append(_OPENERS[ch])
        if not waiting and not _splits(title, index + 1):
            safe = index + 1
    if safe == 0:
        return title
    return title[:safe] + "…"


def _splits(text: str, at: int) -> bool:
    """A cut before `text[at]` would split a number ("114", "3.5") or a Latin word."""
    if at >= len(text):
        return False
    before, after = text[at - 1], text[at]
    if before.isdigit() and (after.isdigit() or after in ".,"):
        return True
    return before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
