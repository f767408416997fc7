"""The one jieba tokenizer: explicit instance, curated dictionary, words taught at run time."""

from __future__ import annotations

import jieba

from articles.parsing.tokenizer import Tokenizer, get_tokenizer


def test_one_tokenizer_per_process() -> None:
    assert get_tokenizer() is get_tokenizer()
    assert get_tokenizer().jieba is not jieba.dt  # never jieba's global tokenizer


def test_curated_dictionary_is_loaded() -> None:
    tok = get_tokenizer()
    tok.use_lexicon(frozenset())  # the dictionaries alone, whatever an import's lexicon taught
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


def test_a_lexicon_is_known_while_in_use_and_forgotten_after() -> None:
    tok = Tokenizer()
    text = "欧阳娜娜岚与古丽娜扎出席会议"
    base = (tok.cut(text), tok.tag("欧阳娜娜岚"), tok.jieba.total, dict(tok.tags))
    tok.use_lexicon(frozenset({("欧阳娜娜岚", "nr"), ("古丽娜扎", "nr")}))
    assert {"欧阳娜娜岚", "古丽娜扎"} <= set(tok.cut(text)) and tok.tag("欧阳娜娜岚") == "nr"
    tok.use_lexicon(frozenset({("古丽娜扎", "nr")}))
    assert "欧阳娜娜岚" not in tok.cut(text) and "古丽娜扎" in tok.cut(text)
    tok.use_lexicon(frozenset())
    assert (tok.cut(text), tok.tag("欧阳娜娜岚"), tok.jieba.total, dict(tok.tags)) == base


def test_a_lexicon_gives_the_same_table_whatever_came_before() -> None:
    wanted = frozenset({("古丽娜扎", "nr"), ("示范区党群服务中心", "nt")})
    fresh = Tokenizer()
    fresh.use_lexicon(wanted)
    travelled = Tokenizer()
    travelled.use_lexicon(frozenset({("欧阳娜娜岚", "nr"), ("古丽娜扎", "ns")}))
    travelled.use_lexicon(wanted)
    assert travelled.jieba.total == fresh.jieba.total
    for word in ("古丽娜扎", "示范区党群服务中心", "欧阳娜娜岚"):
        assert travelled.jieba.FREQ.get(word, 0) == fresh.jieba.FREQ.get(word, 0)
        assert travelled.tag(word) == fresh.tag(word)


def test_a_page_parses_the_same_given_the_same_lexicon() -> None:
    from articles.parsing import parse_page

    text = "城东新区新建学校五所\n本报讯 （记者 欧阳娜娜岚） 古丽娜扎昨天在城东新区出席开学典礼，她说学校建得好。\n"
    lexicon = frozenset({("古丽娜扎", "nr")})
    first = parse_page(text, lexicon=lexicon).to_dict()
    parse_page(text, lexicon=frozenset({("城东新区出席", "nr")}))  # another archive in between
    parse_page(text)
    assert parse_page(text, lexicon=lexicon).to_dict() == first
    assert "古丽娜扎" in [p["name"] for p in first["articles"][0]["people"]]
