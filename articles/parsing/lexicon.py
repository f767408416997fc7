"""The curated word lists of the entity stage, read once from `data/`.

Takes nothing; gives frozen sets (and suffix tuples, longest first) used by the rule modules::

    >>> lex = get_lexicon()
    >>> "欧阳" in lex.compound_surnames, "书记" in lex.titles, lex.org_suffixes[0]
    (True, True, '人大常委会')

Every list is general knowledge (surnames, office titles, institution and place endings),
never names taken from the pages the parser is tuned on.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from articles.parsing.tokenizer import read_lines


def _words(name: str) -> frozenset[str]:
    return frozenset(w for line in read_lines(name) for w in line.split())


@dataclass(frozen=True)
class Lexicon:
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    titles: frozenset[str]
    title_heads: tuple[str, ...]  # titles by length, longest first, for "ends with" tests
    person_cues: frozenset[str]
    person_weak_cues: frozenset[str]
    not_names: frozenset[str]
    not_orgs: frozenset[str]
    org_suffixes: tuple[str, ...]
    place_suffixes: tuple[str, ...]
    stopwords: frozenset[str]

    def title_head(self, word: str) -> str | None:
        """The longest listed title a word ends with: "市委书记" → "书记", "示范区领导" → "领导"."""
        cache = self._caches["title"]
        if word not in cache:
            cache[word] = _longest_ending(word, self.titles, self.title_heads)
        return cache[word]

    def org_suffix(self, word: str) -> str | None:
        cache = self._caches["org"]
        if word not in cache:
            cache[word] = _longest_ending(word, self._org_set, self.org_suffixes)
        return cache[word]

    def place_suffix(self, word: str) -> str | None:
        cache = self._caches["place"]
        if word not in cache:
            cache[word] = _longest_ending(word, self._place_set, self.place_suffixes)
        return cache[word]

    @functools.cached_property
    def _caches(self) -> dict[str, dict[str, str | None]]:
        # per-word answers: the same words recur in every article
        return {"title": {}, "org": {}, "place": {}}

    @functools.cached_property
    def _org_set(self) -> frozenset[str]:
        return frozenset(self.org_suffixes)

    @functools.cached_property
    def _place_set(self) -> frozenset[str]:
        return frozenset(self.place_suffixes)


def _longest_ending(word: str, endings: frozenset[str], by_length: tuple[str, ...]) -> str | None:
    # a set look-up per possible ending length: this runs for every word of every article
    longest = len(by_length[0]) if by_length else 0
    for k in range(min(longest, len(word)), 0, -1):
        if word[-k:] in endings:
            return word[-k:]
    return None


def _by_length(words: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@functools.cache
def get_lexicon() -> Lexicon:
    titles = _words("titles.txt")
    return Lexicon(
        surnames=_words("surnames.txt"),
        compound_surnames=_words("compound_surnames.txt"),
        titles=titles,
        title_heads=_by_length(titles),
        person_cues=_words("person_cues.txt"),
        person_weak_cues=_words("person_weak_cues.txt"),
        not_names=_words("not_names.txt"),
        not_orgs=_words("not_orgs.txt"),
        org_suffixes=_by_length(_words("org_suffixes.txt")),
        place_suffixes=_by_length(_words("place_suffixes.txt")),
        stopwords=_words("stopwords.txt"),
    )
