"""Top terms of an article by TF-IDF, through our tokenizer and jieba's IDF table.

Takes the article's words (already cut by `Tokenizer.cut`, so the text is segmented once);
gives up to `top` keywords, best first, with stop words and newsroom boilerplate removed::

    >>> words = get_tokenizer().cut("志愿者为群众检查口腔。学雷锋志愿服务活动在文昌万达广场开展。")
    >>> keywords(words, top=3)
    ['学雷锋', '万达', '文昌']

The IDF table is jieba's own (the data file of `jieba.analyse`), read on first use: importing
`jieba.analyse` would build a TF-IDF and a TextRank extractor over jieba's global tokenizers
(their tables in every server process), where only the table is wanted.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jieba

from articles.parsing.lexicon import get_lexicon

#: jieba's table of inverse document frequencies, "word idf" per line
IDF_FILE = Path(jieba.__file__).with_name("analyse") / "idf.txt"


@dataclass(frozen=True)
class IdfTable:
    idf: dict[str, float]
    #: the IDF of a word the table lacks (its median, as jieba's TF-IDF gives it)
    median: float
    stop_words: frozenset[str]


@functools.cache
def get_idf_table() -> IdfTable:
    idf: dict[str, float] = {}
    for line in IDF_FILE.read_text(encoding="utf-8").splitlines():
        word, _, value = line.strip().partition(" ")
        if value:
            idf[word] = float(value)
    median = sorted(idf.values())[len(idf) // 2]
    return IdfTable(idf=idf, median=median, stop_words=frozenset(get_lexicon().stopwords))


def keywords(words: Iterable[str], top: int = 8, exclude: Iterable[str] = ()) -> list[str]:
    """TF-IDF over the words, as jieba's `TFIDF.extract_tags` scores them, without a second cut."""
    table = get_idf_table()
    stop = table.stop_words
    excluded = set(exclude)
    counts: Counter[str] = Counter()
    for w in words:
        w = w.strip()
        # one-character words and numbers carry no topic; stop words and bylines are boilerplate
        if len(w) < 2 or w.lower() in stop or w in excluded or not any("\u4e00" <= c <= "\u9fff" for c in w):
            continue
        counts[w] += 1
    total = sum(counts.values()) or 1
    idf, median = table.idf, table.median
    scored = sorted(counts, key=lambda w: (-(counts[w] * idf.get(w, median) / total), w))
    return scored[:top]
