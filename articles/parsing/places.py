"""Places named in a text: roads, squares, villages, communities, buildings, cities, provinces.

Takes the word lists of an article's clauses and the words already taken as persons; gives
`PlaceMention`s in order of first mention::

    >>> tok = get_tokenizer()
    >>> find_places([tok.cut("在曾庄村，蚯蚓养殖基地发展势头良好；温家宝在贵州农村考察")])
    [PlaceMention(name='曾庄村'), PlaceMention(name='贵州')]

A word jieba's dictionary tags ns is a place (城市 and other common words excepted); a word
ending like a place (路, 广场, 村, 社区, 小区, 街道, 大厦 ...; `data/place_suffixes.txt`) closes
a name that extends left over proper nouns (文昌 万达 广场), or over one plain noun
(建业 森林 半岛 小区), until a verb, preposition, punctuation or a person.
"""

from __future__ import annotations

from collections.abc import Sequence

from articles.parsing.lexicon import Lexicon, get_lexicon
from articles.parsing.model import PlaceMention
from articles.parsing.persons import is_cjk
from articles.parsing.tokenizer import Tokenizer, get_tokenizer

PROPER_TAGS = frozenset({"ns", "nz", "nr", "nrt", "nrfg", "j"})
PART_TAGS = PROPER_TAGS | {"n", "m", "nt"}
NOT_PLACES = frozenset(
    {"城市", "超市", "股市", "楼市", "都市", "农村", "社区", "小区", "街道", "广场", "公园", "村", "路", "街", "市",
     "省", "县", "区", "镇", "乡", "全市", "全省", "全县", "全区", "本市", "该市", "城乡", "市区", "山区", "地区",
     "景区", "园区", "新区", "辖区", "全村", "本村", "各村", "江湖", "道路", "马路", "出路", "思路", "门路", "网路",
     "线路", "电路", "一路", "沿路", "大路", "小路", "山河", "河山", "江山", "海外", "内海", "大海", "人海",
     # ordinary words jieba's dictionary tags ns
     "东西", "美丽", "普及", "英雄", "上市", "大国", "喜庆", "高原", "新鲜", "太阳", "新建", "爱国", "大都",
     "新春", "上岗", "共和国", "回国", "治安", "长达", "南北", "波及", "古城", "海洋", "福利", "三国", "建国",
     "神圣", "滑坡", "大江", "扎根", "长大", "欢庆", "青春", "上台", "外国", "两国", "各国", "全国", "本国",
     "出国", "归国", "强国", "小国", "邻国", "祖国", "中外", "国内", "国外", "海内外", "东方", "西方", "南方",
     "北方", "世界", "天下", "人间", "大地", "山水", "江河", "湖泊", "平原", "盆地", "沙漠", "草原", "森林"}
)
MAX_PLACE_CHARS = 16
FUNCTION_CHARS = frozenset("在到从于和与及的是为对向往经由被把将给让等了着过自至去来")


def _closes(word: str, lex: Lexicon) -> bool:
    return lex.place_suffix(word) is not None and is_cjk(word)


def _chunk(words: list[str], end: int, taken: list[bool], tok: Tokenizer, lex: Lexicon) -> str | None:
    word = words[end]
    tag = tok.tag(word)
    start = end
    chars = len(word)
    plain_nouns = 0
    while start > 0:
        w = words[start - 1]
        t = tok.tag(w)
        if taken[start - 1] or not (is_cjk(w) or w.isalnum() or w == "·"):
            break
        if len(w) >= 2 and lex.place_suffix(w) == w:
            break  # 搬口街道/世和府小区: a place word before is another place
        # one character cut off an unknown place word (曾/庄村) still belongs to it
        cut_off = len(w) == 1 and start == end and tag is None and w not in FUNCTION_CHARS
        if t is not None and t not in PART_TAGS and w != "·" and not cut_off:
            break
        if t in ("n", "m", "nt"):
            # one plain noun or number only, and only when the suffix word is short (十八城小区)
            plain_nouns += 1
            if plain_nouns > 3 or len(w) > 2:
                break
        if chars + len(w) > MAX_PLACE_CHARS:
            break
        start -= 1
        chars += len(w)
    # drop plain nouns at the left edge: a name starts with its proper part
    while start < end and tok.tag(words[start]) in ("m", "nt"):
        start += 1
    name = "".join(words[start:end + 1])
    if name in NOT_PLACES:
        return None
    if start == end:
        # a single word: an unknown word (曾庄村) or one the dictionary calls a place
        if tag is None and len(word) >= 3:
            return word
        if tag == "ns" and len(word) >= 2:
            return word
        return None
    return name


def find_places(
    clauses: Sequence[list[str]],
    taken_words: frozenset[str] = frozenset(),
    tok: Tokenizer | None = None,
) -> list[PlaceMention]:
    tok = tok or get_tokenizer()
    lex = get_lexicon()
    names: list[str] = []
    for words in clauses:
        taken = [w in taken_words for w in words]
        for i, w in enumerate(words):
            if taken[i] or not is_cjk(w):
                continue
            if tok.tag(w) == "ns" and w not in NOT_PLACES and len(w) >= 2:
                names.append(w)
            if _closes(w, lex):
                name = _chunk(words, i, taken, tok, lex)
                if name and name not in names:
                    names.append(name)
    seen: set[str] = set()
    out = []
    for n in names:
        if n not in seen:
            seen.add(n)
            out.append(PlaceMention(n))
    return out
