"""Organizations named in a text, every form the text uses resolved to one entry with aliases.

Takes the word lists of an article's clauses and the set of words already taken as persons;
gives `OrganizationMention`s::

    >>> tok = get_tokenizer()
    >>> find_organizations([tok.cut("市城乡一体化示范区党工委（扩大）会议召开"),
    ...                     tok.cut("示范区党工委、示范区管委会坚持主题教育")])
    [OrganizationMention(name='市城乡一体化示范区党工委', aliases=('示范区党工委',)),
     OrganizationMention(name='示范区管委会', aliases=())]

A chunker, not a tagger: a word that ends like an institution (委员会, 局, 厅, 中心, 医院,
党工委 ...; `data/org_suffixes.txt`) or that jieba's dictionary tags nt closes a name, and the
name extends left over proper nouns and nouns (河南省 住房 和 城乡 建设厅) until a verb,
preposition, punctuation or a person. "和" stays inside a name (住房和城乡建设厅) unless
what is left of it is itself a whole organization (市委和市政府 is a list). Forms are then
grouped when one ends with another (市城乡一体化示范区党工委 ⊃ 示范区党工委 ⊃ 党工委).
jieba's nt tag alone is trusted only on words ending like a body (it tags 中美关系 and 暨 nt);
counts (３８４３处), ordinary words (新格局, 市中心, 部署) and verbs glued in front (应邀参加…)
are dropped. Measured on the annotated 1998 corpus: precision 0.63, recall 0.69.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from articles.parsing.lexicon import Lexicon, get_lexicon
from articles.parsing.model import OrganizationMention
from articles.parsing.persons import is_cjk
from articles.parsing.tokenizer import Tokenizer, get_tokenizer

# Tags of words that may stand inside an organization's name.
PART_TAGS = frozenset({"n", "nt", "ns", "nz", "nr", "nrt", "j", "l", "vn", "an", "b", "i", "nrfg", "s"})
# Tags of proper names: "清华和抗日战争纪念馆" joins two names, not two parts of one
NAME_TAGS = frozenset({"ns", "nz", "nr", "nrt", "nrfg"})
# Tags of words that make a name proper (a bare "服务中心" is not one).
PROPER_TAGS = frozenset({"nt", "ns", "nz", "nr", "nrt", "j", "nrfg"})
ADMIN_PREFIXES = frozenset(
    {"市", "省", "县", "区", "乡", "镇", "国家", "中央", "全国", "中共", "中国", "国务院", "示范区", "自治区"}
)
# Verbs common inside names of bodies (计划生育服务中心, 信访维稳办公室).
NAME_VERBS = frozenset(
    {"建设", "发展", "改革", "管理", "服务", "监督", "监测", "检验", "检疫", "研究", "开发", "设计", "保护",
     "规划", "宣传", "信访", "执法", "运输", "出版", "广播", "教育", "卫生", "体育", "计划", "生育", "维稳",
     "保障", "救助", "审计", "监察", "统计", "评估", "促进", "交流", "合作", "投资", "贸易", "科技",
     "选举", "争取", "振兴", "指导", "协调", "咨询", "调查", "援助", "救援", "防治", "预防", "治理", "仲裁",
     "经营", "销售", "生产", "制造", "加工", "培训", "训练", "扶贫", "开放", "维护", "联络", "接待"}
)
# Leading words dropped from a chunk (全区 各级党组织 is not a name).
LEADING_NOISE = frozenset({"全区", "全市", "全省", "全县", "全国", "各级", "各", "本", "该", "我", "我国", "有关",
                           "相关", "其", "其他", "所有", "广大", "原", "新", "多个", "各地"})
# Pronoun-like first characters: 这一中心, 该局 are references, not names
DEMONSTRATIVES = frozenset("这那该此每各其")
# Endings of ordinary words that end like a body (新格局, 购物中心 is a place)
NOT_ORG_ENDINGS = ("格局", "布局", "大局", "结局", "局面", "出处", "好处", "之处", "财富中心", "购物中心", "商务中心",
                   "金融中心", "会展中心", "商业中心", "国际中心", "中心城区", "干部", "部分", "全部", "内部", "外部",
                   "局部", "北部", "南部", "东部", "西部", "中部", "腹部", "场所", "住所", "处所", "诊所", "市中心",
                   "常委", "委员", "开馆", "闭馆", "部署", "开局", "胜局", "到处", "各处", "多处", "一处", "好处",
                   "难处", "交界处", "结合部", "总部", "团部", "营部", "连部",
                   # halls and grounds are places (data/place_suffixes.txt)
                   "纪念馆", "美术馆", "博物馆", "展览馆", "体育馆", "体育场", "体育中心", "会堂", "纪念堂", "礼堂",
                   "游泳馆", "娱乐中心", "活动中心", "大厅", "营业厅",
                   # roads and railways, whatever a bureau of them is called (昌九高速公路, 京九铁路)
                   "公路", "铁路",
                   # kinds of bodies, never one body's name (惠州市公安机关, 韩国金融当局, 以色列军队)
                   "机关", "当局", "军队", "部队", "单位", "机构")
# jieba tags some plain phrases nt (中美关系, 天文学): an nt word counts alone only when it ends
# like a body or with one of these characters (党, 军, 盟 ...)
NT_ENDINGS = frozenset("党军盟团社会国台报所队行署院局部委厅司处办站厂馆大协央联校组科")
# Words glued before a name by the text: verbs, prepositions ("应邀参加中宣部", "据区直属机关工委")
LEADING_VERBS = frozenset({"代表", "应邀", "参加", "援引", "听", "据", "建议", "正为", "由", "任", "住进", "见图",
                           "图为", "后经", "以", "为", "经", "在", "从", "向", "对", "和", "与", "同", "及", "把",
                           "被", "将", "给", "让", "请", "邀请", "会见", "访问", "率领", "率", "组织", "召开",
                           "举行", "成立", "设立", "组建", "派", "派出", "通过", "命名", "批准", "宣布"})
COUNTED_RE = re.compile("[0-9０-９]|[一二三四五六七八九十百千万两几多余]+[处所部个家座]$")
# Words that end like a body but name a kind of body, never one body (党支部, 党组织)
NEVER_CLOSE = frozenset({"党支部", "党总支", "党小组", "党组织", "基层党组织", "支部", "党员", "机关", "妇女节",
                         "国际妇女节", "有关部门", "职能部门", "主管部门", "相关部门", "各部门"})
GENERIC_CLOSERS = frozenset({"中心", "部", "局", "院", "所", "处", "站", "社", "会", "委", "厅", "司", "馆"})
# One-word bodies of three characters the dictionary does not tag nt (水利部, 统计局).
MINISTRY_ENDINGS = frozenset("部局厅署委")
MAX_ORG_CHARS = 28
MAX_ORG_WORDS = 9


def _closes(word: str, tok: Tokenizer, lex: Lexicon) -> bool:
    return tok.memoized(_closes_uncached, word, tok, lex)


def _closes_uncached(word: str, tok: Tokenizer, lex: Lexicon) -> bool:
    # jieba's dictionary tags 暨 and 国际妇女节 nt: its tag counts only on a word that also ends
    # like a body, or that our curated dictionary lists (联合国, 党中央)
    if not is_cjk(word) or word in NEVER_CLOSE or word.endswith(NOT_ORG_ENDINGS):
        return False
    if tok.tag(word) in ("v", "vn") and tok.curated.get(word) != "nt":
        return False  # 组织 in "党支部组织党员走访" is a verb
    if tok.curated.get(word) == "nt":
        return True
    if tok.tag(word) == "nt" and len(word) >= 3 and word[-1] in NT_ENDINGS:
        return True
    return lex.org_suffix(word) is not None


def _part_ok(word: str, tok: Tokenizer) -> bool:
    return tok.memoized(_part_ok_uncached, word, tok)


def _part_ok_uncached(word: str, tok: Tokenizer) -> bool:
    if not word or not (is_cjk(word) or word.isalnum()) or word[0] in DEMONSTRATIVES:
        return False
    tag = tok.tag(word)
    return tag is None or tag in PART_TAGS or word in NAME_VERBS or word in ADMIN_PREFIXES


def proper_word(word: str, tok: Tokenizer) -> bool:
    """A word that makes a name proper: a place (周口市), a name, an unknown word, 国家, 中央."""
    tag = tok.tag(word)
    return (tag in PROPER_TAGS or tag is None or word in ADMIN_PREFIXES
            or (len(word) >= 2 and word[-1] in "省市县区镇乡州"))


def _chunk(words: list[str], end: int, taken: list[bool], tok: Tokenizer, lex: Lexicon) -> str | None:
    """The organization name closing with words[end], or None."""
    start = end
    chars = len(words[end])
    while start > 0 and end - start + 1 < MAX_ORG_WORDS:
        w = words[start - 1]
        if taken[start - 1]:
            break
        if w in ("和", "与"):
            # "住房和城乡建设厅" continues; "市委和市政府", "清华和抗日战争纪念馆" are lists
            if start < 2 or w == "与" or _closes(words[start - 2], tok, lex):
                break
            if tok.tag(words[start - 2]) in NAME_TAGS or tok.tag(words[start]) in NAME_TAGS:
                break
        elif not _part_ok(w, tok):
            break
        if chars + len(w) > MAX_ORG_CHARS:
            break
        start -= 1
        chars += len(w)
    while start < end and (words[start] in LEADING_NOISE or words[start] in LEADING_VERBS
                           or tok.tag(words[start]) in ("v", "p", "c", "r", "d")):
        start += 1
    parts = words[start:end + 1]
    name = "".join(parts)
    if name.endswith(NOT_ORG_ENDINGS) or COUNTED_RE.search(name):
        return None  # "３８４３处", "２００多所": counts of places, not bodies
    if len(parts) == 1:
        tag = tok.tag(name)
        if (tag == "nt" or tok.curated.get(name) == "nt") and name not in lex.not_orgs:
            return name
        if tag in ("nr", "nrt", "nz", "j") and len(name) >= 3 and lex.org_suffix(name):
            return name  # 塔斯社: the dictionary knows the word, not as a body
        if tag is None and len(name) >= 4 and lex.org_suffix(name) and len(lex.org_suffix(name) or "") < len(name):
            return name  # an HMM word such as 东新医院
        if len(name) == 3 and name[-1] in MINISTRY_ENDINGS and name not in lex.not_orgs:
            return name  # 水利部, 林业部: the dictionary knows them as plain nouns
        return None
    if name in lex.not_orgs:
        return None
    if not any(proper_word(p, tok) for p in parts[:-1]):
        return None
    return name


def _spans(words: list[str], taken: list[bool], tok: Tokenizer, lex: Lexicon) -> list[str]:
    names = []
    i = 0
    while i < len(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if words[i] in GENERIC_CLOSERS and is_cjk(nxt) and (tok.tag(nxt) or "n").startswith("n"):
            i += 1  # "中心城区", "中心工作": the word heads a longer noun, not a name
            continue
        if not taken[i] and _closes(words[i], tok, lex):
            # extend right over a run of closing words: 中共中央/政治局, 国家/环保局
            j = i
            while j + 1 < len(words) and not taken[j + 1] and _closes(words[j + 1], tok, lex):
                j += 1
            for end in range(j, i - 1, -1):
                name = _chunk(words, end, taken, tok, lex)
                if name:
                    names.append(name)
                    break
            i = j + 1
            continue
        i += 1
    return names


def group_aliases(forms: Sequence[str]) -> list[OrganizationMention]:
    """One entry per organization: a form that ends with another form is the same body.

    The longest form names the entry, shorter forms are its aliases (in order of mention)."""
    order: list[str] = []
    for f in forms:
        if f not in order:
            order.append(f)
    by_len = sorted(order, key=len, reverse=True)
    owner: dict[str, str] = {}
    for f in by_len:
        if f in owner:
            continue
        owner[f] = f
        for g in by_len:
            if g not in owner and len(g) >= 2 and f.endswith(g) and len(g) < len(f):
                owner[g] = f
    groups: dict[str, list[str]] = {}
    for f in order:
        groups.setdefault(owner[f], [])
        if owner[f] != f:
            groups[owner[f]].append(f)
    heads = [f for f in order if owner[f] == f]
    return [OrganizationMention(h, tuple(groups[h])) for h in heads]


def find_organizations(
    clauses: Sequence[list[str]],
    person_words: frozenset[str] = frozenset(),
    tok: Tokenizer | None = None,
) -> list[OrganizationMention]:
    tok = tok or get_tokenizer()
    lex = get_lexicon()
    forms: list[str] = []
    for words in clauses:
        taken = [w in person_words for w in words]
        forms.extend(_spans(words, taken, tok, lex))
    return group_aliases(forms)
