"""Query text → `ParsedQuery`: what must match, segmented exactly as the index is.

Takes the user's query string; gives a `ParsedQuery` of `Unit`s that must all match (AND), or
raises `SearchQueryError` (a ValueError) for a query with nothing to search or too long.

Semantics:

* words separated by spaces must all match (AND);
* an unbroken run of Chinese characters (志愿服务) is one unit that must occur as it is, its jieba
  words (志愿 / 服务) adjacent and in order: the backends find it through the character grams
  (its bigram or trigram, or its trigrams as a phrase: 志愿服 愿服务), which also finds names and
  terms the dictionary does not know or the index cut differently; its words rank the hits;
* a single Chinese character matches any word or bigram beginning with it (a prefix query);
* Latin letters and digits in a word form their own units ("G20峰会" → "g20" AND "峰会");
* "quoted text" (also “…”, 「…」, 『…』) is one unit: all its words as one phrase, spaces and
  punctuation inside ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from articles.search.text import HAN, fold, query_grams, words
from newsroom.i18n import MessageError, gettext_noop

#: Longer queries are refused: nobody types them, and each unit costs an index look-up.
MAX_QUERY_LENGTH = 200
MAX_UNITS = 12

_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')
_RUN = re.compile(f"(?P<han>[{HAN}]+)|(?P<alnum>[^\\W_{HAN}]+)")
_ONLY_HAN = re.compile(f"[{HAN}]+")


class SearchQueryError(MessageError, ValueError):
    """A query that cannot be searched; `str()` says why in one line, in English (`translated()`: in
    the reader's language)."""


@dataclass(frozen=True)
class Unit:
    """One thing that must match.

    `text`: the normalized surface text (for highlighting); `words`: the jieba words (a phrase in
    the word index for Latin text and mixed quoted phrases; relevance for all); `grams`: the gram
    phrase a Chinese unit is found by (empty for Latin text); `prefix`: a single Chinese character,
    matched as a prefix of the grams."""

    text: str
    words: tuple[str, ...]
    grams: tuple[str, ...] = ()
    prefix: str = ""


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    units: tuple[Unit, ...]

    @property
    def rank_words(self) -> tuple[str, ...]:
        """The words relevance counts: every unit's words, and a short Chinese unit whole too
        (the index holds 宋力 whole where the tokenizer knew the name when it indexed)."""
        out: dict[str, None] = {}
        for unit in self.units:
            out.update(dict.fromkeys(unit.words))
            if unit.grams and len(unit.text) <= 8 and _ONLY_HAN.fullmatch(unit.text):
                out[unit.text] = None
        return tuple(out)


def _han_unit(run: str) -> Unit:
    if len(run) == 1:
        return Unit(text=run, words=(run,), prefix=run)
    return Unit(text=run, words=tuple(words(run)), grams=tuple(query_grams(run)))


def parse_query(query: str) -> ParsedQuery:
    """Parse a query (see the module docstring); raises SearchQueryError if nothing is searchable."""
    if not isinstance(query, str):
        raise SearchQueryError(gettext_noop("the query must be text"))
    text = fold(query).strip()
    if not text:
        raise SearchQueryError(gettext_noop("the query is empty"))
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchQueryError(gettext_noop("the query is too long (%(length)d characters; at most %(limit)d)"),
                               length=len(text), limit=MAX_QUERY_LENGTH)

    units: dict[Unit, None] = {}
    for phrase in (next(g for g in m.groups() if g is not None) for m in _QUOTED.finditer(text)):
        phrase_words = tuple(words(phrase))
        if not phrase_words:
            continue
        compact = re.sub(r"\s+", "", phrase)
        if _ONLY_HAN.fullmatch(compact):
            units[_han_unit(compact)] = None  # "乡村 振兴" means what 乡村振兴 means unquoted
        else:
            units[Unit(text=phrase.strip(), words=phrase_words)] = None
    for match in _RUN.finditer(_QUOTED.sub(" ", text)):
        if match.group("han"):
            units[_han_unit(match.group("han"))] = None
        else:
            run_words = tuple(words(match.group("alnum")))
            if run_words:
                units[Unit(text=match.group("alnum"), words=run_words)] = None
    if not units:
        raise SearchQueryError(gettext_noop("the query has no letters, digits or Chinese characters to search for"))
    if len(units) > MAX_UNITS:
        raise SearchQueryError(gettext_noop("the query has too many words (%(count)d; at most %(limit)d)"),
                               count=len(units), limit=MAX_UNITS)
    return ParsedQuery(text=text, units=tuple(units))
