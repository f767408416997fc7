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
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
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


#: Tags of words a term is made of (巾帼/b 建功/n 标兵/n, 妇女/n 工作/vn 先进个人/n)
TERM_TAGS = frozenset({"n", "nz", "b", "vn", "j", "an", "ng", "i", "l"})
#: Measure words that count people or things: what follows them, up to the verb, is one term
#: ("29名巾帼建功标兵进行表彰")
MEASURES = frozenset("名个位家项支批")
MAX_TERM_CHARS = 10
_CJK_RE = re.compile("[\u4e00-\u9fff]+")


def whole_terms(words: Sequence[str], tag: Callable[[str], str | None]) -> list[str]:
    """The words with each run of nouns that names one thing joined into one term: a run that
    follows a count (29名 巾帼/建功/标兵 → 巾帼建功标兵) or that the text repeats whole."""
    runs: list[tuple[int, int]] = []
    part = [len(w) >= 2 and tag(w) in TERM_TAGS and _CJK_RE.fullmatch(w) is not None for w in words]
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and part[j]:
            j += 1
        if j - i >= 2 and sum(len(w) for w in words[i:j]) <= MAX_TERM_CHARS:
            runs.append((i, j))
        i = max(j, i + 1)
    # a term the text repeats: any stretch of two or more of a run's words seen twice or more
    # (红色/物业 in "红色物业建设成效明显" and "红色物业覆盖")
    repeated = Counter("".join(words[x:y]) for a, b in runs for x in range(a, b) for y in range(x + 2, b + 1))
    out: list[str] = []
    pos = 0
    for a, b in runs:
        if _counted(words, a):
            joined = [(a, b)]
        else:
            joined = []
            x = a
            while x < b - 1:
                y = next((y for y in range(b, x + 1, -1) if repeated["".join(words[x:y])] >= 2), None)
                if y is None:
                    x += 1
                    continue
                joined.append((x, y))
                x = y
        for x, y in joined:
            out += words[pos:x]
            out.append("".join(words[x:y]))
            pos = y
    return out + list(words[pos:])


def _counted(words: Sequence[str], start: int) -> bool:
    k = start - 1
    if k < 1 or words[k] not in MEASURES:
        return False
    k -= 1
    while k >= 0 and words[k].isspace():
        k -= 1
    return k >= 0 and (words[k].isdigit() or all(c in "一二三四五六七八九十百千两几多" for c in words[k]))


def keywords(words: Iterable[str], top: int = 8, exclude: Iterable[str] = ()) -> list[str]:
    """TF-IDF over the words, as jieba's `TFIDF.extract_tags` scores them, without a second cut;
    a joined term (`whole_terms`) weighs as its rarest part."""
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
    weight = {w: idf.get(w, median) for w in counts}
    for w in counts:
        if w not in idf and len(w) > 4:
            # a joined term: the table does not know it, its rarest known part says how telling it is
            parts = [idf[p] for n in (2, 3, 4) for p in (w[i:i + n] for i in range(len(w) - n + 1)) if p in idf]
            weight[w] = max(parts, default=median)
    scored = sorted(counts, key=lambda w: (-(counts[w] * weight[w] / total), w))
    out: list[str] = []
    for w in scored:
        if len(out) == top:
            break
        if any(w in kept for kept in out):
            continue  # a piece of a term already chosen (三八 beside 三八红旗手) says nothing more
        pieces = [i for i, kept in enumerate(out) if kept in w]
        if pieces:
            # the whole term takes its best piece's rank, the pieces go (高质量 → 高质量发展)
            out[pieces[0]] = w
            out = [kept for i, kept in enumerate(out) if i not in pieces[1:]]
        else:
            out.append(w)
    return out
