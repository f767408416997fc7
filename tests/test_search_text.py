"""Segmentation for the search index (articles.search.text), no database: the index reuses the
entity stage's cut only where that cut is the one of the normalized text."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.parsing.tokenizer import Tokenizer, cut_form, get_tokenizer
from articles.search.highlight import _normalized_with_map, _spans, hit_spans, needles
from articles.search.query import parse_query
from articles.search.text import _cut, document_grams, normalize, query_grams, words

#: characters that stress the equivalence: Chinese, ASCII of both cases, full-width letters and
#: digits, punctuation NFKC maps to punctuation or to runs (…, ．, ％), layout spaces
ALPHABET = list("志愿服务雷锋党工委宋力新华社年月日的了在") + list("aZt恤T0159-._%#") + list(
    "１９Ａｚ．％＋，。、；“”《》（）…—·　 \t\n▲①〸"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_the_index_cut_is_the_cut_of_the_normalized_text(text: str) -> None:
    # the same words; spaces aside, which no index word comes from
    tokenizer = get_tokenizer()
    expected = [word for word in tokenizer.jieba.cut(normalize(text), HMM=True) if not word.isspace()]
    assert [word for word in _cut(text, tokenizer) if not word.isspace()] == expected


def test_a_page_text_is_cut_once_for_its_entities_and_its_index() -> None:
    tokenizer = Tokenizer()
    calls = []
    original = tokenizer.jieba.cut
    tokenizer.jieba.cut = lambda text, HMM: calls.append(text) or original(text, HMM=HMM)
    text = "１９９８年，党工委书记宋力带队开展“学雷锋”志愿服务。"
    tokenizer.cut(cut_form(text))  # the entity stage
    assert _cut(text, tokenizer) == ["1998", "年", ",", "党工委", "书记", "宋力", "带队", "开展", "“", "学雷锋",
                                     "”", "志愿", "服务", "。"]
    assert calls == ["1998年，党工委书记宋力带队开展“学雷锋”志愿服务。"]


def test_a_cached_cut_is_a_fresh_list_and_a_taught_word_renews_it() -> None:
    tokenizer = Tokenizer()
    first = tokenizer.cut("欧阳娜娜岚出席会议")
    first.append("mutated")
    assert tokenizer.cut("欧阳娜娜岚出席会议")[-1] != "mutated"
    tokenizer.add_words([("欧阳娜娜岚", "nr")])
    assert "欧阳娜娜岚" in tokenizer.cut("欧阳娜娜岚出席会议")


def test_document_grams_are_distinct_and_the_runs_kept_whole() -> None:
    grams, runs = document_grams(["志愿服务，志愿服务", "新华\n社", ""])
    assert grams.split() == ["志愿", "愿服", "服务", "务", "志愿服", "愿服务", "新华", "华社", "社", "新华社"]
    assert runs == "志愿服务 志愿服务 新华社"


def test_a_query_run_is_one_gram_up_to_three_characters_else_its_distinct_trigrams() -> None:
    assert query_grams("宋力") == ["宋力"]
    assert query_grams("党工委") == ["党工委"]
    assert query_grams("哈哈哈哈哈") == ["哈哈哈"]
    assert query_grams("人民大会堂") == ["人民大", "民大会", "大会堂"]


def test_words_fold_width_and_case() -> None:
    assert words("Ｇ２０峰会") == words("g20峰会") == ["g20", "峰会"]


def _fold_char_by_char(text: str) -> tuple[str, list[int]]:
    out, where = [], []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char).lower()
        out.append(folded)
        where.extend([index] * len(folded))
    return "".join(out), where


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=[*ALPHABET, "e", "\u0301", "ﬁ", "İ", "ᄀ", "ᅡ", "Å", "가"], max_size=30))
def test_the_snippet_fold_maps_every_character_back_to_its_source(text: str) -> None:
    assert _normalized_with_map(text) == _fold_char_by_char(text)


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=[*ALPHABET, *"aAａＡ𝐚，,豈", "\uf900", "e", "\u0301", "ﬁ", "İ", "🄐", "Å", "ᄀ", "ᅡ"],
            max_size=30),
    st.sampled_from(["a", "豈", "a,", "fi", "ae", "雷锋"]),
)
def test_hits_found_by_lower_casing_are_those_folding_finds(text: str, query: str) -> None:
    """hit_spans lower-cases where that finds what folding (NFKC, character by character) would."""
    parsed = parse_query(query)
    assert hit_spans(text, parsed) == _spans(*_fold_char_by_char(text), needles(parsed))
