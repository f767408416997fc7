"""The entity stage: persons with titles, organizations with aliases, places, events, keywords.

Takes one article's headline, blocks, captions, dateline, the page date and the byline names;
gives `Entities`. Pure Python (no Django)::

    >>> e = find_entities(headline="推动示范区经济社会高质量发展",
    ...                   blocks=[Block(BlockType.PARAGRAPH, "3月1日，市城乡一体化示范区党工委（扩大）会议"
    ...                           "召开。市政协副主席、示范区党工委书记宋力主持会议并讲话。")],
    ...                   captions=[], dateline="本报讯", page_date=None, credit_names=frozenset({"姬慧洋"}))
    >>> e.people
    (PersonMention(name='宋力', titles=('市政协副主席', '示范区党工委书记')),)
    >>> e.organizations[0]
    OrganizationMention(name='市城乡一体化示范区党工委', aliases=('示范区党工委',))
    >>> e.events[0].name, e.events[0].date
    ('市城乡一体化示范区党工委（扩大）会议', '--03-01')

The text is segmented once (one explicit jieba tokenizer, `tokenizer.get_tokenizer`); the
rule modules (`persons`, `organizations`, `places`, `events`, `keywords`) share the words.
A character CRF learned from the annotated 1998 corpus (`crf`, trained on days 01-06 by
`data/build_crf.py`) reads the same text: it checks the rules' bodies, places and untitled
dictionary-word persons and adds the names it is sure of (`combine`); the rules keep titles,
aliases, events, streets and villages. Then a name is found once and whole (`whole_names`): a
place or body seen only inside a longer name (湖北 in 环湖北路), or heading a concept or a quoted
day, rule or slogan (枫桥经验, “中国青年志愿者服务日”), is dropped; lists split into their items.
A body is a named one: a delegation is its sender's (…代表团), a kind of body is none (公安机关,
商业银行, 北京某中学), a verb glued before it goes (经中央军委), ministries written together are
two (财政部国家计委); a clause the model ran into a name is cut (京/设立/办事处: none), a branch
stays with its body (中国科学院武汉分院); a hall, a venue or a road is no body (中国美术馆,
妇女儿童活动中心, 京九铁路).
Measured on the corpus days 07-10 (never seen by the model): persons P/R 0.93/0.83, bodies
0.81/0.77, places 0.85/0.83; the rules alone 0.92/0.77, 0.66/0.68, 0.60/0.75
(`bench/bench_entities.py --corpus-from 1998-01-07 --rules-only`).
Dates: "今天"/"日前"/"昨天" count from the dateline's month and day ("本报北京１２月３０日讯"),
else from the page date; the year comes from the page date, else dates are "--MM-DD".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from articles.parsing.crf import name_tables, tag_text, word_classes
from articles.parsing.dates import find_month_day, resolve_month_day
from articles.parsing.events import PARAGRAPH_BREAK, find_events, split_sentences
from articles.parsing.keywords import keywords, whole_terms
from articles.parsing.lexicon import Lexicon, get_lexicon
from articles.parsing.model import (
    Block,
    Caption,
    Entities,
    OrganizationMention,
    PersonMention,
    PlaceKind,
    PlaceMention,
)
from articles.parsing.organizations import NAME_VERBS, NOT_ORG_ENDINGS, find_organizations, group_aliases, proper_word
from articles.parsing.persons import PLACE_TAIL_STARTS, find_people, is_cjk, names_in_parentheses
from articles.parsing.places import NOT_CLOSERS, NOT_PLACES, find_places
from articles.parsing.tokenizer import Tokenizer, clean_for_cut, cut_form, get_tokenizer

CLAUSE_END = frozenset("。！？；!?;\n")


def _clauses(words: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    cur: list[str] = []
    for w in words:
        if w.isspace():
            if cur and cur[-1] != " ":
                cur.append(" ")
            continue
        cur.append(w)
        if w in CLAUSE_END:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def reference_date(dateline: str | None, page_date: dt.date | None) -> tuple[dt.date | None, tuple[int, int] | None]:
    """The date "今天" means: the dateline's month/day in the page's year, else the page date."""
    md = find_month_day(dateline) if dateline else None
    if md is None:
        return page_date, (page_date.month, page_date.day) if page_date else None
    if page_date is None:
        return None, md
    iso = resolve_month_day(md[0], md[1], reference=page_date)
    try:
        return dt.date.fromisoformat(iso), md
    except ValueError:
        return page_date, md


def find_entities(
    *,
    headline: str | None,
    blocks: Sequence[Block],
    captions: Sequence[Caption],
    dateline: str | None,
    page_date: dt.date | None,
    credit_names: frozenset[str],
) -> Entities:
    tok = get_tokenizer()
    texts = [t for t in [headline or ""] + [b.text for b in blocks] + [c.text for c in captions] if t]
    texts = [clean_for_cut(t) for t in texts]
    forms = [cut_form(t) for t in texts]
    words_per_text = [tok.cut(f) for f in forms]
    clauses = [c for words in words_per_text for c in _clauses(words)]

    credits = frozenset(n.replace(" ", "") for n in credit_names)
    people = find_people(clauses, credits, tok)
    known = {p.name for p in people}
    signed = [name for name in names_in_parentheses(texts, credits, tok) if name not in known]
    people += [PersonMention(name) for name in signed]
    person_words = frozenset(p.name for p in people) | credits
    organizations = find_organizations(clauses, person_words, tok)
    places = find_places(clauses, person_words, tok)

    people, organizations, places = combine(forms, words_per_text, people, organizations, places, credits, tok,
                                            signed=frozenset(signed))
    people, organizations, places = whole_names(forms, people, organizations, places, tok)
    people += surname_references(words_per_text, people, tok)

    reference, ref_md = reference_date(dateline, page_date)
    body_texts = texts[1:] if headline else texts
    sentences = [s for t in body_texts for s in (*split_sentences(t), PARAGRAPH_BREAK)]
    org_forms = [f for o in organizations for f in (o.name, *o.aliases)]
    events = find_events(
        sentences,
        reference=reference,
        year=page_date.year if page_date else None,
        ref_md=ref_md,
        organizations=org_forms,
        persons=[p.name for p in people],
        places=[p.name for p in places],
    )
    all_words = [w for words in words_per_text for w in words]
    return Entities(
        people=tuple(people),
        organizations=tuple(organizations),
        places=tuple(places),
        events=tuple(events),
        keywords=tuple(keywords(whole_terms(all_words, tok.tag), exclude=credits)),
    )


#: How sure the learned model must be (lowest marginal probability over a span) for a name it
#: finds alone, and how much of a rule's name it must see as that kind for the rule's name to
#: stay. Chosen on pages it never saw before the figures were taken: a model trained on the
#: corpus days 01-04 (build_crf.py --train-until 1998-01-04), the dev and pdftotext pages of
#: days 05-06; the pages of days 07-10 only measure (bench/bench_entities.py --sets).
LEARNED_MIN = {"PER": 0.9, "ORG": 0.5, "LOC": 0.7}
RULE_SUPPORT = {"PER": 0.4, "ORG": 0.1, "LOC": 0.8}
#: Places the rules close with a street's or a village's ending (环湖北路, 田庄村, 建业十八城小区):
#: the kinds a local paper names that the 1998 corpus rarely annotates, kept on the rules' word
LOCAL_KINDS = frozenset({PlaceKind.ROAD, PlaceKind.VILLAGE, PlaceKind.COMMUNITY, PlaceKind.SQUARE})
#: Kinds of names that may be a run of places written together (辽宁省沈阳市, 湖南省长沙县果园镇)
CHAIN_KINDS = frozenset({PlaceKind.PROVINCE, PlaceKind.CITY, PlaceKind.VILLAGE, PlaceKind.OTHER})


def combine(
    forms: Sequence[str],
    words_per_text: Sequence[list[str]],
    people: list[PersonMention],
    organizations: list[OrganizationMention],
    places: list[PlaceMention],
    credits: frozenset[str],
    tok: Tokenizer,
    signed: frozenset[str] = frozenset(),
) -> tuple[list[PersonMention], list[OrganizationMention], list[PlaceMention]]:
    """The rules' names checked against the learned model (`crf`), and the names it finds alone.
    `signed` are names the text sets apart as a person's (a writer's name in parentheses, 姓施的).

    A rule's organization or place stays when the model sees it as that kind (`RULE_SUPPORT`),
    or, for a place, when it ends like a street, village, community or square; the model's own
    names join when it is sure of them (`LEARNED_MIN`). Without a model the rules stand alone."""
    classes = word_classes(tok)
    tables = name_tables(tok)
    probes = ([("ORG", f) for o in organizations for f in (o.name, *o.aliases)]
              + [("LOC", p.name) for p in places]
              + [("PER", p.name) for p in people
                 if not p.titles and tok.tag(p.name) is not None and not _confirmed_name(p.name, tok)])
    support: dict[tuple[str, str], float] = {}
    learned: list[tuple[str, str]] = []
    learned_places: set[str] = set()  # every place the model marks, however unsure
    seen: dict[tuple[str, str], float] = {}  # every name the model marks, with its surest reading
    for form, words in zip(forms, words_per_text, strict=True):
        tagging = tag_text(form, words, classes, [(k, n) for k, n in probes if n in form], tables)
        if tagging is None:
            return people, organizations, places
        for key, value in tagging.support.items():
            support[key] = max(support.get(key, 0.0), value)
        for k, n, conf in tagging.spans:
            parts = [n] if k == "PER" else _learned_names(k, form, words, n, tok)
            for part in {n, *parts}:
                seen[k, part] = max(seen.get((k, part), 0.0), conf)
            if conf >= LEARNED_MIN[k]:
                learned += [(k, part) for part in parts]
        learned_places.update(n for k, n, _ in tagging.spans if k == "LOC")

    lex = get_lexicon()
    # a word of the dictionary the rules took for a name (荣获, 汉白玉, 敬献: jieba's dictionary
    # tags them nr) stays a name only with a title or when the model reads it as one; a lone
    # surname the text names as one (姓施的旅客) or a writer's name closing the text (。（金城）)
    # is no such word
    people = [p for p in people if p.titles or tok.tag(p.name) is None or _confirmed_name(p.name, tok)
              or len(p.name) == 1 or p.name in signed
              or support.get(("PER", p.name), 0.0) >= RULE_SUPPORT["PER"]]
    people = [_whole_person(p, forms, seen) for p in people]
    known = {p.name for p in people}
    for kind, name in learned:
        if (kind == "PER" and name not in known and name not in credits and name not in lex.not_names
                and _person_shape(name) and not any(name in k or k in name for k in known | credits)
                and not _place_tail(name, forms)):
            known.add(name)
            people.append(PersonMention(name))
    merged: dict[str, PersonMention] = {}
    for person in map(_without_brand, people):
        merged.setdefault(person.name, person)  # 李宁杯 and 李宁 are one person, found first where first named
    people = list(merged.values())

    org_forms = [n for k, n in learned if k == "ORG" and not _ordinary_org(n, forms)]
    for o in organizations:
        # a long name closed by a body's full ending (…服务中心, …委员会) is a name of a kind the
        # 1998 corpus never saw (示范区卫生和计划生育服务中心): the model's silence is no veto
        for f in (o.name, *o.aliases):
            if (support.get(("ORG", f), 0.0) >= RULE_SUPPORT["ORG"] or (f, "nt") in tok.lexicon
                    or (len(f) >= 8 and len(lex.org_suffix(f) or "") >= 2)):
                at = next((i for i, form in enumerate(forms) if f in form), None)
                org_forms += [f] if at is None else _learned_names("ORG", forms[at], words_per_text[at], f, tok)
    org_forms = [g for f in org_forms for piece in _list_items(f, tok, lex) for g in _without_group(piece, tok, lex)
                 if not INDEFINITE.search(g)]
    org_forms = [g for f in org_forms for g in _ministries_written_together(_after_verb(f, tok, lex), tok)]
    organizations = group_aliases([f for f in org_forms if not _generic_body(f, tok)])

    names = [n for k, n in learned if k == "LOC" and not _ordinary_word(n, tok, lex)]
    for p in places:
        if ((p.kind in LOCAL_KINDS and _local_name(p.name, tok, lex))
                or support.get(("LOC", p.name), 0.0) >= RULE_SUPPORT["LOC"]
                or _named_building(p.name, lex) or (p.name, "ns") in tok.lexicon or _gazetteer(p.name, tok)):
            names += split_places(p.name, learned_places, lex)
    names = [_with_lone_prefix(piece, forms) for n in names if _place_words_ok(n, tok)
             for piece in gazetteer_chain(_without_common_tail(n, tok), tok)]
    names += list_places(forms, names, lex, tok)
    places = [PlaceMention(n) for n in dict.fromkeys(names)]
    return people, organizations, places


#: Common nouns written after a place's name that are no part of it: the land around it, the
#: countries of a region (呼伦贝尔/草原, 沂蒙/山区, 西欧/各国, 京九沿线); a region's own word stays
#: (香港地区, 那曲地区: the corpus writes them whole)
COMMON_TAILS = ("草原", "山区", "各国", "各地", "一带", "境内", "全境", "沿线", "沿岸", "上空", "海域", "地带",
                "农村", "城乡", "大地", "周边", "附近", "郊区", "城区", "市区", "人民", "各族")


def _without_common_tail(name: str, tok: Tokenizer) -> str:
    """呼伦贝尔草原 → 呼伦贝尔: a place of the dictionary followed by a common noun of the land
    around it is the place."""
    tail = next((t for t in COMMON_TAILS if name.endswith(t)), None)
    if tail is None or len(name) < len(tail) + 2:
        return name
    head = name[:-len(tail)]
    return head if tok.tag(head) == "ns" or _gazetteer(head, tok) else name


#: Groups a body sends, named after it: a delegation is no body of its own (中国共产党友好代表团
#: is 中国共产党's; 安徽省代表团 names a province's)
GROUPS = ("友好代表团", "代表团", "访问团", "考察团", "慰问团", "观察团")


def _without_group(name: str, tok: Tokenizer, lex: Lexicon) -> list[str]:
    """A delegation's name as the body that sent it, or nothing when that is no body."""
    group = next((g for g in GROUPS if name.endswith(g)), None)
    if group is None:
        return [name]
    rest = name[:-len(group)]
    if len(rest) >= 2 and (lex.org_suffix(rest) or tok.tag(rest) in ("nt", "j")) and tok.tag(rest) != "ns":
        return [rest]
    return []


#: Forms of address written after a name (朱师傅, 钟小姐), never its last characters
ADDRESS_WORDS = frozenset({"师傅", "小姐", "先生", "女士", "同志", "老师", "大爷", "大妈", "阿姨", "大姐", "大哥",
                           "老汉", "师", "老", "总", "姐", "哥", "嫂", "婶", "伯", "叔"})
#: How sure the model must be of a longer reading of a rule's person (see `_whole_person`)
WHOLE_PERSON_MIN = 0.5


def _whole_person(person: PersonMention, forms: Sequence[str], seen: dict[tuple[str, str], float]
                  ) -> PersonMention:
    """A person's name the rules cut short where the segmenter split a rare last character off
    (林仁/碧, 陈绪/豹, 陈方/安生): the model's longer reading, when it has one and the short form is
    never written alone."""
    name = person.name
    if len(name) < 2:
        return person  # 朱 of 朱师傅: a surname with a form of address
    lex = get_lexicon()
    longer = [n for (k, n), conf in seen.items()
              if k == "PER" and conf >= WHOLE_PERSON_MIN and n.startswith(name) and 1 <= len(n) - len(name) <= 2
              and _person_shape(n) and n[len(name)] not in NOT_NAME_PREFIXES and not lex.title_head(n[len(name):])
              and n[len(name):] not in ADDRESS_WORDS]
    if len(longer) != 1:
        return person
    whole = longer[0]
    if any(not form.startswith(whole, start) for form in forms for start in _starts(form, name)):
        return person
    return PersonMention(whole, person.titles)


#: What a person's name makes of a thing named after them: a cup (李宁杯), a brand (李宁牌)
BRAND_ENDINGS = ("杯", "牌")


def _without_brand(person: PersonMention) -> PersonMention:
    """李宁杯, 李宁牌: the person the cup or brand is named after."""
    name = person.name
    if len(name) >= 3 and name.endswith(BRAND_ENDINGS) and _person_shape(name[:-1]):
        return PersonMention(name[:-1], person.titles)
    return person


def _list_items(name: str, tok: Tokenizer, lex: Lexicon) -> list[str]:
    """A body's name the text wrote as a list is its items: 浙江中欣队、空军联航队 → both teams;
    …训练局党委和…管理中心党委 → both, when each side of 和 is a body's name of its own
    (住房和城乡建设厅 is one body)."""
    if "、" in name:
        return [p for p in name.split("、") if len(p) >= 2]
    at = name.find("和")
    left, right = name[:at], name[at + 1:]
    if at >= 2 and ((len(lex.org_suffix(left) or "") >= 2 and len(right) >= 4 and lex.org_suffix(right))
                    or (_body_name(left, tok, lex) and _body_name(right, tok, lex))):
        return [left, right]
    return [name]


#: Words that make a body's name no name: one not named (北京某中学), a count of them (三家公司,
#: 几所大学), each of them (各街道办事处)
INDEFINITE = re.compile("某|各|[几一二三四五六七八九十两数多]+(?:所|家|个|大)")


def _generic_body(name: str, tok: Tokenizer) -> bool:
    """A kind of body the model read as one (广播公司, 商业银行, 信息中心): words before its ending,
    none of them a proper part (a place, a name, an unknown word, 国家, 中央, Latin letters)."""
    if any(ch.isascii() and ch.isalpha() for ch in name):
        return False
    words = tok.cut(name)
    if len(words) == 1:
        # one dictionary word (商业银行, 联合政府): its part before a kind's ending
        kind = next((k for k in KIND_ENDINGS if name.endswith(k) and len(name) > len(k) + 1), None)
        return kind is not None and tok.known(name[:-len(kind)]) and not proper_word(name[:-len(kind)], tok)
    return not any(proper_word(w, tok) for w in words[:-1])


#: Endings of bodies that a plain word before them makes a kind, not a name (商业/银行, 信息/中心);
#: a ministry's or a bureau's field names it (外交部, 统计局)
KIND_ENDINGS = ("公司", "银行", "中心", "集团", "学院", "大学", "中学", "小学", "学校", "研究所", "研究院", "医院",
                "政府", "组织", "俱乐部")


#: Tags of words that end a phrase before a body's name (力克/上海远东队, 据/区直属机关工委, 经/中央军委)
BEFORE_NAME = frozenset({"v", "p", "d", "uj", "ul"})


def _after_verb(name: str, tok: Tokenizer, lex: Lexicon) -> str:
    """A body's name without the phrase glued before it: what follows its last verb or
    preposition, when that is itself a body's name with a proper part (a place, a name, 国家, 省)."""
    if (name, "nt") in tok.lexicon or tok.tag(name) in ("nt", "j"):
        return name
    # a preposition or verb of one character the segmenter glued to the name (经/中央军委, 任省/体委)
    if name[0] in GLUED_BEFORE and not tok.known(name[:2]) and _body_name(name[1:], tok, lex):
        return name[1:]
    for verb in GLUED_VERBS:
        if name.startswith(verb) and _body_name(name[len(verb):], tok, lex):
            return name[len(verb):]
    words = tok.cut(name)
    last = max((i for i, w in enumerate(words[:-1]) if tok.tag(w) in BEFORE_NAME and w not in NAME_VERBS), default=-1)
    if last < 0:
        return name
    head = "".join(words[last + 1:])
    return head if _body_name(head, tok, lex) else name


#: Endings of committees that have departments of their own (省委/宣传部, 中央军委/总政治部)
PARENT_COMMITTEES = ("党委", "省委", "市委", "县委", "区委", "工委", "军委", "纪委", "常委", "党组")


def _ministries_written_together(name: str, tok: Tokenizer) -> list[str]:
    """Ministries and state commissions a headline or a notice names one after another with no
    mark between them (财政部国家计委, 国家计委劳动部): each a body. A ministry has no ministry
    inside it, so a ministry's or a commission's name (…部, …委) right after another is a second
    body; a bureau or office after one is its own part (文化部艺术局, 国家计委外资司), and a
    party committee's departments are its own (省委宣传部)."""
    words = tok.cut(name)
    if len(words) != 2 or not all(len(w) >= 3 and w.endswith(("部", "委")) for w in words):
        return [name]
    if words[0].endswith(PARENT_COMMITTEES) or not all(tok.tag(w) in ("nt", "n", "j") for w in words):
        return [name]
    return words


#: Prepositions and verbs of one character, and verbs, that stand before a body's name
GLUED_BEFORE = frozenset("经据任由在向对从与同被把将给让当")
GLUED_VERBS = ("力克", "战胜", "击败", "不敌", "负于", "参与", "深化", "应邀参加", "参加", "代表", "援引", "会见",
               "作为")


def _body_name(name: str, tok: Tokenizer, lex: Lexicon) -> bool:
    """A body's name of its own: three characters or more, closed like a body, one dictionary
    body (中央军委) or with a proper part before its ending (上海/远东/队, 区/直属机关/工委)."""
    if len(name) < 3 or not (lex.org_suffix(name) or tok.tag(name) in ("nt", "j")):
        return False
    words = tok.cut(name)
    return (len(words) == 1 and tok.tag(name) in ("nt", "j")) or any(proper_word(w, tok) for w in words[:-1])


def _local_name(name: str, tok: Tokenizer, lex: Lexicon) -> bool:
    """A street, village or community the rules may name on their own word: not a word of two
    characters (满街, 上路, 新村: the dictionary calls them places), not closed by an ordinary word
    that merely ends like a place (产品/销路, 南昆/铁路, 背街/小巷)."""
    if len(name) <= 2:
        return False
    last = tok.cut(name)[-1]
    suffix = lex.place_suffix(last)
    return not (len(last) >= 2 and suffix and suffix != last and tok.tag(last) not in (None, "ns", "nz")
                and tok.known(last))


def split_places(name: str, parts: set[str], lex: Lexicon) -> list[str]:
    """A run of places the rules read as one, split where the model sees its places:
    辽宁省沈阳市 → 辽宁省, 沈阳市; 湖南省长沙县果园镇 → 湖南省, 长沙县, 果园镇 (a piece left between
    the model's places is a place when it ends like one). Unsplit when the model sees none inside,
    or when what it sees leaves pieces that are no places (湖北 in 环湖北路 leaves 环, 路)."""
    if PlaceKind.of(name) not in CHAIN_KINDS:
        return [name]  # 建业十八城小区, 天明城名门世家小区: an estate named after another name
    inside = sorted((p for p in parts if p != name and p in name), key=len, reverse=True)
    if not inside:
        return [name]
    pieces: list[str] = []
    rest = name
    while rest:
        head = next((p for p in inside if rest.startswith(p)), None)
        if head is None:
            # the longest leading piece that ends like a place and is followed by a known part
            cut = next((i for i in range(len(rest), 1, -1) if len(lex.place_suffix(rest[:i]) or rest[:i]) < i
                        and (i == len(rest) or any(rest[i:].startswith(p) for p in inside))), 0)
            if not cut:
                return [name]
            head = rest[:cut]
        pieces.append(head)
        rest = rest[len(head):]
    return pieces


#: Tags of words that never begin a name (改造, 在) or stand inside one (等, 的, 和)
NOT_NAME_START = frozenset({"v", "p", "c", "u", "uj", "ul", "d", "r"})
NOT_NAME_INSIDE = frozenset({"p", "c", "u", "uj", "ul"})


def _learned_names(kind: str, form: str, words: list[str], name: str, tok: Tokenizer) -> list[str]:
    """The names a span the model marks holds, found whole: without a verb or preposition before
    them (来/京, 后任/绥德特委), none where a particle or conjunction stands inside (庆丰路/等/道路),
    none ending in a verb (送戏/下乡); a body's span split where one body ends and the next begins
    (…新华书店 | 广东省…) and cut before a title (兰州军区 | 第一政委); two places of the dictionary
    written together are two (江苏淮安 → 江苏, 淮安)."""
    start = form.find(name)
    end = start + len(name)
    inside = []
    pos = 0
    for w in words:
        a, b = pos, pos + len(w)
        pos = b
        if b > start and a < end:
            inside.append((max(a, start) - start, min(b, end) - start, w, a >= start and b <= end))
    # leading words that never begin a name
    while len(inside) > 1 and inside[0][3] and tok.tag(inside[0][2]) in NOT_NAME_START:
        inside = inside[1:]
    if not inside:
        return []
    # 住房和城乡建设厅: a body's name may join two of its fields with 和; a place's never does
    if any(whole and tok.tag(w) in NOT_NAME_INSIDE and not (kind == "ORG" and tok.tag(w) == "c")
           for _, _, w, whole in inside[1:]):
        return []
    last = inside[-1]
    if last[3] and tok.tag(last[2]) == "v" and len(inside) > 1:
        return []
    name = name[inside[0][0]:]
    lex = get_lexicon()
    if kind == "ORG":
        # a verb or adverb inside: the model ran a clause into the name (京/设立/办事处,
        # 积极参与/深化/中亚联盟); what follows it is the name when it is one, else none is,
        # unless a formal ending closes the whole (基本法/推广/督导委员会)
        verbs = [b for _, b, w, whole in inside[1:] if whole and tok.tag(w) in CLAUSE_TAGS and w not in NAME_VERBS]
        if verbs:
            rest = name[verbs[-1] - inside[0][0]:]
            if _body_name(rest, tok, lex):
                name = rest
            elif len(lex.org_suffix(name) or "") < 3:
                return []
        return [p for p in _split_bodies(name, tok, lex) if len(p) >= 2]
    return _split_places_written_together(name, tok, lex)


#: Tags of the words of a clause, never inside a body's name: verbs, adverbs, prepositions
CLAUSE_TAGS = frozenset({"v", "vd", "d", "p", "ad", "i"})
#: A body's name is no longer than this: a longer span is several bodies the text ran together
MAX_LEARNED_ORG = 24


#: Endings of a body's branch or unit named by its place (中国科学院/武汉分院, 中国水产科学院/
#: 黑龙江水产研究所): the branch is part of the body before it, one name
BRANCH_ENDINGS = ("分院", "分校", "分会", "分社", "分行", "分公司", "分局", "分所", "分部", "分中心", "分站",
                  "研究所", "研究室", "办事处", "代表处")


def _split_bodies(name: str, tok: Tokenizer, lex: Lexicon) -> list[str]:
    pieces = []
    start = 0
    for i in range(2, len(name) - 1):
        head, rest = name[start:i], name[i:]
        # one body ends (…书店, …剧团) where a place's name begins (广东省…, 中国…)
        if lex.org_suffix(head) and any(tok.tag(rest[:n]) == "ns" for n in (2, 3, 4) if n <= len(rest)) \
                and len(head) >= 4 and not rest.endswith(BRANCH_ENDINGS):
            pieces.append(head)
            start = i
    pieces.append(name[start:])
    out = []
    for piece in pieces:
        title = lex.title_head(piece)
        if title and not lex.org_suffix(piece):
            # 兰州军区第一政委: the body, then a person's title
            cut = piece[:-len(title)].rstrip("第一二三四五六七八九十副正")
            piece = cut if lex.org_suffix(cut) or tok.tag(cut) == "nt" else ""
        if piece and len(piece) <= MAX_LEARNED_ORG:
            out.append(piece)
    return out


def _split_places_written_together(name: str, tok: Tokenizer, lex: Lexicon) -> list[str]:
    if tok.tag(name) == "ns" or len(name) < 4:
        return [name]
    for i in range(2, len(name) - 1):
        head, rest = name[:i], name[i:]
        if tok.tag(head) == "ns" and (tok.tag(rest) == "ns" or (len(rest) >= 2 and lex.place_suffix(rest)
                                                               and len(lex.place_suffix(rest) or "") < len(rest))):
            return [head, *_split_places_written_together(rest, tok, lex)]
    return [name]


#: Tags of words that make a phrase of a "place": a verb, an adverb, a particle (送/电影/下乡,
#: 学校/少/走/弯路, 公益/之/路)
NOT_IN_PLACE = frozenset({"v", "p", "c", "u", "uj", "ul", "d", "r", "y"})


def _place_words_ok(name: str, tok: Tokenizer) -> bool:
    """A place's name is nouns and names: a verb may only open a two-word road or street name
    (解放/路); a name whose last word is a verb (科技/下乡) or a body (…/新华书店) is none."""
    words = tok.cut(name)
    if len(words) < 2:
        return True
    last = tok.tag(words[-1])
    if last in ("v", "nt", "l", "i"):
        return False  # 下乡, 新华书店, 少走弯路: a verb, a body, a set phrase
    # a single character the dictionary reads as an adverb may be a name's own (曾/庄村)
    tags = [tok.tag(w) for w in words[:-1] if not (len(w) == 1 and tok.tag(w) == "d")]
    if len(words) == 2:
        return not set(tags) & (NOT_IN_PLACE - {"v"})
    return not set(tags) & NOT_IN_PLACE


def _named_building(name: str, lex: Lexicon) -> bool:
    """A name closed by a building's or estate's full ending of two characters or more, with a
    proper part of two before it (天明财富中心, 昌建·MOCO新世界): the rules' reading stands."""
    suffix = lex.place_suffix(name) or ""
    return len(suffix) >= 2 and len(name) - len(suffix) >= 2 and PlaceKind.of(name) not in CHAIN_KINDS


#: Characters that stand before a place's name without being part of it (在北京, 赴美国)
NOT_NAME_PREFIXES = frozenset("在到从于和与及的是为对向往经由被把将给让等了着过自至去来赴抵离返回进出入沿近临")
SEPARATORS = frozenset("，。、；：！？（）“”《》 \n")


def _with_lone_prefix(name: str, forms: Sequence[str]) -> str:
    """"环湖北路" for "湖北路": a road, village or community name always written with one more
    character before it, itself right after a separator, is the name with that character (the
    segmenter cut it off as a word of its own: 环 / 湖北 / 路)."""
    if PlaceKind.of(name) not in LOCAL_KINDS:
        return name
    prefixes = set()
    for form in forms:
        for start in _starts(form, name):
            if start == 0 or form[start - 1] in SEPARATORS:
                return name  # written alone somewhere: the name as found
            before = form[start - 2] if start >= 2 else "，"
            if form[start - 1] in NOT_NAME_PREFIXES or not is_cjk(form[start - 1]) or before not in SEPARATORS:
                return name
            prefixes.add(form[start - 1])
    return prefixes.pop() + name if len(prefixes) == 1 else name


_LIST_RE = re.compile(r"([\u4e00-\u9fff·]{1,10}(?:\s*、\s*[\u4e00-\u9fff·]{1,10})+)")
_COUNT_RE = re.compile(r"^\s*(?:等|共)?\s*([0-9]+|[一二三四五六七八九十两]+)\s*个([\u4e00-\u9fff]{0,10})")
_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九十")} | {"两": 2}
#: Trailing words of a list item that say which part of a road is meant (平安路东延, 南段)
ROAD_PARTS = re.compile("[东西南北]?(?:延|段|侧|口)$")


def _item_words(item: str, tok: Tokenizer) -> str:
    """A list item without the words around the name: a verb before the first item (改造/平安路东延),
    what follows a particle after the last (庆丰路/等/道路)."""
    words = tok.cut(item)
    while len(words) > 1 and tok.tag(words[0]) in NOT_NAME_START:
        words = words[1:]
    for i, w in enumerate(words):
        if i and tok.tag(w) in NOT_NAME_INSIDE:
            words = words[:i]
            break
    return "".join(words)


def list_places(forms: Sequence[str], found: Sequence[str], lex: Lexicon, tok: Tokenizer | None = None
                ) -> list[str]:
    """Places named in a list, split whole: every item of a "、" list that counts its items
    (田庄、贾寨、石庄、大王、上楼5个…样板村: five items, five villages), and the items ending
    like the list's found roads, villages or communities (平安路东延、桂江路、环湖路 → 平安路)."""
    out: list[str] = []
    known = set(found)
    for form in forms:
        for m in _LIST_RE.finditer(form):
            items = [i.strip() for i in m.group(1).split("、")]
            count = _COUNT_RE.match(form[m.end():])
            if count and 2 <= _number(count.group(1)) <= len(items):
                items = items[-_number(count.group(1)):]
                # the first item runs into the words before the list: keep the place it ends with
                head = max((k for k in known if items[0].endswith(k)), key=len, default=items[0])
                items[0] = head
                kind = PlaceKind.of(count.group(2))
                if kind in LOCAL_KINDS and all(2 <= len(i) <= 5 for i in items):
                    out += [i for i in items if i not in known]
                    continue
            kinds = [PlaceKind.of(i) for i in items if i in known]
            local = {k for k in kinds if k in LOCAL_KINDS}
            if len(kinds) < 2 or len(local) != 1:
                continue
            tok = tok or get_tokenizer()
            for item in (items[0] if items[0] in known else _item_words(items[0], tok), *items[1:-1],
                         items[-1] if items[-1] in known else _item_words(items[-1], tok)):
                name = ROAD_PARTS.sub("", item) if PlaceKind.ROAD in local else item
                if (name not in known and PlaceKind.of(name) in local and 3 <= len(name) <= 8
                        and len(lex.place_suffix(name) or name) < len(name)):
                    out.append(name)
    return out


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 1:
        return _NUMERALS.get(text, -1)
    if text[0] == "十":
        return 10 + _NUMERALS.get(text[1], 0)
    return -1


def _confirmed_name(name: str, tok: Tokenizer) -> bool:
    """A person's name the archive confirmed (the parse's lexicon) or our curated lists know: the
    model's doubt does not undo an editor's confirmation."""
    return (tok.curated.get(name) or "").startswith("nr")


def _place_tail(name: str, forms: Sequence[str]) -> bool:
    """"路东延" in 平安路东延: a name starting with a place's last character glued to the word
    before it is the tail of that place, never a person."""
    if name[0] not in PLACE_TAIL_STARTS:
        return False
    return all(start > 0 and is_cjk(form[start - 1]) for form in forms for start in _starts(form, name))


def _ordinary_org(name: str, forms: Sequence[str]) -> bool:
    """A body's name that is a kind of place or a plain word (天明财富中心, 周口中心 of 周口中心城区):
    the endings the rules never take as a body, also across what follows the name."""
    if name.endswith(NOT_ORG_ENDINGS):
        return True
    return all(any((name + form[start + len(name):start + len(name) + k]).endswith(e)
                   for k in (1, 2) for e in NOT_ORG_ENDINGS if len(e) > k)
               for form in forms for start in _starts(form, name)) and any(name in f for f in forms)


def _ordinary_word(name: str, tok: Tokenizer, lex: Lexicon) -> bool:
    """A word the dictionary knows as something else than a place (科普, 深度), unless it ends
    like a place (a place ending makes a name: 景园社区)."""
    if name in NOT_PLACES or name in NOT_CLOSERS:
        return True
    return tok.tag(name) in ORDINARY_TAGS and tok.known(name)


#: Dictionary tags of common words (a name the dictionary tags nr, ns, nz or j may be a place)
ORDINARY_TAGS = frozenset({"n", "v", "vn", "a", "ad", "an", "d", "i", "l", "m", "q", "t", "f", "s", "b", "z", "r"})


def _starts(text: str, name: str) -> list[int]:
    out = []
    start = text.find(name)
    while start >= 0:
        out.append(start)
        start = text.find(name, start + 1)
    return out


def _person_shape(name: str) -> bool:
    """Two to four Chinese characters, or a transliterated name with its dot (安尼瓦尔·买买提)."""
    if "·" in name or "—" in name:
        return all(is_cjk(part) for part in name.replace("—", "·").split("·") if part)
    return is_cjk(name) and 2 <= len(name) <= 4


def whole_names(
    forms: Sequence[str],
    people: list[PersonMention],
    organizations: list[OrganizationMention],
    places: list[PlaceMention],
    tok: Tokenizer,
) -> tuple[list[PersonMention], list[OrganizationMention], list[PlaceMention]]:
    """A name is found once, whole: a place or an organization whose every occurrence lies inside
    a longer name found in the same article (湖北 in 环湖北路, 河南省 in 河南省住房和城乡建设厅) or
    inside a concept (枫桥 in 枫桥经验, 中国 in 中国特色) is no entity of its own."""
    longer = ([p.name for p in people] + [f for o in organizations for f in (o.name, *o.aliases)]
              + [p.name for p in places])
    covers = [_covered_spans(form, longer) for form in forms]
    kept_places = [p for p in places if not _only_inside(p.name, forms, covers)
                   and not _concept(p.name, forms, tok)]
    kept_orgs = [o for o in organizations if not _only_inside(o.name, forms, covers)]
    return people, kept_orgs, kept_places


def _covered_spans(text: str, names: Sequence[str]) -> list[tuple[int, int]]:
    spans = []
    for name in set(names):
        start = text.find(name)
        while start >= 0:
            spans.append((start, start + len(name)))
            start = text.find(name, start + 1)
    return spans


def _only_inside(name: str, forms: Sequence[str], covers: Sequence[list[tuple[int, int]]]) -> bool:
    """Every occurrence of `name` lies inside a strictly longer found name."""
    seen = False
    for form, spans in zip(forms, covers, strict=True):
        start = form.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(a <= start and end <= b and b - a > end - start for a, b in spans):
                return False
            seen = True
            start = form.find(name, start + 1)
    return seen


#: Words after a place's name that make the whole a concept, a method or a kind, not a place:
#: 枫桥经验, 中国特色, 中国式现代化, 延安精神, 深圳速度
CONCEPT_TAILS = ("经验", "精神", "特色", "式", "模式", "风格", "速度", "方案", "智慧", "故事", "道路", "梦")


#: Words after a lone surname that make it a person named again (赵外出, 常本人承认, 王、陈进入)
AFTER_LONE_SURNAME = frozenset({"的", "本人", "、", "和", "与", "等", "也", "又", "便", "就", "却", "说", "称",
                                "，", "。"})
#: Titles a country's one-character short name goes with (罗总统 is Romania's president, 美大使)
STATE_TITLES = frozenset({"总统", "副总统", "总理", "副总理", "首相", "外长", "外交部长", "国王", "大使", "公使",
                          "议长", "参赞", "领事", "总督", "元首"})
#: How the dictionary may tag a lone surname (赵 nr, 罗 j, 张 q, 刘 zg, 常 d): not a conjunction's,
#: a preposition's or a noun's (和, 向, 由, 国 are surnames too)
SURNAME_TAGS = frozenset({"nr", "nrfg", "j", "q", "zg", "d", None})
#: Words before it that make it part of something else: a number's measure (一张), a name's tail
BEFORE_NOT_SURNAME = frozenset({"m", "q", "nr", "ns", "nt", "nz", "a"})


def surname_references(words_per_text: Sequence[list[str]], people: Sequence[PersonMention], tok: Tokenizer
                       ) -> list[PersonMention]:
    """People named again by their surname alone, as the annotated corpus lists them: 赵 after
    赵敬臣 (…称赵外出), 王 and 陈 after 王振亚 and 陈伟 (当王、陈进入…); and a surname with a title
    (罗副科长, 张副主任: 罗 and 张, the title theirs).

    A lone surname counts only where a person of that surname is named in full in the article and
    the words around it are a subject's (a verb, 的, a list's mark), not a measure (一张) or a word."""
    lex = get_lexicon()
    known = {p.name for p in people}
    full = {p.name[0] for p in people if 2 <= len(p.name) <= 3 and p.name[:2] not in lex.compound_surnames}
    found: dict[str, tuple[str, ...]] = {}
    for words in words_per_text:
        for i, word in enumerate(words):
            if len(word) != 1 or word not in lex.surnames or word in known or tok.tag(word) not in SURNAME_TAGS:
                continue
            before = tok.tag(words[i - 1]) if i else None
            if before in BEFORE_NOT_SURNAME:
                continue
            after = words[i + 1] if i + 1 < len(words) else ""
            title = after + (words[i + 2] if after in ("副", "代") and i + 2 < len(words) else "")
            head = lex.title_head(title)
            if head and len(title) >= 2 and head not in STATE_TITLES and (after not in ("副", "代") or len(title) > 2):
                found.setdefault(word, (title,))
                continue
            verb = len(after) >= 2 and (tok.tag(after) or "").startswith("v")
            if word in full and (after in AFTER_LONE_SURNAME or verb):
                found.setdefault(word, ())
    return [PersonMention(name, titles) for name, titles in found.items()]


#: A sports team named after its province or city, with a sponsor's name or none (山东队,
#: 四川蓝剑队, 辽宁男排): the place word there names the team, not a place (the annotated pages
#: of days 01-06 list it as a place in 2 of 18 such cases). Not troops or working parties
#: (边防部队, 医疗队, 考察队), which a place word does locate.
TEAM_RE = re.compile(r"(?:[^\W\d的和与及在是有]{0,4}?(?<![部军舰疗作察险务击工商乐卫护总支大中小])队|[男女][排篮足])")


def _concept(name: str, forms: Sequence[str], tok: Tokenizer) -> bool:
    """Every occurrence of the place word heads a concept (枫桥经验) or names a team (山东队), or
    the word is an ordinary word inside a longer dictionary word that is no place (兴国 in 执政兴国)."""
    seen = False
    for form in forms:
        start = form.find(name)
        while start >= 0:
            end = start + len(name)
            rest = form[end:end + 2]
            if not (rest.startswith(CONCEPT_TAILS) or TEAM_RE.match(form, end) or _inside_word(form, start, end, tok)
                    or _inside_title(form, start, end)):
                return False
            seen = True
            start = form.find(name, start + 1)
    return seen


QUOTES = {"“": "”", "《": "》", "〈": "〉"}
MAX_QUOTED = 30


def _inside_title(form: str, start: int, end: int) -> bool:
    """The occurrence is part of a quoted name longer than itself: a day, a campaign, a law or a
    slogan (“中国青年志愿者服务日”, 《周口市文明行为促进条例》, “难事社区商”), not the place."""
    left = form.rfind("“", max(0, start - MAX_QUOTED), start), form.rfind("《", max(0, start - MAX_QUOTED), start)
    for opening in left:
        if opening < 0:
            continue
        closing = form.find(QUOTES[form[opening]], end, end + MAX_QUOTED)
        between = form[opening + 1:start] + form[end:closing]
        if closing < 0 or not between or any(q in between for q in "“”《》"):
            continue
        quoted = form[opening + 1:closing]
        # a book or article title may well be about the place (《西藏游记》): only days, rules
        # and slogans are names of their own
        if quoted.endswith(TITLE_KINDS) or "、" in quoted:
            return True
    return False


#: Endings of quoted names that are days, rules, plans or campaigns
TITLE_KINDS = ("日", "节", "周", "月", "条例", "办法", "规定", "法", "纲要", "规划", "方案", "行动", "工程", "公约",
               "守则", "准则", "章程", "手册")


def _inside_word(form: str, start: int, end: int, tok: Tokenizer) -> bool:
    """The occurrence is part of a dictionary word of up to four characters that is not a place
    (执政兴国, 深度融合): the dictionary names it as a whole."""
    for a in range(max(0, start - 2), start + 1):
        for b in range(end, min(len(form), end + 2) + 1):
            if (a, b) == (start, end) or b - a > 4:
                continue
            word = form[a:b]
            tag = tok.tag(word)
            if tag is not None and tag not in ("ns", "nt", "nz") and tok.known(word):
                return True
    return False



#: A county-level unit's ending inside a run of places (于洪区, 玉环县, 坎门镇)
LEVEL_RE = re.compile("([^\\W\\d]{1,3}[区县旗乡镇])([^\\W\\d]{2,4})?")


def gazetteer_chain(name: str, tok: Tokenizer) -> list[str]:
    """A run of places that starts with a place of the gazetteer, split into each: 长江三峡 → 长江,
    三峡 (two places of the gazetteer); 沈阳于洪区宁官屯 → 沈阳, 于洪区, 宁官屯 (a city, a district
    not in the dictionary, a village), and without the city (于洪区宁官屯 → 于洪区, 宁官屯).
    Not a place with its own kind's ending (香港特别行政区, 北京市, 巴勒斯坦自治区) nor a
    building named after its city (北京京西宾馆: the pages keep it whole)."""
    heads = [name[:i] for i in range(len(name) - 2, 1, -1) if _gazetteer(name[:i], tok)]
    head = heads[0] if heads else ""
    rest = name[len(head):]
    if head and _gazetteer(rest, tok):
        return [head, rest]
    level = LEVEL_RE.fullmatch(rest)
    # not a common noun (自治区, 开发区) nor a region's word (香港地区, 山区)
    if (level and (head or level[2]) and tok.tag(level[1]) in (None, "ns", "nr", "nz")
            and not level[1].endswith(tuple(NOT_CLOSERS))):
        return [p for p in (head, *level.groups()) if p]
    return [name]


def _gazetteer(name: str, tok: Tokenizer) -> bool:
    """A province, city, country or region of our gazetteer (data/places.txt): a place whatever the
    model thinks of it (it may read it inside a body it saw, 惠州市/公安机关); a place inside a body
    kept is still dropped as a fragment (`whole_names`). Not a region named by its direction
    (东北, 西南: as often a direction or a wind's)."""
    return len(name) >= 2 and tok.curated.get(name) == "ns" and not set(name) <= DIRECTIONS


#: Characters of the regions named by directions (东北, 西南), often a direction or a wind's
DIRECTIONS = frozenset("东西南北中")
