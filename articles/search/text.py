"""Text → search terms, the same way for the index and for queries.

Takes raw Chinese/Latin text; gives

* `normalize(text)`: NFKC (full-width ＡＢＣ１２３ → ABC123), lower case, and no layout
  whitespace between Chinese characters (`fold` is the first two alone, for queries, whose
  spaces mean AND);
* `words(text)`: the jieba words (accurate mode, the project's one tokenizer), normalized and cut
  to their letter/digit parts ("covid-19" → "covid", "19"), so that PostgreSQL's text-search parser
  and SQLite FTS5's unicode61 tokenizer each see exactly one lexeme per word; `join_texts` puts
  a SEPARATOR word between the texts of one field (paragraphs, names) so no phrase spans two;
* `document_grams(texts)`: the fallback terms: for every run of Chinese characters, its character
  bigrams, its last character alone and its trigrams, each once; and the runs themselves. A query's
  run is found by its bigram (two characters) or its trigram (three), one exact index look-up, or
  (more) by all its trigrams, then checked as a substring of the document's runs: any Chinese
  string however jieba cut the text around it (an unknown name, a word inside a longer one). A
  one-character query matches the terms starting with it (a prefix query), the run-final character
  included. The terms carry no positions: the index is smaller and quicker to write, and a look-up
  never re-reads a document's terms to compare positions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from articles.parsing.tokenizer import JIEBA_RUN_ASCII, cut_form, get_tokenizer

#: Chinese characters NFKC leaves as they are (CJK unified ideographs and extension A)
HAN_UNIFIED = r"\u3400-\u4dbf\u4e00-\u9fff"
#: Chinese characters (those and the compatibility ideographs, which NFKC maps to unified ones)
HAN = HAN_UNIFIED + r"\uf900-\ufaff"
HAN_RUN = re.compile(f"[{HAN}]+")
#: letters and digits (no underscore: both databases' tokenizers split on it)
WORD_PART = re.compile(r"[^\W_]+")
#: Put between the texts of one field (paragraphs, captions, names): a word both databases index,
#: so phrases do not run from one text into the next, and that no query can contain.
SEPARATOR = "ǂ"


_SPACE_IN_CHINESE = re.compile(f"(?<=[{HAN}])\\s+(?=[{HAN}])")

#: jieba cuts runs of these characters (its Chinese range and JIEBA_RUN_ASCII) and puts every other
#: character apart
_JIEBA_RUN = re.compile(f"[\u4e00-\u9fd5{JIEBA_RUN_ASCII}]")


def _cut_stable(char: str) -> bool:
    """Whether `normalize` leaves the cut around `char` as it is: it does not change the character,
    or changes it into characters jieba also puts apart (full-width ， into ,). Not stable: full-width
    ０-９ Ａ-Ｚ ．％ and … (into runs), 〸 (into 十), ¨ (into a space), and upper-case ASCII (the
    dictionary has T恤, not t恤)."""
    if "A" <= char <= "Z":
        return False
    folded = unicodedata.normalize("NFKC", char)
    return folded == char or not any(c.isspace() or _JIEBA_RUN.match(c) or HAN_RUN.match(c) for c in folded)


#: Texts made only of cut-stable characters (ASCII, Latin-1, punctuation, Chinese) are cut the same
#: before and after `normalize`, layout spaces aside.
_CUT_STABLE = re.compile(
    "["
    + "".join(
        re.escape(char)
        for start, stop in ((0x0, 0x100), (0x2010, 0x2070), (0x2190, 0x2800), (0x3001, 0x3040), (0xFF01, 0xFF66))
        for char in map(chr, range(start, stop))
        if _cut_stable(char)
    )
    + HAN_UNIFIED
    + "]*"
)


def fold(text: str) -> str:
    """NFKC + lower case (full-width ＡＢＣ１２３ → abc123)."""
    return unicodedata.normalize("NFKC", text).lower()


def normalize(text: str) -> str:
    """`fold`, and no whitespace between two Chinese characters (Chinese puts none between
    words: a space or line break there is layout, 新华\\n社 is 新华社)."""
    return _SPACE_IN_CHINESE.sub("", fold(text))


def words(text: str, *, separators: bool = False, subwords: bool = False) -> list[str]:
    """The index/query words of `text` in order (see the module docstring).

    With `separators` (the index), punctuation becomes one SEPARATOR, so that a phrase never
    matches across it: 志愿服务 must not match "志愿。服务". With `subwords` (the index), the
    dictionary words inside longer words (消防 and 安全 in 消防安全, as jieba's search mode finds
    them) follow the text, each word's set after a SEPARATOR: a query for 消防 then finds and
    ranks 消防安全 through the word index, while phrases still see the text as cut."""
    tokenizer = get_tokenizer()
    out: list[str] = []
    inner: list[list[str]] = []
    for token in _cut(text, tokenizer):
        parts = [part for part in WORD_PART.findall(token) if part != SEPARATOR]
        if parts:
            out.extend(parts)
            if subwords and len(token) > 2 and HAN_RUN.fullmatch(token):
                found = _subwords(token, tokenizer)
                if found:
                    inner.append(found)
        elif separators and not token.isspace() and out and out[-1] != SEPARATOR:
            out.append(SEPARATOR)
    if out and out[-1] == SEPARATOR:
        out.pop()
    for found in inner:
        out.append(SEPARATOR)
        out.extend(found)
    return out


def _cut(text: str, tokenizer) -> list[str]:
    """jieba's words of `normalize(text)`. Where the text's cut cannot change under `normalize`, they
    are the folded words of the text as the parser's entity stage cut it, which the tokenizer has
    kept: importing a page then segments its text once, not twice."""
    form = cut_form(text)
    if _CUT_STABLE.fullmatch(form) and not _SPACE_IN_CHINESE.search(form):
        return [fold(token) for token in tokenizer.cut(form)]
    return tokenizer.cut(normalize(text))


def _subwords(word: str, tokenizer) -> list[str]:
    """The dictionary words of two and three characters inside `word` (jieba's search mode)."""
    found = [word[i : i + 2] for i in range(len(word) - 1) if tokenizer.known(word[i : i + 2])]
    if len(word) > 3:
        found += [word[i : i + 3] for i in range(len(word) - 2) if tokenizer.known(word[i : i + 3])]
    return found


def join_texts(word_lists: list[list[str]]) -> str:
    """The words of several texts of one field, space-separated, SEPARATOR between texts."""
    return f" {SEPARATOR} ".join(" ".join(ws) for ws in word_lists if ws)


def han_runs(text: str) -> list[str]:
    """The unbroken runs of Chinese characters in `text`."""
    return HAN_RUN.findall(normalize(text))


def run_grams(run: str) -> list[str]:
    """The fallback terms of one run of Chinese characters: its bigrams, its last character, its
    trigrams (see the module docstring)."""
    if not run:
        return []
    return ([run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]
            + [run[i : i + 3] for i in range(len(run) - 2)])


def query_grams(run: str) -> list[str]:
    """The fallback terms a query's run of two or more Chinese characters is looked up by: the run
    itself when it is one bigram or trigram (one exact index look-up, and nothing to re-check), else
    its trigrams, all of which a text holding the run holds (the backends then check the run
    itself in the candidates' SearchRuns rows)."""
    if len(run) <= 3:
        return [run]
    return list(dict.fromkeys(run[i : i + 3] for i in range(len(run) - 2)))


def document_grams(texts: Iterable[str]) -> tuple[str, str]:
    """The two gram columns of a document made of `texts`: its distinct fallback terms
    (space-separated, in order of first occurrence) and its runs of Chinese characters
    (space-separated), in which a longer query run is found as a substring."""
    runs = [run for text in texts if text for run in han_runs(text)]
    distinct = dict.fromkeys(gram for run in runs for gram in run_grams(run))
    return " ".join(distinct), " ".join(runs)
