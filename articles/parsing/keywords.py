"""Top terms of an article by TF-IDF, through our tokenizer and jieba's IDF table.

Takes the article's words (already cut by `Tokenizer.cut`, so the text is segmented once);
gives up to `top` keywords, best first, with stop words and newsroom boilerplate removed::

    >>> words = get_tokenizer().cut("志愿者为群众检查口腔。学雷锋志愿服务活动在文昌万达广场开展。")
    >>> keywords(words, top=3)
    ['学雷锋', '万达', '文昌']

`get_extractor()` is a `jieba.analyse.TFIDF` whose tokenizer and POS tokenizer are ours
(never jieba's global ones), for callers that want `extract_tags` on raw text.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable

import jieba.analyse

from articles.parsing.lexicon import get_lexicon
from articles.parsing.tokenizer import get_tokenizer


@functools.cache
def get_extractor() -> jieba.analyse.TFIDF:
    extractor = jieba.analyse.TFIDF()
    tok = get_tokenizer()
    extractor.tokenizer = tok.jieba
    extractor.postokenizer = tok.pos
    extractor.stop_words = set(extractor.stop_words) | set(get_lexicon().stopwords)
    return extractor


def keywords(words: Iterable[str], top: int = 8, exclude: Iterable[str] = ()) -> list[str]:
    """TF-IDF over the words, as `TFIDF.extract_tags` scores them, without a second cut."""
    extractor = get_extractor()
    stop = extractor.stop_words
    excluded = set(exclude)
    counts: Counter[str] = Counter()
    for w in words:
        w = w.strip()
        # one-character words and numbers carry no topic; stop words and bylines are boilerplate
        if len(w) < 2 or w.lower() in stop or w in excluded or not any("\u4e00" <= c <= "\u9fff" for c in w):
            continue
        counts[w] += 1
    total = sum(counts.values()) or 1
    idf, median = extractor.idf_freq, extractor.median_idf
    scored = sorted(counts, key=lambda w: (-(counts[w] * idf.get(w, median) / total), w))
    return scored[:top]
