"""Keywords: TF-IDF through our tokenizer, no stop words or newsroom boilerplate."""

from __future__ import annotations

import subprocess
import sys

from articles.parsing.keywords import get_idf_table, keywords
from articles.parsing.tokenizer import get_tokenizer


def test_parsing_never_loads_jiebas_global_tokenizers() -> None:
    # jieba.posseg and jieba.analyse build tables for jieba's global tokenizers when imported
    # (tens of MB in every server process); the parser reads the data files it needs itself.
    code = (
        "import sys; from articles.parsing import parse_page; from articles.parsing.keywords import keywords;"
        "from articles.parsing.tokenizer import get_tokenizer; keywords(get_tokenizer().cut('消防安全检查'));"
        "print(sorted(m for m in sys.modules if m.startswith(('jieba.posseg', 'jieba.analyse'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_idf_table_is_jiebas() -> None:
    table = get_idf_table()
    assert len(table.idf) > 200_000 and min(table.idf.values()) < table.median < max(table.idf.values())
    assert table.idf["消防"] > table.idf["工作"]  # the rarer word weighs more


def test_keywords_rank_topic_words_first() -> None:
    words = get_tokenizer().cut("本报讯 记者 通讯员 报道：消防安全隐患大排查，消防安全演练，消防安全知识进社区。")
    top = keywords(words, top=3)
    assert top[0] == "消防安全"
    assert not {"记者", "本报", "通讯员", "报道"} & set(top)


def test_excluded_words_and_short_words() -> None:
    assert keywords(["姬慧洋", "姬慧洋", "的", "1", "志愿者"], exclude={"姬慧洋"}) == ["志愿者"]
