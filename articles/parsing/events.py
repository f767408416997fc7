"""Dated happenings an article reports: meetings, activities, ceremonies, inspections.

Takes the article's sentences, the reference date (the dateline's month and day, else the
page date) and the organizations and persons already found; gives `EventMention`s::

    >>> find_events(["3月5日上午，市城乡一体化示范区召开纪念“三八”国际妇女节114周年暨表彰大会。"],
    ...             reference=None, year=None, organizations=["市城乡一体化示范区"])
    [EventMention(name='纪念“三八”国际妇女节114周年暨表彰大会', date='--03-05', time_of_day='上午',
                  location=None, organizers=('市城乡一体化示范区',), participants=())]

A sentence reports an event when it carries a date ("3月5日", "3 月 1 日", "１月１５日",
"今天", "昨天", "日前") and one of the patterns: "召开/举行/举办/开展 …会议/大会/活动/仪式",
"…会议召开/举行", or, failing those, "到/前往/在 … 调研/考察/视察". One event per sentence:
the strongest pattern wins (a sentence that both inspects and holds a meeting reports the
meeting), which keeps precision up.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from articles.parsing.dates import MONTH_DAY_RE, resolve_month_day, to_int
from articles.parsing.lexicon import get_lexicon
from articles.parsing.model import EventMention

EVENT_NOUNS = (
    "会议|大会|推进会|座谈会|研讨会|表彰会|动员会|启动会|培训会|交流会|报告会|发布会|见面会|联席会|恳谈会|"
    "协调会|现场会|分析会|部署会|总结会|年会|论坛|峰会|博览会|展览会|交易会|洽谈会|运动会|招聘会|晚会|"
    "活动|仪式|典礼|开幕式|闭幕式|签约仪式|比赛|竞赛|大赛|演练|讲座|培训班|展览|庆典|集会|会谈|会晤|会"
)
NAME_BODY = r"[^，。；！？：、\n]{0,40}?"
# "召开全区高层建筑消防安全工作推进会", "开展学雷锋暨文明实践志愿服务活动"
HOLD_RE = re.compile(rf"(?:召开|举行|举办|开展|组织开展|启动|主办|承办)了?(?P<name>{NAME_BODY}(?:{EVENT_NOUNS}))")
# "市城乡一体化示范区党工委（扩大）会议召开"
HELD_RE = re.compile(
    rf"(?P<name>[^，。；！？：、\n]{{2,40}}?(?:{EVENT_NOUNS}))(?:在[^，。；]{{1,20}})?(?:召开|举行|开幕|闭幕|举办)"
)
# "到/前往 … 调研", "在贵州农村考察扶贫工作"
VISIT_RE = re.compile(
    r"(?:到|前往|赴|在|深入)(?P<where>[^，。；！？\n]{2,40}?)(?:实地)?(?P<verb>调研|考察|视察)"
    r"(?P<what>[^，。；！？\n]{0,20}?工作)?"
)
TIME_RE = re.compile(r"(上午|下午|晚上|中午|早上|傍晚|凌晨|晚|([0-9０-９]{1,2})[:：时]([0-9０-９]{2}))")
LOCATION_RE = re.compile(r"(?:在|于)(?P<loc>[^，。；！？、\n]{2,20}?)(?:召开|举行|举办|开展|启动)")
RELATIVE = {"今天": 0, "今日": 0, "日前": 0, "近日": 0, "昨天": -1, "昨日": -1, "前天": -2, "明天": 1}
#: put between paragraphs in the sentence list: a date carries over sentences, not paragraphs
PARAGRAPH_BREAK = "\n"
SENTENCE_RE = re.compile(r"[^。！？!?]+[。！？!?]?")


def _date(sentence: str, reference: dt.date | None, ref_md: tuple[int, int] | None, year: int | None
          ) -> tuple[str | None, int]:
    """The sentence's date as ISO ("--MM-DD" without a year) and where it ends."""
    m = MONTH_DAY_RE.search(sentence)
    if m:
        month, day = to_int(m["month"]), to_int(m["day"])
        if month and day and 1 <= month <= 12 and 1 <= day <= 31:
            return resolve_month_day(month, day, reference=reference), m.end()
    for word, delta in RELATIVE.items():
        pos = sentence.find(word)
        if pos >= 0 and (reference is not None or ref_md is not None):
            if reference is not None:
                d = reference + dt.timedelta(days=delta)
                return d.isoformat(), pos + len(word)
            month, day = ref_md  # type: ignore[misc]
            d = dt.date(2000, month, day) + dt.timedelta(days=delta)
            return f"--{d.month:02d}-{d.day:02d}", pos + len(word)
    return None, -1


def _clean_name(name: str) -> str:
    name = name.strip()
    # a name does not start with a connective or a time word left over from the clause
    for lead in ("了", "的", "一次", "一场", "一系列", "系列"):
        if name.startswith(lead) and len(name) > len(lead) + 1:
            name = name[len(lead):]
    return name


def find_events(
    sentences: Sequence[str],
    *,
    reference: dt.date | None,
    year: int | None,
    ref_md: tuple[int, int] | None = None,
    organizations: Sequence[str] = (),
    persons: Sequence[str] = (),
    places: Sequence[str] = (),
) -> list[EventMention]:
    events: list[EventMention] = []
    seen: set[tuple[str, str | None]] = set()
    carried: str | None = None
    for idx, sentence in enumerate(sentences):
        if sentence == PARAGRAPH_BREAK:
            carried = None
            continue
        date, date_end = _date(sentence, reference, ref_md, year)
        if date is None:
            # a lead's date holds for the paragraph ("3月5日是…。为纪念雷锋同志，…开展…活动。")
            date, date_end = carried, 0
        else:
            carried = date
        if date is None:
            continue
        name = location = None
        verb_pos = -1
        visit = False
        m = HOLD_RE.search(sentence)
        held = HELD_RE.search(sentence)
        if held and (not m or held.start() < m.start()):
            name, verb_pos = held["name"], held.start()
            if held.start() < date_end:  # the name ran back over the date ("3月1日会议召开")
                name = name[date_end - held.start():]
        elif m:
            name, verb_pos = m["name"], m.start()
        else:
            v = VISIT_RE.search(sentence)
            if v:
                what = v["what"] or ""
                name = f"{v['verb']}{what}" if what else f"{v['where'].strip()}{v['verb']}"
                location = _place_in(v["where"].strip(), places)
                verb_pos = v.start()
                visit = True
        if not name:
            continue
        name = _clean_name(name.lstrip("，, "))
        if len(name) < 2:
            continue
        time_match = TIME_RE.search(sentence, max(date_end, 0))
        time_of_day = None
        if time_match and time_match.start() <= max(date_end, 0) + 2:
            time_of_day = time_match.group(0) if not time_match.group(2) else (
                f"{to_int(time_match.group(2)):02d}:{to_int(time_match.group(3)):02d}")
        if location is None:
            lm = LOCATION_RE.search(sentence)
            if lm:
                location = _place_in(lm["loc"], places)
        head = sentence[:verb_pos] if verb_pos > 0 else sentence
        organizers: list[str] = []
        if not visit:  # who inspects is a participant; the bodies in his titles organize nothing
            for o in organizations:
                # the longest form first: an alias inside a named organizer is the same body
                if o in head and o not in name and not any(o in x for x in organizers) and not _in_title(o, head):
                    organizers.append(o)
        rest = [sentence]  # the rest of the paragraph says who attended
        for later in sentences[idx + 1:]:
            if later == PARAGRAPH_BREAK:
                break
            rest.append(later)
        participants = _participants(rest, persons, head if visit else "")
        key = (name, date)
        if key in seen:
            continue
        seen.add(key)
        events.append(EventMention(name, date, time_of_day, location, tuple(organizers), participants))
    return events


ATTEND_RE = re.compile("出席|参加|主持|带队|陪同|率领|会见|参观|看望")
CLAUSE_SPLIT_RE = re.compile("[，；。！？]")
NOT_LOCATIONS = frozenset({"此间", "这里", "那里", "当地", "现场", "会上", "此", "该地"})


def _in_title(org: str, text: str) -> bool:
    """"市政协副主席、…党工委书记宋力": the body names a person's office, it organizes nothing."""
    lex = get_lexicon()
    pos = text.find(org)
    while pos >= 0:
        after = text[pos + len(org):pos + len(org) + 6].lstrip("副")
        if any(after.startswith(t) for t in lex.title_heads):
            return True
        pos = text.find(org, pos + 1)
    return False


def _participants(sentences: Sequence[str], persons: Sequence[str], visitors_head: str) -> tuple[str, ...]:
    """Persons in a clause that says they attend ("示范区领导张晓、王轶出席会议", "宋力主持会议"),
    in the event's sentence or the next; for an inspection, the persons before its verb."""
    out: list[str] = [p for p in persons if visitors_head and p in visitors_head]
    for sentence in sentences:
        for clause in CLAUSE_SPLIT_RE.split(sentence):
            if ATTEND_RE.search(clause):
                out.extend(p for p in persons if p in clause and p not in out)
    return tuple(out)


def _place_in(text: str, places: Sequence[str]) -> str | None:
    """The places named in a location phrase ("黔东南苗族侗族自治州、黔南布依族苗族自治州冒雨" →
    both prefectures), the phrase itself when it names none we know, None for "此间"."""
    text = text.strip()
    if not text or text in NOT_LOCATIONS:
        return None
    found = [p for p in places if p in text]
    # keep the longest of nested names (文昌万达广场, not 文昌)
    found = [p for p in found if not any(p != q and p in q for q in found)]
    if found:
        found.sort(key=text.find)
        return "、".join(found)
    return text


def split_sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_RE.findall(text) if s.strip()]
