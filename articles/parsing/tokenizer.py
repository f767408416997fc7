"""The one jieba tokenizer of the parser: an explicit `jieba.Tokenizer`, never jieba's global state.

Takes text; gives words (segmentation with jieba's HMM for unknown words) and, for any word,
the part-of-speech tag jieba's dictionary or our curated dictionary gives it::

    >>> tok = get_tokenizer()
    >>> tok.cut("市委书记张建慧调研示范区")
    ['市委书记', '张建慧', '调研', '示范区']
    >>> tok.tag("张建慧"), tok.tag("示范区"), tok.tag("党工委")
    (None, 'n', 'nt')

Tagging is a dictionary look-up (`tag`), not `jieba.posseg` (6x slower): the entity rules
need the tag only of a few tokens. jieba.posseg and jieba.analyse are never imported: each
builds tables for jieba's global tokenizer at import (42 MB and more in every server process).
The names an archive has confirmed come in explicitly, as a `Lexicon` passed to the parse
(`use_lexicon`): the tokenizer then knows those words and no others taught before, so a text
parses the same in every process given the same lexicon, whatever was parsed before it.
The curated user dictionary is `data/userdict.txt` ("word freq tag" lines, jieba's format).
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sys
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import jieba

DATA_DIR = Path(__file__).with_name("data")
USER_DICT = DATA_DIR / "userdict.txt"
GAZETTEER = DATA_DIR / "places.txt"

#: texts whose cut the tokenizer keeps: one page's texts and names (a page has up to a few
#: hundred), enough for the search index to find the entity stage's cuts
CUT_CACHE_SIZE = 1024
Result = TypeVar("Result")
#: (word, POS tag) pairs a parse is to know beyond the dictionaries: "nr" persons, "nt"
#: organizations, "ns" places (the archive's confirmed names)
Lexicon = frozenset[tuple[str, str]]
_NOT_YET = object()
_LAYOUT_SPACES = re.compile(r"[ \t\u3000]+")
#: the ASCII characters jieba cuts as runs (with Chinese characters; every other character apart),
#: as a regex character-class body
JIEBA_RUN_ASCII = "a-zA-Z0-9+#&._%-"
#: full-width forms of those characters → ASCII
_FULL_WIDTH_RUN_CHARACTERS = {
    ord(full): ord(full) - 0xFEE0
    for full in map(chr, range(0xFF01, 0xFF5F))
    if re.fullmatch(f"[{JIEBA_RUN_ASCII}]", chr(ord(full) - 0xFEE0))
}

# jieba logs "Building prefix dict..." at DEBUG through its own logger; the parser is a library.
jieba.setLogLevel(logging.ERROR)
logging.getLogger("jieba").setLevel(logging.ERROR)


def read_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a file in data/ (shared by the rule modules)."""
    path = DATA_DIR / name
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


class Tokenizer:
    """jieba segmentation plus a word → POS-tag table, loaded once (see `get_tokenizer`)."""

    def __init__(self, user_dict: Path | None = USER_DICT) -> None:
        self.jieba = jieba.Tokenizer()
        # The prefix-dictionary cache goes to a per-user temp folder: the package folder may be
        # read-only, and two users sharing /tmp/jieba.cache would fight over its permissions.
        cache_dir = Path(tempfile.gettempdir()) / f"newsroom-jieba-{os.getuid() if hasattr(os, 'getuid') else 0}"
        cache_dir.mkdir(parents=True, exist_ok=True)
        self.jieba.tmp_dir = str(cache_dir)
        self.jieba.cache_file = "jieba.cache"
        self.jieba.initialize()
        self.tags: dict[str, str] = self._dictionary_tags()
        self._lock = threading.Lock()
        #: per-word results of the rule modules, keyed by rule name: a result depends only on the
        #: word and the word's own dictionary entry (its tag), so teaching a word drops its results
        #: alone and the others stay (an import teaches its page's new names every time)
        self.memo: dict[Callable[..., object], dict[str, object]] = {}
        #: recent cuts by text (LRU): an import cuts each text twice, for its entities and for the
        #: search index, and jieba's cut is most of the time either stage takes
        self._cuts: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        #: words our curated lists tag (their tags are trusted more than jieba's dictionary's,
        #: which calls 罗干 a place and 文明 a name)
        self.curated: dict[str, str] = {}
        #: the lexicon in use (`use_lexicon`), and what each of its words was before it came, in
        #: the order they came: (its frequency in jieba's table or None, its tag, its curated
        #: tag, what its coming added to jieba's total)
        self.lexicon: Lexicon = frozenset()
        self._before: dict[str, tuple[int | None, str | None, str | None, int]] = {}
        if user_dict is not None and user_dict.exists():
            self.add_words(self._read_user_dict(user_dict))
            if GAZETTEER.exists():
                # one-character short names (京, 豫) are tagged but not added as words: they
                # would cut names apart (张京华); longer names are added so segmentation keeps them
                for name in (w for line in read_lines("places.txt") for w in line.split()):
                    if len(name) > 1:
                        self.add_words([(name, "ns", None)])
                    self.curated[name] = "ns"

    def _dictionary_tags(self) -> dict[str, str]:
        """word → tag of jieba's dictionary, keyed by the very word objects of the tokenizer's
        own table, with one object per tag. jieba.posseg's table holds a copy of every word and
        of every tag (42 MB, kept by each process of a server; and importing jieba.posseg builds
        another for jieba's global tokenizer): this one costs a third of that."""
        tag_of: dict[str, str] = {}
        with self.jieba.get_dict_file() as lines:
            for line in lines:
                parts = line.decode("utf-8").split()  # "word frequency tag"
                if len(parts) == 3:
                    tag_of[parts[0]] = sys.intern(parts[2])
        return {word: tag_of[word] for word in self.jieba.FREQ if word in tag_of}

    @staticmethod
    def _read_user_dict(path: Path) -> list[tuple[str, str, int | None]]:
        entries = []
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            word = parts[0]
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else "n"
            entries.append((word, tag, freq))
        return entries

    def add_words(self, words: Iterable[tuple[str, str] | tuple[str, str, int | None]]) -> None:
        """Teach words with their POS tag ("nr" person, "nt" organization, "ns" place, ...).

        A word is given jieba's suggested frequency, so segmentation keeps it whole; a word taught
        already with the same tag is left as it is."""
        added: list[str] = []
        with self._lock:
            for entry in words:
                word, tag = entry[0].strip(), entry[1]
                freq = entry[2] if len(entry) > 2 else None
                if not word:
                    continue
                if freq is None and self.curated.get(word) == tag and self.known(word):
                    continue  # taught already (each import re-teaches its page's names)
                if freq is None:
                    freq = max(self.jieba.suggest_freq(word, tune=False), 3)
                self.jieba.add_word(word, freq, tag)
                self.tags[word] = tag
                self.curated[word] = tag
                added.append(word)
            # a new word changes the cut of the texts that contain it (the others' best paths keep
            # their words, whose frequencies did not change)
            self._forget(added)

    def use_lexicon(self, lexicon: Lexicon) -> None:
        """Know the words of `lexicon` with their tags, and none taught by an earlier lexicon.

        The table goes back to the dictionaries alone (each word taught before gets back its
        frequency and tags, jieba's total what it was), then every word of the lexicon gets the
        frequency jieba suggests for it against the dictionaries alone: so one lexicon gives one
        table, whatever came before it. What was worked out with other words known (the rule
        modules' results, cached cuts) is dropped. Callers hold `lexicon_lock` across the parse.
        Costs about 0.1 ms a word of the lexicon, on each change of lexicon."""
        if lexicon == self.lexicon:
            return
        tags: dict[str, str] = {}
        for word, tag in sorted(lexicon):
            if word.strip():
                tags.setdefault(word.strip(), tag)  # one tag a word: the first in order
        with self._lock:
            for word in reversed(list(self._before)):
                self._restore(word)
            frequencies = {word: max(self.jieba.suggest_freq(word, tune=False), 3) for word in tags}
            for word, tag in tags.items():
                before = (self.jieba.FREQ.get(word), self.tags.get(word), self.curated.get(word))
                total = self.jieba.total
                self.jieba.add_word(word, frequencies[word], tag)
                self.tags[word] = tag
                self.curated[word] = tag
                self._before[word] = (*before, self.jieba.total - total)
            for results in self.memo.values():
                results.clear()
            self._cuts.clear()
            self.lexicon = lexicon

    def _restore(self, word: str) -> None:
        frequency, tag, curated, added = self._before.pop(word)
        # jieba's add_word adds the new frequency to its total and takes nothing off: undo that
        self.jieba.total -= added
        # a word jieba did not know stays as a prefix entry (0), as jieba keeps its prefixes
        self.jieba.FREQ[word] = frequency or 0
        self.jieba.user_word_tag_tab.pop(word, None)
        for table, value in ((self.tags, tag), (self.curated, curated)):
            if value is None:
                table.pop(word, None)
            else:
                table[word] = value

    def _forget(self, words: Iterable[str]) -> None:
        """Drop what was worked out with `words` known (their rule results, the cuts holding them)."""
        words = list(words)
        if not words:
            return
        for results in self.memo.values():
            for word in words:
                results.pop(word, None)
        for text in [t for t in self._cuts if any(word in t for word in words)]:
            del self._cuts[text]

    def memoized(self, rule: Callable[..., Result], word: str, *context: object) -> Result:
        """`rule(word, *context)`, kept in `memo` for the word (see there): `context` must be the
        same on every call (the tokenizer, the lexicon)."""
        results = self.memo.get(rule)
        if results is None:
            results = self.memo[rule] = {}
        value = results.get(word, _NOT_YET)
        if value is _NOT_YET:
            value = results[word] = rule(word, *context)
        return value  # type: ignore[return-value]

    def cut(self, text: str) -> list[str]:
        """Words of the text (HMM on: unknown names such as 张建慧 come out whole)."""
        with self._lock:
            cached = self._cuts.get(text)
            if cached is not None:
                self._cuts.move_to_end(text)
                return list(cached)
        words = list(self.jieba.cut(text, HMM=True))
        with self._lock:
            self._cuts[text] = tuple(words)
            if len(self._cuts) > CUT_CACHE_SIZE:
                self._cuts.popitem(last=False)
        return words

    def tag(self, word: str) -> str | None:
        """The dictionary tag of a word, None for a word no dictionary knows (an HMM word)."""
        return self.tags.get(word)

    def known(self, word: str) -> bool:
        return word in self.jieba.FREQ and self.jieba.FREQ[word] > 0


def clean_for_cut(text: str) -> str:
    """Runs of spaces, tabs and ideographic spaces as one space (clean text keeps a space only where
    it separates, as between names in a list), none at the ends."""
    return _LAYOUT_SPACES.sub(" ", text).strip()


def cut_form(text: str) -> str:
    """The form of a text the entity stage and the search index both cut, so that the index's cut
    is the entity stage's, from the cache: `clean_for_cut`, and full-width ASCII letters, digits
    and ．％＋＃＆＿－ as ASCII (jieba cuts ASCII runs as words, and puts each full-width character
    apart: １９９８年 is then 1998 / 年, not １ / ９ / ９ / ８ / 年)."""
    return clean_for_cut(text).translate(_FULL_WIDTH_RUN_CHARACTERS)


@functools.cache
def get_tokenizer() -> Tokenizer:
    """The process's tokenizer (dictionary loaded on first use, ~1 s)."""
    return Tokenizer()


#: held across a parse that uses a lexicon, so that two threads' lexicons do not mix
lexicon_lock = threading.RLock()
