"""The entity stage: persons with titles, organization aliases, places, the seed page's golden
figures, and a recall/precision floor on the annotated corpus."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from articles.parsing.entities import find_entities, reference_date
from articles.parsing.model import Block, BlockType, Caption, Entities, EventMention, PlaceMention
from articles.parsing.organizations import group_aliases

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpora" / "pfr-199801-days01-10.jsonl"


def entities(*paragraphs: str, dateline: str | None = None, page_date: dt.date | None = None,
             credits: frozenset[str] = frozenset()) -> Entities:
    return find_entities(headline=None, blocks=[Block(BlockType.PARAGRAPH, p) for p in paragraphs], captions=[],
                         dateline=dateline, page_date=page_date, credit_names=credits)


def people(*paragraphs: str, **kw) -> dict[str, tuple[str, ...]]:
    return {p.name: p.titles for p in entities(*paragraphs, **kw).people}


@pytest.mark.parametrize(
    ("text", "name", "titles"),
    [
        ("会议传达学习市委书记张建慧调研示范区讲话精神。", "张建慧", ("市委书记",)),
        ("市政协副主席、示范区党工委书记宋力主持会议并讲话。", "宋力", ("市政协副主席", "示范区党工委书记")),
        ("国家环保局局长解振华庄重宣布：淮河治污第一战役告捷。", "解振华", ("国家环保局局长",)),
        ("温家宝在贵州省委书记刘方仁等陪同下考察扶贫工作。", "刘方仁", ("贵州省委书记",)),
        ("省委常委、副省长袁荣贵也参加了考察。", "袁荣贵", ("省委常委", "副省长")),
        ("传达学习习近平总书记近期重要讲话精神。", "习近平", ("总书记",)),
        ("“我们把学雷锋活动与文明实践活动有机融合。”示范区新闻宣传和网络信息中心负责人朱苏亚说。",
         "朱苏亚", ("示范区新闻宣传和网络信息中心负责人",)),
        # a noun naming what the person is or does (…家, 冠军, 总监) is a title too
        ("邓小平在接见著名数学家陈省身时说。", "陈省身", ("著名数学家",)),
        ("江苏新秀输给了全国冠军张勇。", "张勇", ("全国冠军",)),
        ("上海京剧院艺术总监黎中城说，京剧要振兴。", "黎中城", ("上海京剧院艺术总监",)),
    ],
    ids=["city-party-secretary", "two-titles", "bureau-head", "provincial-secretary", "two-titles-2",
         "title-after", "head-of-a-centre", "scientist", "champion", "artistic-director"],
)
def test_titles_before_a_name(text: str, name: str, titles: tuple[str, ...]) -> None:
    assert people(text).get(name) == titles


@pytest.mark.parametrize(
    ("text", "names", "shared_title"),
    [
        ("示范区领导张晓、王轶、王磊、高宾、丁有亮、邢海荣出席会议。",
         ["张晓", "王轶", "王磊", "高宾", "丁有亮", "邢海荣"], "示范区领导"),
        ("副市长李明华、王建国、赵立新出席。", ["李明华", "王建国", "赵立新"], "副市长"),
    ],
)
def test_a_list_of_names_shares_its_title(text: str, names: list[str], shared_title: str) -> None:
    found = people(text)
    for name in names:
        assert found.get(name) == (shared_title,), (name, found)


@pytest.mark.parametrize(
    "text",
    [
        "弘扬文明新风，争当文明市民。",  # 文明 is tagged nr in jieba's dictionary
        "他是体育明星，也是莫斯科大学的校友。",
        "城市面貌焕然一新，高质量发展势头良好。",
        "在曾庄村，蚯蚓养殖基地发展势头良好；在石庄村，葡萄种植产业加速发展。",
        "打造田庄、贾寨、石庄、大王、上楼5个人居环境样板村。",
        "祝贺演出成功，顾客满意，大家都明白了。",
        "大家都说国家发展得好，老人家很高兴。",  # 大家, 国家 and 老人家 name no role
    ],
)
def test_no_false_persons(text: str) -> None:
    assert people(text) == {}


def test_byline_names_are_credits_not_mentions() -> None:
    assert "姬慧洋" not in people("记者姬慧洋报道，示范区召开会议。", credits=frozenset({"姬慧洋"}))


@pytest.mark.parametrize(
    ("text", "name", "forms"),
    [
        ("3月1日，市城乡一体化示范区党工委（扩大）会议召开。过去的一年，示范区党工委、示范区管委会坚持主题教育。",
         "市城乡一体化示范区党工委", {"示范区党工委"}),
        ("近日，河南省住房和城乡建设厅公布2023年度示范点名单。", "河南省住房和城乡建设厅", set()),
        ("中心携手周口东新医院、周口口腔医院、庆丰社区卫生服务中心开展活动。", "周口东新医院", set()),
        ("中心携手周口东新医院、周口口腔医院、庆丰社区卫生服务中心开展活动。", "庆丰社区卫生服务中心", set()),
        ("市城乡一体化示范区新闻宣传和网络信息中心携手示范区卫生和计划生育服务中心开展活动。",
         "示范区卫生和计划生育服务中心", set()),
        ("随后，周口市住房和城乡建设局公布名单。", "周口市住房和城乡建设局", set()),
    ],
)
def test_organizations_and_aliases(text: str, name: str, forms: set[str]) -> None:
    orgs = {o.name: set(o.aliases) for o in entities(text).organizations}
    assert name in orgs, orgs
    assert forms <= orgs[name]


def test_lists_joined_by_he_are_split() -> None:
    orgs = {o.name for o in entities("会议传达学习市委和市政府近期重要会议精神。").organizations}
    assert "市委和市政府" not in orgs


@pytest.mark.parametrize(
    ("forms", "expected"),
    [
        (["示范区党工委", "市城乡一体化示范区党工委", "党工委"],
         [("市城乡一体化示范区党工委", ("示范区党工委", "党工委"))]),
        (["国务院", "外交部"], [("国务院", ()), ("外交部", ())]),
    ],
)
def test_group_aliases(forms: list[str], expected: list[tuple[str, tuple[str, ...]]]) -> None:
    assert [(o.name, o.aliases) for o in group_aliases(forms)] == expected


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("打通庆丰路、文昌万达广场周边路网。", "文昌万达广场"),
        ("在曾庄村，蚯蚓养殖基地发展势头良好。", "曾庄村"),
        ("搬口街道世和府小区被认定为省级示范小区。", "世和府小区"),
        ("景园社区、中原社区被认定为市级示范社区。", "景园社区"),
        ("温家宝在贵州农村考察。", "贵州"),
        ("在黔东南苗族侗族自治州冒雨考察扶贫工作。", "黔东南苗族侗族自治州"),
    ],
)
def test_places(text: str, place: str) -> None:
    assert place in {p.name for p in entities(text).places}


@pytest.mark.parametrize(
    ("dateline", "page_date", "expected"),
    [
        ("本报北京１２月３０日讯", dt.date(1998, 1, 1), (dt.date(1997, 12, 30), (12, 30))),
        ("本报讯", dt.date(2024, 3, 8), (dt.date(2024, 3, 8), (3, 8))),
        ("新华社贵阳１２月３１日电", None, (None, (12, 31))),
        (None, None, (None, None)),
    ],
)
def test_reference_date(dateline, page_date, expected) -> None:
    assert reference_date(dateline, page_date) == expected


def test_keywords_skip_boilerplate() -> None:
    e = entities("本报讯（记者 姬慧洋）3月5日，志愿者在文昌万达广场开展学雷锋志愿服务活动，志愿者为群众检查口腔。",
                 credits=frozenset({"姬慧洋"}))
    assert e.keywords and "志愿者" in e.keywords
    assert not {"记者", "本报", "姬慧洋", "通讯员"} & set(e.keywords)


def test_captions_and_headline_are_read() -> None:
    e = find_entities(headline="李鹏在北京考察企业", blocks=[], captions=[Caption("国务院总理李鹏同职工亲切交谈。")],
                      dateline=None, page_date=None, credit_names=frozenset())
    assert "李鹏" in {p.name for p in e.people}


# ------------------------------------------------------------------ golden: the seed page

def _predict(gold: dict) -> dict:
    pred = json.loads(json.dumps(gold))
    for art in pred["articles"]:
        art.pop("optional_people", None)
        art.pop("optional_organizations", None)
        e = find_entities(
            headline=art.get("headline"),
            blocks=[Block(BlockType(b["type"]), b["text"]) for b in art["blocks"]],
            captions=[Caption(c["text"], tuple(c.get("photographers") or ())) for c in art.get("captions") or []],
            dateline=art.get("dateline"), page_date=None,
            credit_names=frozenset(art.get("reporters", []) + art.get("correspondents", [])
                                   + art.get("photographers", [])),
        )
        art["people"] = [{"name": p.name, "titles": list(p.titles)} for p in e.people]
        art["organizations"] = [{"name": o.name, "aliases": list(o.aliases)} for o in e.organizations]
        art["places"] = [{"name": p.name} for p in e.places]
        art["events"] = [{"name": v.name, "date": v.date, "location": v.location} for v in e.events]
    return pred


def test_seed_page_entities_meet_the_bar(seed_gold: dict, scorer) -> None:
    res = scorer.score(seed_gold, _predict(seed_gold))
    bars = {"people_f1": 0.95, "people_title_recall": 0.9, "org_recall": 0.9, "org_precision": 0.85,
            "place_recall": 0.7, "event_recall": 1.0, "event_precision": 0.75}
    low = {k: round(res[k], 3) for k, bar in bars.items() if res[k] < bar}
    assert not low, low


def test_seed_page_events(seed_gold: dict) -> None:
    pred = _predict(seed_gold)
    events = {(e["name"], e["date"]) for a in pred["articles"] for e in a["events"]}
    assert ("学雷锋暨文明实践志愿服务活动", "--03-05") in events
    assert ("市城乡一体化示范区党工委（扩大）会议", "--03-01") in events
    assert ("全区高层建筑消防安全工作推进会", "--03-05") in events
    assert ("纪念“三八”国际妇女节114周年暨表彰大会", "--03-05") in events


# ------------------------------------------------------------------ the annotated corpus

#: measured floors (article-level sets over the first CORPUS_ARTICLES articles of the days the
#: learned model never saw: data/build_crf.py trains it on the days before HELD_OUT_FROM); raise
#: them as the stage improves, never lower them to make a change pass.
CORPUS_ARTICLES = 300
HELD_OUT_FROM = "1998-01-07"
#: measured (2026-12-03) 0.96/0.87 persons, 0.81/0.77 organizations, 0.85/0.80 places (precision/
#: recall; before the dictionary features and the rules of issue 23's second round 0.94/0.88,
#: 0.80/0.78, 0.82/0.80); the rules alone gave 0.92/0.77, 0.66/0.67, 0.60/0.75 on the same days
FLOORS = {"PER": (0.94, 0.86), "ORG": (0.80, 0.76), "LOC": (0.83, 0.79)}  # (precision, recall)


def test_corpus_recall_and_precision_floor() -> None:
    if not CORPUS.exists():
        pytest.skip(f"annotated corpus absent: {CORPUS} (it lives in ../shared next to the repository)")
    counts = {t: [0, 0, 0] for t in FLOORS}
    start = time.process_time()  # CPU time: other jobs on the machine do not count
    with CORPUS.open(encoding="utf-8") as fh:
        rows = (row for row in map(json.loads, fh) if row["date"] >= HELD_OUT_FROM)
        for n, row in enumerate(rows):
            if n >= CORPUS_ARTICLES:
                break
            e = entities(*row["paragraphs"], page_date=dt.date.fromisoformat(row["date"]))
            gold = {t: {x["text"] for x in row["entities"] if x["type"] == t} for t in FLOORS}
            pred = {"PER": {p.name for p in e.people}, "LOC": {p.name for p in e.places}}
            for t in ("PER", "LOC"):
                counts[t][0] += len(gold[t] & pred[t])
                counts[t][1] += len(pred[t])
                counts[t][2] += len(gold[t])
            org_forms = [{o.name, *o.aliases} for o in e.organizations]
            counts["ORG"][0] += min(sum(1 for f in org_forms if f & gold["ORG"]), len(gold["ORG"]))
            counts["ORG"][1] += len(org_forms)
            counts["ORG"][2] += len(gold["ORG"])
    assert time.process_time() - start < 20
    for t, (p_floor, r_floor) in FLOORS.items():
        tp, n_pred, n_gold = counts[t]
        precision, recall = tp / max(n_pred, 1), tp / max(n_gold, 1)
        assert precision >= p_floor and recall >= r_floor, (t, round(precision, 3), round(recall, 3))


@pytest.mark.parametrize(
    ("name", "kind"),
    [("环湖北路", "road"), ("文昌万达广场", "square"), ("田庄", "village"), ("建业十八城小区", "community"),
     ("天明锦江酒店", "building"), ("河南省", "province"), ("周口市", "city"), ("中国", "country"), ("枫桥", "other")],
)
def test_a_place_says_its_kind(name: str, kind: str) -> None:
    assert PlaceMention(name).kind == kind


@pytest.mark.parametrize(
    ("said", "part", "clock"),
    [("上午", "morning", None), ("凌晨", "early_morning", None), ("晚上", "evening", None),
     ("14:30", None, dt.time(14, 30)), ("²:30", None, None), ("25:00", None, None), (None, None, None)],
)
def test_an_event_reads_its_time_of_day(said, part, clock) -> None:
    event = EventMention("表彰大会", time_of_day=said)
    assert (event.part_of_day, event.clock) == (part, clock)
