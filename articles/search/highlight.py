"""Highlighted snippets: the stretch of an article's text where the query's hits are densest.

Takes the texts of an article (body first, then captions, headline, kicker, subtitle) and a
`ParsedQuery`: `first_hit` finds the first text the query hits and where, `marked` gives HTML-safe
text of about `length` characters around the densest hits, each in <mark>, "…" where it was cut
(`opening`: the first text's beginning, where nothing hits). Hits are found the way the search
matches: each unit's text as a substring (normalized: full-width and case folded, positions mapped
back to the original; layout whitespace inside Chinese dropped), else its words.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import unicodedata
from collections.abc import Sequence

from articles.search.query import ParsedQuery
from articles.search.text import HAN

_SPACE = re.compile(r"\s+")
_SPACE_IN_CHINESE = re.compile(f"(?<=[{HAN}])\\s+(?=[{HAN}])")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


#: The code points of the Basic Multilingual Plane outside the Chinese and Hangul blocks (whose
#: characters fold to themselves) and the surrogates. Beyond it, the few characters in news text
#: are folded as they come (a whole stretch, one by one where its length changes); a compact set of
#: BMP characters keeps the scans below fast.
_FOLDING_RANGES = ((0x0, 0x3400), (0xA000, 0xAC00), (0xD7B0, 0xD800), (0xE000, 0x10000))
_BEYOND_BMP = re.compile("[\U00010000-\U0010FFFF]")


def _scan_folds() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pass over _FOLDING_RANGES giving
    * the characters that fold (NFKC + lower case) to other than exactly one character, or combine
      with their neighbour (… into ..., ﬁ into fi, a combining accent into the letter before it);
    * {character: the characters that fold one to one to it, or lower-case to it, where folding
      and lower-casing differ}: "," ← "，", "a" ← "ａⓐ", "豈" ← "\\uf900" (a compatibility ideograph)."""
    not_one_to_one: list[str] = []
    sources: dict[str, list[str]] = {}
    for start, stop in _FOLDING_RANGES:
        for char in map(chr, range(start, stop)):
            folded = _fold(char)
            if len(folded) != 1 or unicodedata.combining(char):
                not_one_to_one.append(re.escape(char))
                continue
            lowered = char.lower()
            if folded != lowered:
                sources.setdefault(folded, []).append(char)
                sources.setdefault(lowered, []).append(char)
    return (re.compile("[" + "".join(not_one_to_one) + "]"),
            {target: "".join(chars) for target, chars in sources.items()})


_NOT_ONE_TO_ONE, _UNLIKE_LOWER_CASE = _scan_folds()


@functools.lru_cache(maxsize=256)
def _lower_case_misses(needles: tuple[str, ...]) -> re.Pattern[str] | None:
    """The characters in whose presence lower-casing a text finds other hits of `needles` than
    folding it would (None: there are none)."""
    chars = {source for char in set("".join(needles)) for source in _UNLIKE_LOWER_CASE.get(char, "")}
    return re.compile("[" + "".join(map(re.escape, sorted(chars))) + "]") if chars else None


def _normalized_with_map(text: str) -> tuple[str, list[int]]:
    """NFKC + lower case with each output character's source index: each stretch between
    characters that fold to other than one character (the common case: the whole text) is folded
    whole, those characters one by one."""
    out: list[str] = []
    where: list[int] = []
    done = 0
    for special in (*_NOT_ONE_TO_ONE.finditer(text), None):
        stop = special.start() if special else len(text)
        stretch = text[done:stop]
        folded = _fold(stretch)
        if len(folded) == len(stretch):
            out.append(folded)
            where.extend(range(done, stop))
        else:  # a fold across characters (Hangul jamo into a syllable): one by one after all
            for index in range(done, stop):
                char = _fold(text[index])
                out.append(char)
                where.extend([index] * len(char))
        if special:
            char = _fold(special.group())
            out.append(char)
            where.extend([special.start()] * len(char))
            done = special.end()
    return "".join(out), where


def needles(parsed: ParsedQuery) -> tuple[list[str], list[str]]:
    """What to mark: the units' texts first; only where none of them occurs, their words
    (a quoted phrase across punctuation, a Latin word jieba split). Longest first."""
    texts = {unit.text: None for unit in parsed.units if " " not in unit.text}
    unit_words = {w: None for unit in parsed.units for w in unit.words if len(w) > 1 or not w.isascii()}
    return sorted(texts, key=len, reverse=True), sorted(unit_words, key=len, reverse=True)


def hit_spans(text: str, parsed: ParsedQuery) -> list[tuple[int, int]]:
    """Non-overlapping [start, end) spans of hits in `text` (original positions), in order."""
    groups = needles(parsed)
    # Folding a whole body (NFKC) costs ~0.1 ms; lower-casing it finds the same hits at the same
    # places unless the text holds a character that folds other than one to one, or one that folds
    # into a needle's character (or lower-cases into it) but does not lower-case into the same:
    # then the text is folded after all.
    lowered = text.lower()
    misses = _lower_case_misses(tuple(groups[0] + groups[1]))
    if (len(lowered) == len(text) and not _NOT_ONE_TO_ONE.search(text) and not _BEYOND_BMP.search(text)
            and not (misses and misses.search(text))):
        return _spans(lowered, range(len(text)), groups)
    return _spans(*_normalized_with_map(text), groups)


def _spans(folded: str, where: Sequence[int], groups: tuple[list[str], list[str]]) -> list[tuple[int, int]]:
    """hit_spans of a folded text, `where` its characters' places in the original."""
    for group in groups:
        taken = [False] * len(folded)
        spans: list[tuple[int, int]] = []
        for needle in group:
            start = folded.find(needle)
            while start != -1:
                end = start + len(needle)
                if not any(taken[start:end]):
                    taken[start:end] = [True] * (end - start)
                    spans.append((where[start], where[end - 1] + 1))
                start = folded.find(needle, end)
        if spans:
            return sorted(spans)
    return []


def _window(spans: list[tuple[int, int]], size: int, length: int) -> tuple[int, int]:
    """The `length`-character window holding the most hits, a little context before the first."""
    # the spans are in order and apart, so their starts and ends both ascend: the hits inside a
    # window [start, start + length] are those from the first starting in it to the last ending in it
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    best = (0, 0)
    for first in starts:
        start = max(0, min(first - length // 5, size - length))
        count = bisect.bisect_right(ends, start + length) - bisect.bisect_left(starts, start)
        if count > best[1]:
            best = (start, count)
    return best[0], min(size, best[0] + length)


def _cleaned(text: str) -> str:
    # layout whitespace inside Chinese goes, as the index ignores it (新华\n社 is 新华社)
    return _SPACE.sub(" ", _SPACE_IN_CHINESE.sub("", text)).strip()


def first_hit(texts: list[str], parsed: ParsedQuery) -> tuple[str, list[tuple[int, int]]] | None:
    """The first of `texts` (cleaned) the query hits, with its hits; None if it hits none."""
    for text in texts:
        text = _cleaned(text) if text else ""
        spans = hit_spans(text, parsed) if text else []
        if spans:
            return text, spans
    return None


def marked(text: str, spans: list[tuple[int, int]], *, length: int = 120) -> str:
    """About `length` characters of `text` where its `spans` are densest, each in <mark>, HTML-safe
    (escaped as Django's `escape` escapes, which is `html.escape` behind a lazy-string wrapper that
    cost half of a page's snippets)."""
    length = max(int(length), 10)
    start, end = _window(spans, len(text), length) if spans else (0, min(len(text), length))
    parts = ["…"] if start > 0 else []
    cursor = start
    for s, e in spans:
        if s < start or e > end:
            continue
        parts += [html.escape(text[cursor:s]), "<mark>", html.escape(text[s:e]), "</mark>"]
        cursor = e
    parts.append(html.escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return "".join(parts)


def opening(texts: list[str], *, length: int = 120) -> str:
    """The beginning of the first of `texts` that is not blank, unmarked, as a snippet."""
    return marked(next((_cleaned(t) for t in texts if t and t.strip()), ""), [], length=length)
