"""Keywords: TF-IDF through our tokenizer, no stop words or newsroom boilerplate."""

from __future__ import annotations

import jieba

from articles.parsing.keywords import get_extractor, keywords
from articles.parsing.tokenizer import get_tokenizer


def test_extractor_uses_our_tokenizer() -> None:
    extractor = get_extractor()
    assert extractor.tokenizer is get_tokenizer().jieba
    assert extractor.tokenizer is not jieba.dt


def test_keywords_rank_topic_words_first() -> None:
    words = get_tokenizer().cut("本报讯 记者 通讯员 报道：消防安全隐患大排查，消防安全演练，消防安全知识进社区。")
    top = keywords(words, top=3)
    assert top[0] == "消防安全"
    assert not {"记者", "本报", "通讯员", "报道"} & set(top)


def test_excluded_words_and_short_words() -> None:
    assert keywords(["姬慧洋", "姬慧洋", "的", "1", "志愿者"], exclude={"姬慧洋"}) == ["志愿者"]
