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

import re
from collections.abc import Sequence

from articles.parsing.lexicon import Lexicon, get_lexicon
from articles.parsing.model import PlaceKind, PlaceMention
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
#: Kinds of place a single dictionary word may name whole (解放路, 建设路)
STREET_KINDS = frozenset({PlaceKind.ROAD, PlaceKind.SQUARE})
ITEM_BOUNDS = frozenset("、，。；：“”（）")
# "16个村", "5个人居环境样板村": a count of places, not a name
COUNTED_RE = re.compile("[0-9０-９一二三四五六七八九十百千万两几多]+个")
# Descriptive first words of a kind of place, not a name (特色商业街, 农业产业园)
GENERIC_FIRST = ("特色", "主题", "样板", "人才", "农业", "产业", "现代", "重点", "示范", "标准化", "环境", "大型",
                 "各类", "全国", "五大", "四大", "三大")
# Generic words that may precede a place without being part of its name (辖区商业写字楼)
LEADING_NOISE = frozenset({"辖区", "全区", "全市", "全省", "全县", "当地", "本地", "周边", "附近", "各地", "各", "该",
                           "本", "这", "那", "其", "新建", "建成", "打造", "位于"})
MAX_ITEM_CHARS = 10
# Place words that name the kind of a list item (小区, 社区): "、X小区、" is one place
ITEM_WORDS = frozenset({"小区", "社区", "街道", "广场", "大厦", "公园", "花园", "家园", "公寓", "酒店", "宾馆",
                        "商城", "古镇", "商业街", "步行街", "财富中心", "购物中心", "商务中心", "村", "路", "街"})
FUNCTION_CHARS = frozenset("在到从于和与及的是为对向往经由被把将给让等了着过自至去来")


# Common nouns that end like a place and never close a name (贵州/农村 is not a place name)
NOT_CLOSERS = frozenset({"农村", "山村", "乡村", "渔村", "城市", "都市", "城乡", "地区", "山区", "市区", "郊区",
                         "城区", "辖区", "全区", "全市", "全省", "全县", "全村", "各省", "各市", "各县", "各区",
                         "城镇", "乡镇", "集镇", "本市", "本省", "外省", "外市", "海外", "国内", "省内", "市内",
                         "思路", "道路", "马路", "出路", "门路", "线路", "电路", "网路", "超市", "股市", "楼市",
                         "强市", "大市", "强省", "大省", "强县", "大县"})


def _closes(word: str, lex: Lexicon) -> bool:
    return word not in NOT_CLOSERS and lex.place_suffix(word) is not None and is_cjk(word)


def _chunk(words: list[str], end: int, taken: list[bool], tok: Tokenizer, lex: Lexicon
           ) -> tuple[int, str] | None:
    """(first word, name) of the place closing with words[end], or None."""
    word = words[end]
    item = _segment_start(words, end, taken, tok) if end > 0 and words[end] in ITEM_WORDS else None
    if item is not None:
        while item < end and words[item] in LEADING_NOISE:
            item += 1
        return item, "".join(words[item:end + 1])  # "、天明城名门世家小区、": a whole list item
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
    # drop numbers and generic nouns at the left edge: a name starts with its proper part
    while start < end and (tok.tag(words[start]) in ("m", "nt") or words[start] in LEADING_NOISE):
        start += 1
    name = "".join(words[start:end + 1])
    if name in NOT_PLACES:
        return None
    if start == end:
        # a single word: an unknown word (曾庄村) or one the dictionary calls a place
        if (tag is None and len(word) >= 3) or (tag == "ns" and len(word) >= 2):
            return start, _strip_glued(word, tok)
        if tag in ("nz", "nt") and len(word) >= 3 and PlaceKind.of(word) in STREET_KINDS:
            return start, word  # 解放路, 建设路: road names the dictionary knows as names
        return None
    return start, _strip_glued(name, tok)


def _strip_glued(name: str, tok: Tokenizer) -> str:
    """"到昌建·MOCO新世界" → "昌建·MOCO新世界": a preposition the segmenter glued to the name."""
    if len(name) > 3 and name[0] in "到在从于往赴经" and tok.tag(name) is None:
        return name[1:]
    return name


def _join_suffix_pairs(words: list[str], suffixes: frozenset[str]) -> list[str]:
    """"财富/中心" → "财富中心": a place ending the segmenter cut in two."""
    out: list[str] = []
    for w in words:
        if out and out[-1] + w in suffixes and len(out[-1]) + len(w) >= 3:
            out[-1] += w
        else:
            out.append(w)
    return out


def _segment_start(words: list[str], end: int, taken: list[bool], tok: Tokenizer) -> int | None:
    """Start of the whole list item ending at `end` ("、书香门第小区、"), when the item is short,
    made of nouns, and bounded by a separator or the clause start; None otherwise."""
    start, chars = end, len(words[end])
    while start > 0:
        w = words[start - 1]
        if w in ITEM_BOUNDS or w in ITEM_WORDS:
            break  # "搬口街道/世和府小区": a place word before ends another place
        t = tok.tag(w)
        if taken[start - 1] or not is_cjk(w) or (t is not None and t not in PART_TAGS and t != "a"):
            return None
        chars += len(w)
        if chars > MAX_ITEM_CHARS:
            return None
        start -= 1
    return start if start < end else None


def find_places(
    clauses: Sequence[list[str]],
    taken_words: frozenset[str] = frozenset(),
    tok: Tokenizer | None = None,
) -> list[PlaceMention]:
    tok = tok or get_tokenizer()
    lex = get_lexicon()
    names: list[str] = []
    suffixes = frozenset(lex.place_suffixes)
    for words in clauses:
        words = _join_suffix_pairs(words, suffixes)
        taken = [w in taken_words for w in words]
        spans: list[tuple[int, int, str]] = []  # first word, last word, name
        for i, w in enumerate(words):
            if taken[i] or not is_cjk(w):
                continue
            if tok.tag(w) == "ns" and w not in NOT_PLACES and len(w) >= 2:
                spans.append((i, i, w))
            if _closes(w, lex):
                found = _chunk(words, i, taken, tok, lex)
                if found:
                    spans.append((found[0], i, found[1]))
        # places inside longer ones stay (贵州 in 贵州省委书记, 北京 in 北京市): each is named
        for _, _, name in spans:
            if name not in names and not COUNTED_RE.search(name) and not name.startswith(GENERIC_FIRST):
                names.append(name)
    return [PlaceMention(n) for n in names]
