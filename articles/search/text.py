"""Text → search terms, the same way for the index and for queries.

Takes raw Chinese/Latin text; gives

* `normalize(text)`: NFKC (full-width ＡＢＣ１２３ → ABC123), lower case, and no layout
  whitespace between Chinese characters (`fold` is the first two alone, for queries, whose
  spaces mean AND);
* `words(text)`: the jieba words (accurate mode, the project's one tokenizer), normalized and cut
  to their letter/digit parts ("covid-19" → "covid", "19"), so that PostgreSQL's text-search parser
  and SQLite FTS5's unicode61 tokenizer each see exactly one lexeme per word; `join_texts` puts
  a SEPARATOR word between the texts of one field (paragraphs, names) so no phrase spans two;
* `grams(text)`: the fallback terms: for every run of Chinese characters, its character bigrams,
  its last character alone, then its trigrams. A query's run is found by its bigram (two
  characters), its trigram (three) or its trigrams as a phrase (more): any Chinese string however
  jieba cut the text around it (an unknown name, a word inside a longer one). A one-character
  query matches the terms starting with it (a prefix query), the run-final character included.
  Trigram phrases cannot run from one run into the next: a bigram always comes between.
"""

from __future__ import annotations

import re
import unicodedata

from articles.parsing.tokenizer import get_tokenizer

#: Chinese characters (CJK unified ideographs, extension A, compatibility ideographs).
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RUN = re.compile(f"[{HAN}]+")
#: letters and digits (no underscore: both databases' tokenizers split on it)
WORD_PART = re.compile(r"[^\W_]+")
#: Put between the texts of one field (paragraphs, captions, names): a word both databases index,
#: so phrases do not run from one text into the next, and that no query can contain.
SEPARATOR = "ǂ"


_SPACE_IN_CHINESE = re.compile(f"(?<=[{HAN}])\\s+(?=[{HAN}])")


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
    text = normalize(text)
    tokenizer = get_tokenizer()
    out: list[str] = []
    inner: list[list[str]] = []
    for token in tokenizer.cut(text):
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
    """The fallback terms a query's run of two or more Chinese characters must match, as a phrase:
    the run itself when it is one bigram or trigram (one exact index look-up, no re-check of
    positions), else its trigrams (adjacent trigrams of a text are adjacent in `grams`)."""
    if len(run) <= 3:
        return [run]
    return [run[i : i + 3] for i in range(len(run) - 2)]


def grams(text: str) -> list[str]:
    """The fallback terms of `text`: `run_grams` of each of its Chinese runs, in order."""
    out: list[str] = []
    for run in han_runs(text):
        out.extend(run_grams(run))
    return out
