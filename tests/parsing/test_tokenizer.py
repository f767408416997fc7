"""The one jieba tokenizer: explicit instance, curated dictionary, words taught at run time."""

from __future__ import annotations

import jieba

from articles.parsing.tokenizer import Tokenizer, get_tokenizer


def test_one_tokenizer_per_process() -> None:
    assert get_tokenizer() is get_tokenizer()
    assert get_tokenizer().jieba is not jieba.dt  # never jieba's global tokenizer


def test_curated_dictionary_is_loaded() -> None:
    tok = get_tokenizer()
    assert tok.tag("党工委") == "nt"
    assert tok.tag("莫斯科") == "ns"  # the gazetteer overrides jieba's nr
    assert "党工委" in tok.cut("示范区党工委书记宋力主持会议")


def test_add_words_teaches_names() -> None:
    tok = Tokenizer()  # a private instance: the shared one stays as the process loaded it
    assert "欧阳娜娜岚" not in tok.cut("欧阳娜娜岚出席会议")
    tok.add_words([("欧阳娜娜岚", "nr")])
    assert "欧阳娜娜岚" in tok.cut("欧阳娜娜岚出席会议")
    assert tok.tag("欧阳娜娜岚") == "nr"


def test_global_jieba_untouched() -> None:
    get_tokenizer().add_words([("示范区党群服务中心", "nt")])
    assert "示范区党群服务中心" not in jieba.dt.FREQ


def test_taught_names_are_recognized() -> None:
    from articles.parsing.persons import find_people

    tok = Tokenizer()
    text = "古丽娜扎昨天去了北京。"
    assert find_people([tok.cut(text)], tok=tok) == []
    tok.add_words([("古丽娜扎", "nr")])  # a name the archive already confirmed
    assert [p.name for p in find_people([tok.cut(text)], tok=tok)] == ["古丽娜扎"]


def test_dictionary_tags_are_jiebas_with_one_object_per_word_and_tag() -> None:
    tok = Tokenizer()
    assert (tok.tag("北京"), tok.tag("调研"), tok.tag("张建慧")) == ("ns", "vn", None)
    word = next(w for w in tok.jieba.FREQ if w == "北京")
    assert next(w for w in tok.tags if w == "北京") is word  # the tokenizer's own word object
    assert tok.tags["上海"] is tok.tags["北京"]  # tags interned
