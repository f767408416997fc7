"""Persons named in a text, with the titles the text gives them, from plain jieba segmentation.

Takes the word lists of an article's clauses (from `Tokenizer.cut`) and the byline names;
gives `PersonMention`s in order of first mention::

    >>> people = find_people([get_tokenizer().cut("市政协副主席、示范区党工委书记宋力主持会议。")])
    >>> people
    [PersonMention(name='宋力', titles=('市政协副主席', '示范区党工委书记'))]

Rules over plain segmentation, not jieba.posseg (6x slower, and its dictionary tags 文明,
祝贺, 顾客 as names). Each word gets a kind from its shape and the dictionary (`_candidate`):
a surname (single or compound, `data/surnames.txt`) + one or two characters that jieba does
not know, with name-like given-name characters (a statistic computed from jieba's own
dictionary, `name_char_scores`), is a name by itself (张建慧); weaker candidates need context:
a title before (市委书记张建慧, `data/titles.txt`), a title after (习近平总书记), a cue after
(说, 表示, 出席, 同志; `data/person_cues.txt`), or a list with a name in it (张晓、王轶、王磊).
Names the segmenter cut apart are joined first (王/轶, 崔/建国 after a title, 丹尼尔/·/阿拉/普,
霍尔/布鲁克); one-character references come from surname + title (江主席 → 江); names alone
in parentheses close many reports (（江涛、曹斌）, `names_in_parentheses`). A name accepted
once in an article is a name at every mention. Words in `data/not_names.txt` never are.
Measured on the annotated 1998 corpus: precision 0.91, recall 0.78 (bench/bench_entities.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from articles.parsing.lexicon import Lexicon, get_lexicon
from articles.parsing.model import PersonMention
from articles.parsing.tokenizer import Tokenizer, get_tokenizer

# A space between names is a separator in clean text (lists of names, award winners).
LIST_SEPARATORS = frozenset({"、", " "})
LIST_JOINERS = frozenset({"、", " ", "和", "与", "及"})
# Characters that end place names; a name-like word starting with one right after a word is
# the tail of a place cut apart (平安/路东延).
PLACE_TAIL_STARTS = frozenset("路街村庄河湖省市县区镇乡")
# Words that never belong inside a title (the title stops before them, going left).
TITLE_BREAK_TAGS = frozenset({"p", "c", "d", "r", "m", "t", "u", "uj", "ul", "v", "x", "q", "f", "y", "zg"})
TITLE_WORDS_OK = frozenset({"副", "常务", "代", "原", "前", "名誉", "执行", "首席", "特邀", "党组", "中共"})
MAX_TITLE_CHARS = 24


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CJK_RE = re.compile("[\u4e00-\u9fff]+")


def is_cjk(text: str) -> bool:
    """Only Chinese characters (a regex: this runs for every word)."""
    return _CJK_RE.fullmatch(text) is not None


def name_shape(word: str, lex: Lexicon) -> bool:
    """Surname + one or two characters (compound surname + one or two)."""
    if not is_cjk(word):
        return False
    if word[:2] in lex.compound_surnames and 3 <= len(word) <= 4:
        return True
    return word[0] in lex.surnames and 2 <= len(word) <= 3


# Endings that make a noun a role (协调员, 司长, 工程师, 博士生, 护士); the word must be a noun.
ROLE_ENDINGS = frozenset("员长师官士生手")
NOT_ROLES = frozenset({"人员", "成员", "会员", "学员", "动员", "全员", "增长", "成长", "延长", "生长", "家长", "擅长",
                       "一生", "发生", "产生", "卫生", "出生", "人生", "民生", "学生会", "先生", "医生", "师生",
                       "老师", "大师", "教师", "律师", "军官", "器官", "五官", "选手", "对手", "助手", "人士", "女士",
                       "战士", "博士", "硕士", "护士", "学士", "爵士", "考生", "新生", "众生", "再生", "发展"})


def _is_title_word(word: str, lex: Lexicon) -> bool:
    return get_tokenizer().memoized(_is_title_word_uncached, word, lex)


#: Endings of nouns naming what a person is or does, right before the name (数学家陈省身,
#: 全国冠军张勇, 艺术总监黎中城, 会计许云英); …家 only in words of three characters or more
#: (国家, 大家, 专家 are words of their own)
ROLE_WORD_ENDINGS = ("家", "冠军", "亚军", "总监", "会计")
NOT_ROLE_WORDS = frozenset({"老人家", "亲家", "东家", "全家", "人家", "农家", "娘家", "婆家", "厂家", "商家",
                            "国家", "大家", "自家", "住家", "管家", "冤家", "买家", "卖家"})


def _is_title_word_uncached(word: str, lex: Lexicon) -> bool:
    if lex.title_head(word) is not None:
        return True
    if (word.endswith(ROLE_WORD_ENDINGS) and (len(word) >= 3 or word[-1] != "家") and word not in NOT_ROLE_WORDS
            and is_cjk(word)):
        tag = get_tokenizer().tag(word)
        return tag is None or tag.startswith("n")
    if len(word) >= 2 and word[-1] in ROLE_ENDINGS and word not in NOT_ROLES and is_cjk(word):
        tag = get_tokenizer().tag(word)
        return tag is None or tag.startswith("n")
    return False


@functools.cache
def name_char_scores() -> dict[str, float]:
    """How name-like each character is as part of a given name, from jieba's own dictionary.

    (times the character ends a three-character surname-shaped word the dictionary tags nr)
    / (times it appears in any other word): 杰 0.83, 伟 0.79 ... 性 0.03, 不 0.005. A general
    statistic of the language, computed once from the dictionary, not from any page."""
    tok = get_tokenizer()
    lex = get_lexicon()
    in_names: dict[str, int] = {}
    elsewhere: dict[str, int] = {}
    for word, tag in tok.tags.items():
        if tag == "nr" and len(word) == 3 and word[0] in lex.surnames:
            for ch in word[1:]:
                in_names[ch] = in_names.get(ch, 0) + 1
        elif tag not in ("nr", "nrt", "nrfg"):
            for ch in set(word):
                elsewhere[ch] = elsewhere.get(ch, 0) + 1
    return {ch: (n + 0.5) / (n + elsewhere.get(ch, 0) + 1) for ch, n in in_names.items()}


def name_likeness(word: str) -> float:
    """Geometric mean of the given-name characters' scores (0 for unseen characters)."""
    scores = name_char_scores()
    given = word[2:] if len(word) == 4 else word[1:]
    value = 1.0
    for ch in given:
        value *= scores.get(ch, 0.002)
    return float(value ** (1 / max(len(given), 1)))


# Surnames that are also function words (和, 由, 谈, 曾 ...): an unknown word starting with one
# is more often the word glued to what follows (和中国, 谈今年) than a name.
FUNCTION_FIRST = frozenset("和与及在从把被对为以同由因谈来过共身无要多之于曾任将向时都回")
# Characters of transliterated foreign names (Xinhua's table, the common part)
TRANSLIT = frozenset(
    "阿埃艾爱安昂奥巴拜班邦鲍贝本比彼毕宾波伯博布查达戴丹道德迪蒂丁杜多厄恩尔法菲费芬丰佛夫福弗盖冈戈格"
    "古瓜圭哈海汉豪赫亨洪霍基吉加杰金卡凯坎康考柯科克肯库夸奎拉莱兰朗劳勒雷里利莉列林琳隆卢鲁路伦罗洛"
    "马玛迈麦曼芒梅门蒙米密莫墨默姆穆纳娜奈南内尼涅宁纽努诺欧帕潘佩彭皮普齐奇乔切琴丘萨塞赛桑瑟森沙莎"
    "尚舍什史斯松苏索塔泰坦汤唐特提汀图托瓦万旺威韦维温沃乌伍西希锡夏谢辛休雅亚扬耶伊因尤约泽扎詹兹佐"
    "默耶娅丽妮琪蕾茨捷赖贾琼洛伊翁顿"
)
# Words before a name that tell who the person is to someone, not an office (妻子丁玉珍)
KIN_WORDS = _wordset("孩子 母亲 父亲 妻子 丈夫 儿子 女儿 老人 患者 病人 乘客 旅客 游客 顾客 读者 观众 夫人 遗孀 "
                     "嫂子 小女孩 小男孩 女孩 男孩 姑娘 小伙子")
# Title words too general to vouch for an ordinary word after them (领导全国, 农民利益)
GENERIC_TITLES = _wordset("领导 干部 代表 职工 工人 农民 居民 村民 市民 学生 群众 同学 人员 成员 专家 学者 "
                          "选手 运动员 演员 志愿者 网格员 党员 委员")
# Characters that end words glued to a noun before them, not given names
NOT_NAME_FINALS = frozenset("中上下里内外前后家们者边旁")
# Characters of function words: an unknown word holding one is no foreign name (之邀, 一职, 无一)
FUNCTION_CHARS = frozenset("之一无以所其的了着过在是有和与及也都就而并将把被对从向于为")
# Candidate kinds: COMMON, an ordinary word of a name's shape (钟行), needs a title before it;
# FOREIGN (克林顿) and WEAK (an unknown 宋力) need a title or a strong cue; KNOWN (a dictionary
# name of two characters) a weak cue; STRONG (a three-character name-like word) nothing.
NO, COMMON, FOREIGN, WEAK, KNOWN, STRONG = 0, 1, 2, 3, 4, 5


def _candidate(word: str, tok: Tokenizer, lex: Lexicon) -> int:
    """How much a word looks like a name by itself (see the kinds above); memoized per word."""
    return tok.memoized(_candidate_kind, word, tok, lex)


def _candidate_kind(word: str, tok: Tokenizer, lex: Lexicon) -> int:
    if len(word) < 2 or word in lex.not_names or lex.title_head(word) == word or not is_cjk(word.replace("·", "")):
        return NO
    curated = tok.curated.get(word)
    if curated is not None:
        return STRONG if curated.startswith("nr") else NO
    if word[-1] in "村庄路街寨屯" or (len(word) >= 3 and word[-1] in "区县市省镇乡州旗"):
        return NO  # 曾庄村, 贾寨, 闻喜县: places built like names
    tag = tok.tag(word)
    if len(word) == 2 and word[0] == word[1]:
        return NO  # 殷殷, 冉冉: a doubled character is a descriptive word
    if (len(word) == 2 and word[0] in "老小" and word[1] in lex.surnames and word[1] not in FUNCTION_FIRST
            and word[1] not in NOT_SHORT_SURNAMES
            and (tag is None or tag.startswith("nr"))):
        return KNOWN  # 老马, 小王: how colleagues name each other
    if name_shape(word, lex):
        if len(word) <= 3 and word[-1] in NOT_NAME_FINALS and tag is None:
            return NO  # 信中, 王家, 公家: a surname-like character before a locative or 家
        if tag in ("nt", "j", "d", "c", "p", "r", "i", "l", "m", "q", "u", "f"):
            return NO  # the dictionary knows it as another kind of word (党中央, 许多)
        if tag in ("v", "vn", "a", "an", "ad", "vd"):
            return NO  # 强调, 满意 right after a title are what the person does
        if tag in ("ns", "nz"):
            # 罗干 and 安南 are places to jieba: a name only right after a title
            return COMMON
        plaus = name_likeness(word)
        if len(word) == 4 and tag is not None:
            return WEAK  # 东方明珠: a dictionary word behind a compound surname needs context
        if len(word) >= 3:
            if tag is None:
                if word[0] in FUNCTION_FIRST:
                    return WEAK  # 谈今年, 由原来: a function word glued to what follows
                return STRONG if plaus >= NAME_LIKENESS_ALONE else WEAK
            if tag.startswith("nr") or tag == "t":
                # jieba's dictionary tags 暴风雪, 蒲公英 nr: its names need more name-like
                # characters, or context
                return STRONG if plaus >= NAME_LIKENESS_KNOWN else WEAK
            return COMMON if plaus >= NAME_LIKENESS_CONTEXT else NO
        # surname + one character (罗干, 宋力): never alone. The dictionary's nr tag on
        # two-character words is no evidence (it tags 祝贺, 智慧, 顾客, 明白 nr).
        if tag is None or tag.startswith("nr"):
            return WEAK
        return COMMON if plaus >= NAME_LIKENESS_CONTEXT else NO
    if "·" in word and all(len(part) >= 2 for part in word.split("·")):
        return STRONG  # 萨阿东·哈马迪: only foreign names are written with a middle dot between words
    if tag == "nrfg" and len(word) >= 3:
        return STRONG  # the dictionary's full names of public figures (习近平)
    if tag == "nrt" or (tag in ("nr", None) and len(word) >= 2 and _translit(word, tok)):
        return FOREIGN  # 克林顿, 利维: a name only with a title or a strong cue
    if tag in ("ns", "nz") and _translit(word, tok) and len(word) >= 3:
        return COMMON  # 布约亚: jieba's dictionary calls it a place; 总统布约亚 says otherwise
    if tag is None and 2 <= len(word) <= 4 and not any(ch in FUNCTION_CHARS for ch in word):
        return COMMON  # 丹增: an unknown word right after a title (副书记丹增) is a name
    return NO


NAME_LIKENESS_ALONE = 0.09
NAME_LIKENESS_KNOWN = 0.2
NAME_LIKENESS_CONTEXT = 0.05


# Titles that follow a name (克林顿总统, 江主席, 王老师).
TITLES_AFTER = _wordset(
    "总书记 主席 总理 副总理 书记 委员长 总统 副总统 首相 国王 女王 部长 省长 市长 县长 局长 厂长 院长 校长 "
    "老师 师傅 先生 女士 小姐 同志 大使 教授 总 老 阿姨 大爷 大妈 大姐 大哥 经理 主任 将军 博士 议长 外长 主教 "
    "团长 科长 处长 队长 站长 所长 司令 政委 总统 总经理 董事长 主编 医生 大夫"
)


RANK_AFTER_RE = re.compile("[一二三四五六七八九初]段")  # 谭炎午七段: a Go or chess player's rank


def _title_after(words: list[str], i: int, lex: Lexicon) -> bool:
    """克林顿/总统, 江/主席, 谭炎午/七段: a title right after the name."""
    return i + 1 < len(words) and (words[i + 1] in TITLES_AFTER or RANK_AFTER_RE.fullmatch(words[i + 1]) is not None)


def _decide(words: list[str], kinds: list[int], lex: Lexicon) -> list[bool]:
    person = [False] * len(words)
    for i, k in enumerate(kinds):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if nxt.startswith(SPLIT_MARK):
            person[i] = True  # 江主席, 华大使: the dictionary's word was surname + title
            words[i + 1] = nxt[1:]
            continue
        if nxt == "副" and i + 2 < len(words):
            nxt = words[i + 2]  # 张副主任
        if (len(w) == 1 and w in lex.surnames and w not in NOT_SHORT_SURNAMES
                and nxt in TITLES_AFTER
                and (i == 0 or not is_cjk(words[i - 1]) or words[i - 1] in BEFORE_SHORT_NAME)):
            person[i] = True  # 江主席, 周总理: a one-character reference
            continue
        if k == NO:
            continue
        if (w[0] in PLACE_TAIL_STARTS and i > 0 and len(words[i - 1]) >= 2 and is_cjk(words[i - 1])
                and not _is_title_word(words[i - 1], lex)):
            continue
        left_title = _strong_left(words, i, lex)
        strong = left_title or _strong_right(words, i, lex) or _title_after(words, i, lex)
        weak = i + 1 >= len(words) or words[i + 1] in lex.person_weak_cues or (i > 0 and words[i - 1] in "、，：")
        if (k == STRONG or (k == KNOWN and weak) or (k in (WEAK, KNOWN, FOREIGN) and strong)
                or (k == COMMON and left_title and words[i - 1] not in GENERIC_TITLES
                    and words[i - 1] not in KIN_WORDS)):
            person[i] = True
    # a list of three or more name-like words joined by 、 (毛泽东、鲁迅、郭沫若等) is a list of names
    i = 0
    while i < len(words):
        j = i
        while j + 2 < len(words) and kinds[j] > COMMON and words[j + 1] in LIST_SEPARATORS and kinds[j + 2] > COMMON:
            j += 2
        if j - i >= 4:
            for k in range(i, j + 1, 2):
                person[k] = True
        i = j + 1 if j > i else i + 1
    # lists: a candidate joined by 、 or 和 to a person is one too (both directions)
    changed = True
    while changed:
        changed = False
        for i, k in enumerate(kinds):
            if person[i] or k <= COMMON:
                continue
            left = i >= 2 and words[i - 1] in LIST_JOINERS and person[i - 2]
            right = i + 2 < len(words) and words[i + 1] in LIST_JOINERS and person[i + 2]
            if left or right:
                person[i] = changed = True
    return person


LEFT_CUES = frozenset({"名叫", "叫", "叫做", "名为", "姓名", "同志", "记者", "通讯员"})


def _strong_left(words: list[str], i: int, lex: Lexicon) -> bool:
    return i > 0 and (_is_title_word(words[i - 1], lex) or words[i - 1] in LEFT_CUES)


def _strong_right(words: list[str], i: int, lex: Lexicon) -> bool:
    if i + 1 >= len(words):
        return False
    # "张发强（国家体委副主任）": a name opening a paragraph with who he is in parentheses
    return words[i + 1] in lex.person_cues or (i == 0 and words[i + 1] in ("（", "("))


FUNCTION_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uv", "ud", "ug", "uz", "r", "f", "m", "q", "x", "y", "zg"})
GLUED_CUES = frozenset("摄等说称讲问答记作")
JOIN_BREAK_TAGS = frozenset({"p", "c", "d", "v", "u", "uj", "ul", "uv", "r", "f", "m", "q", "y"})
CLAUSE_OPENERS = frozenset("（(，：“、 ")


def _translit(word: str, tok: Tokenizer) -> bool:
    return tok.memoized(_translit_uncached, word, tok)


def _translit_uncached(word: str, tok: Tokenizer) -> bool:
    return bool(word) and all(ch in TRANSLIT for ch in word.replace("·", "")) and tok.curated.get(word) != "ns"


def _name_after_title(words: list[str], i: int, before: str, tok: Tokenizer, lex: Lexicon) -> int:
    """End of a 2-3 character name cut into pieces right after a title, when a place, a
    punctuation mark or a cue follows it ("主任/李俊/杰/辽宁省", "科长/韩国/瑞/黑龙江省");
    0 when there is none. Lists of award winners lose their separators this way."""
    if not before or not _is_title_word(before, lex) or not words[i] or words[i][0] not in lex.surnames:
        return 0
    if len(words[i]) >= 3 or words[i][0] in NOT_SHORT_SURNAMES:
        return 0
    total = 0
    for j in range(i, min(i + 3, len(words))):
        w = words[j]
        if not is_cjk(w):
            return 0
        if j > i and (w in lex.person_cues or w in lex.person_weak_cues or tok.tag(w) in JOIN_BREAK_TAGS):
            return 0  # "王辉/以", "张穗/说": the name ended already
        total += len(w)
        if total > 3:
            return 0
        if j == i or total < 2:
            continue
        after = words[j + 1] if j + 1 < len(words) else ""
        if (after == "" or not is_cjk(after) or after in lex.person_cues
                or tok.curated.get(after) == "ns" or (len(after) >= 3 and after[-1] in "省市县区")):
            return j + 1
    return 0


def _merge_split_names(words: list[str], tok: Tokenizer, lex: Lexicon) -> list[str]:
    """Join names the segmenter cut apart: surname + given name ("王/轶", "崔/建国" after a
    title or in a list), and foreign names around a middle dot ("萨阿东/·/哈马迪")."""
    out: list[str] = []
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        nxt = words[i + 1] if i + 1 < n else ""
        joined = _name_after_title(words, i, out[-1] if out else "", tok, lex)
        if joined:
            out.append("".join(words[i:joined]))
            i = joined
            continue
        if (len(w) == 1 and w in lex.surnames and w not in FUNCTION_FIRST and 1 <= len(nxt) <= 2 and is_cjk(nxt)
                and tok.tag(nxt) not in FUNCTION_TAGS and nxt not in lex.person_cues
                and lex.title_head(nxt) is None):
            before = out[-1] if out else ""
            after = words[i + 2] if i + 2 < n else ""
            left_ok = before in LIST_JOINERS or _is_title_word(before, lex) or (
                len(nxt) == 1 and before in CLAUSE_OPENERS)
            right_ok = (after in LIST_SEPARATORS or after in lex.person_cues or after in "，。；）)"
                        or after in lex.person_weak_cues or after == "")
            titled = _is_title_word(before, lex) and name_likeness(w + nxt) >= NAME_LIKENESS_CONTEXT
            if left_ok and (right_ok or titled):
                out.append(w + nxt)
                i += 2
                continue
        if w == "·" and out and i + 1 < n and is_cjk(out[-1].replace("·", "")) and is_cjk(nxt):
            # "安德雷/斯/·/科尔", "丹尼尔/·/阿拉/普/·/莫伊": transliterated pieces on both sides
            while len(out) >= 2 and _translit(out[-2], tok) and _translit(out[-1], tok) and len(out[-1]) == 1:
                last = out.pop()
                out[-1] += last
            if (len(out) >= 2 and len(out[-2]) == 1 and _translit(out[-2], tok) and _translit(out[-1], tok)
                    and (len(out) == 2 or not is_cjk(out[-3]) or _is_title_word(out[-3], lex))):
                last = out.pop()  # "安/尼瓦尔/·/买买提": a first syllable the segmenter took for a verb
                out[-1] += last
            name = out[-1] + "·" + nxt
            i += 2
            while (i < n and len(words[i]) == 1 and is_cjk(words[i]) and _translit(words[i], tok)
                   and tok.tag(words[i]) not in JOIN_BREAK_TAGS):
                name += words[i]
                i += 1
            out[-1] = name
            continue
        # "林仁/碧", "陈绪/豹": a three-character name cut after two characters
        if (len(w) == 2 and tok.tag(w) is None and name_shape(w, lex) and w[0] not in FUNCTION_FIRST
                and len(nxt) == 1 and is_cjk(nxt) and tok.tag(nxt) in ("nr", "ng", "n", None)
                and i + 2 < n and (words[i + 2] in lex.person_cues or words[i + 2] in lex.person_weak_cues
                                   or not is_cjk(words[i + 2]))
                and name_likeness(w + nxt) >= NAME_LIKENESS_ALONE):
            out.append(w + nxt)
            i += 2
            continue
        # "霍尔/布鲁克", "哈齐/姆": a foreign name the segmenter cut into transliterated pieces
        if _translit(w, tok) and tok.tag(w) in (None, "nr", "nrt") and is_cjk(w):
            j, total = i + 1, len(w)
            while j < n and _translit(words[j], tok) and total + len(words[j]) <= 6 and is_cjk(words[j]) and (
                    tok.tag(words[j]) in (None, "nr", "nrt") or len(words[j]) == 1) and words[j] not in lex.person_cues:
                total += len(words[j])
                j += 1
            if j > i + 1 and total >= 3:
                out.append("".join(words[i:j]))
                i = j
                continue
        # "刘宇摄", "刘琦等", "张穗说": a name glued to the credit mark or a cue after it
        if (len(w) in (3, 4) and w[-1] in GLUED_CUES and tok.tag(w) is None and name_shape(w[:-1], lex)
                and w[0] not in FUNCTION_FIRST):
            out.extend((w[:-1], w[-1]))
            i += 1
            continue
        out.append(w)
        i += 1
    return out


def _titles_before(words: list[str], i: int, tok: Tokenizer, lex: Lexicon, person: list[bool]) -> list[str]:
    """Titles right before the name at i: "市政协副主席、示范区党工委书记宋力" → both."""
    titles: list[str] = []
    end = i  # exclusive
    while end > 0 and _is_title_word(words[end - 1], lex):
        start = end - 1
        chars = len(words[start])
        while start > 0:
            w = words[start - 1]
            if person[start - 1] or w in LIST_SEPARATORS or not is_cjk(w):
                break
            if w == "和" and start >= 2 and lex.org_suffix(words[start - 2]) is None and not _is_title_word(
                    words[start - 2], lex):
                # "新闻宣传和网络信息中心负责人": 和 inside a body's name, not between two bodies
                start -= 1
                chars += 1
                continue
            tag = tok.tag(w)
            ok = w in TITLE_WORDS_OK or tag is None or tag not in TITLE_BREAK_TAGS or tag == "vn"
            if not ok or chars + len(w) > MAX_TITLE_CHARS:
                break
            start -= 1
            chars += len(w)
        titles.append("".join(words[start:end]))
        # "A职务、B职务某某": another title before a 、
        if start >= 2 and words[start - 1] in LIST_SEPARATORS and _is_title_word(words[start - 2], lex):
            end = start - 1
            continue
        break
    titles.reverse()
    return titles


def find_people(
    clauses: Sequence[list[str]],
    credit_names: frozenset[str] = frozenset(),
    tok: Tokenizer | None = None,
) -> list[PersonMention]:
    tok = tok or get_tokenizer()
    lex = get_lexicon()
    found: dict[str, list[str]] = {}
    decided: list[tuple[list[str], list[bool]]] = []
    accepted: set[str] = set()
    for words in clauses:
        words = _split_title_suffix(_merge_split_names(words, tok, lex), lex)
        kinds = [_candidate(w, tok, lex) for w in words]
        person = _decide(words, kinds, lex)
        decided.append((words, person))
        accepted.update(w for w, p in zip(words, person, strict=True) if p)
    for words, person in decided:
        # a name accepted once in the article is a name wherever it appears again
        person = [p or w in accepted for w, p in zip(words, person, strict=True)]
        shared: list[str] = []  # the title a list of names shares ("示范区领导张晓、王轶")
        for i, w in enumerate(words):
            if not person[i] or w in credit_names:
                continue
            titles = _titles_before(words, i, tok, lex, person)
            if _title_after(words, i, lex) and words[i + 1] not in COURTESY:
                titles = [*titles, words[i + 1]]  # 习近平总书记, 克林顿总统
            if titles:
                shared = titles
            elif i >= 2 and words[i - 1] in LIST_JOINERS and person[i - 2]:
                titles = shared
            else:
                shared = []
            entry = found.setdefault(w, [])
            for t in titles:
                if t not in entry and t not in KIN_WORDS:
                    entry.append(t)
    return [PersonMention(name, tuple(titles)) for name, titles in found.items()]


def _split_title_suffix(words: list[str], lex: Lexicon) -> list[str]:
    """"江主席", "周总理": a surname with a title after it is a one-character reference; not a
    word whose first two characters are a common noun of their own (支队/长, 班主/任: a unit's
    head, no person 支 or 班)."""
    out: list[str] = []
    tok = get_tokenizer()
    for w in words:
        if (2 < len(w) <= 4 and w[0] in lex.surnames and w[0] not in NOT_SHORT_SURNAMES
                and (w[1:] in TITLES_AFTER or w[1:] in lex.titles) and w[1:] not in ("代表", "干部", "职工", "领导")
                and not (tok.tag(w[:2]) in ("n", "v", "vn") and tok.known(w[:2]))):
            out.extend((w[0], SPLIT_MARK + w[1:]))
        else:
            out.append(w)
    return out


# Forms of address after a name, not titles
COURTESY = frozenset(["先生", "女士", "同志", "老", "总", "阿姨", "大爷", "大妈", "大姐", "大哥", "师傅"])
#: marks a title split off a one-character reference ("江主席" → "江", "\u2060主席")
SPLIT_MARK = "\u2060"
# Words before a one-character reference (向江主席致敬, 请王老师)
BEFORE_SHORT_NAME = frozenset("向对与和同跟给请称问说让被把及的了是")
# First characters that are words of their own before a title (原主任, 前总统, 副主席 ...)
NOT_SHORT_SURNAMES = frozenset("原前代党国全总时文和向于成明将新老小各该本其省市县区由任位但来曾解")


SURNAME_ONLY_RE = re.compile("姓(.)的|(.)姓(?:居民|村民|男子|女子|老人|旅客|青年|司机|人士|先生|女士)")
PAREN_RE = re.compile("[（(]([^（）()]{2,24})[）)]")
PAREN_SPLIT_RE = re.compile("[、 ,，]+")


def names_in_parentheses(texts: Sequence[str], credit_names: frozenset[str] = frozenset(),
                         tok: Tokenizer | None = None) -> list[str]:
    """Names alone in parentheses: the writer's or photographer's name closing a report
    ("（徐俊）", "（江涛、曹斌）", "（张岸涛 裴双喜 郝建平）"). Every part must look like a name."""
    tok = tok or get_tokenizer()
    lex = get_lexicon()
    out: list[str] = []
    for text in texts:
        for m in SURNAME_ONLY_RE.finditer(text):
            ch = m.group(1) or m.group(2)
            if ch in lex.surnames and ch not in FUNCTION_FIRST and ch not in out:
                out.append(ch)  # "一位李姓居民", "姓施的旅客": a person known by the surname alone
        for m in PAREN_RE.finditer(text):
            # "（武斌摄）", "（新华社记者兰红光摄）": the photographer's name without its credit mark
            content = m.group(1).strip().removesuffix("摄").removesuffix("供稿").removesuffix("文")
            parts = [p for p in PAREN_SPLIT_RE.split(content) if p]
            if len(parts) == 1 and 4 <= len(parts[0]) <= 12:
                parts = _split_run_of_names(parts[0], tok, lex) or parts  # "（陆熙沈建波）"
            # closing the text after a full stop, the parentheses hold the writer's name even when
            # the dictionary knows the name as a word (。（金城）, 。（方明）); not a place it lists
            signature = m.end() == len(text.rstrip()) and text[:m.start()].rstrip().endswith(("。", "！", "？", "”"))
            if not parts or not all(_paren_name(p, tok, lex) or (signature and _signature_name(p, tok, lex))
                                    for p in parts):
                continue
            out.extend(p for p in parts if p not in credit_names and p not in out)
    return out


def _paren_name(part: str, tok: Tokenizer, lex: Lexicon) -> bool:
    if not name_shape(part, lex) or part[0] in FUNCTION_FIRST or part in lex.not_names:
        return False
    if lex.title_head(part) or lex.org_suffix(part) or lex.place_suffix(part):
        return False
    tag = tok.tag(part)
    return tag is None or tag.startswith("nr")


def _signature_name(part: str, tok: Tokenizer, lex: Lexicon) -> bool:
    """A writer's name closing a text: name-shaped, whatever the dictionary calls the word, but
    no place of our gazetteer, no title, body or place ending (（江苏）, （市委）)."""
    return (name_shape(part, lex) and part[0] not in FUNCTION_FIRST and part not in lex.not_names
            and tok.curated.get(part) != "ns" and not lex.title_head(part) and not lex.org_suffix(part)
            and not lex.place_suffix(part))


def _split_run_of_names(text: str, tok: Tokenizer, lex: Lexicon) -> list[str] | None:
    """"陆熙沈建波" → ["陆熙", "沈建波"]: names written one after another; three-character names
    are tried first, and every part must look like a name."""
    if not text:
        return []
    if len(text) < 2:
        return None
    for size in (3, 2):
        head = text[:size]
        if len(head) == size and _paren_name(head, tok, lex):
            rest = _split_run_of_names(text[size:], tok, lex)
            if rest is not None:
                return [head, *rest]
    return None
