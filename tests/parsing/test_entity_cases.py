"""How Chinese names work, one table per rule of the entity stage (issue 23): a name is found
once and whole; a fragment of a longer name, a place inside a body's name, a concept or an
ordinary word is no entity; lists split into their items; keywords are whole terms."""

from __future__ import annotations

import pytest

from articles.parsing.entities import find_entities, gazetteer_chain, list_places, split_places
from articles.parsing.keywords import keywords, whole_terms
from articles.parsing.lexicon import get_lexicon
from articles.parsing.model import Block, BlockType, Entities
from articles.parsing.tokenizer import get_tokenizer


def entities(*paragraphs: str) -> Entities:
    return find_entities(headline=None, blocks=[Block(BlockType.PARAGRAPH, p) for p in paragraphs], captions=[],
                         dateline=None, page_date=None, credit_names=frozenset())


def places(*paragraphs: str) -> set[str]:
    return {p.name for p in entities(*paragraphs).places}


def orgs(*paragraphs: str) -> set[str]:
    return {f for o in entities(*paragraphs).organizations for f in (o.name, *o.aliases)}


@pytest.mark.parametrize(("text", "whole", "fragments"), [
    ("今年将完善周边路网，环湖北路和高铁大道南延年内开工。", "环湖北路", {"湖北", "湖北路"}),
    ("市民可到科教东路办理业务。", "科教东路", {"东路"}),
    ("天明锦江酒店组织员工开展消防演练。", "天明锦江酒店", {"锦江", "天明锦江"}),
    ("天明城名门世家小区被评为示范小区。", "天明城名门世家小区", {"天明城", "名门世家小区"}),
], ids=["road-holds-a-province", "road-with-direction", "hotel-holds-a-river", "estate-named-after-estate"])
def test_a_fragment_of_a_longer_name_is_no_place(text: str, whole: str, fragments: set[str]) -> None:
    found = places(text)
    assert whole in found, found
    assert not fragments & found, found


@pytest.mark.parametrize(("text", "org", "place"), [
    ("近日，河南省住房和城乡建设厅公布了年度示范点名单。", "河南省住房和城乡建设厅", "河南省"),
    ("随后，周口市住房和城乡建设局公布名单。", "周口市住房和城乡建设局", "周口市"),
], ids=["province-in-department", "city-in-bureau"])
def test_a_place_inside_a_bodys_name_is_no_place(text: str, org: str, place: str) -> None:
    assert org in orgs(text)
    assert place not in places(text)


@pytest.mark.parametrize(("text", "word"), [
    ("坚持和发展新时代“枫桥经验”，推动矛盾纠纷源头化解。", "枫桥"),
    ("坚持中国特色社会主义道路，推进中国式现代化。", "中国"),
    ("3月5日是第25个“中国青年志愿者服务日”。", "中国"),
    ("各单位认真学习《周口市民文明公约》。", "周口市"),
    ("落实“小事网格办、大事物业办、难事社区商”的机制。", "难事社区"),
    ("坚持以人民为中心，执政兴国，深度融合。", "兴国"),
    ("坚持以人民为中心，执政兴国，深度融合。", "深度"),
    ("志愿者为群众提供健康义诊、科普等服务。", "科普"),
    ("山东队主场以３∶１战胜对手。", "山东"),
    ("四川蓝剑队客场战平。", "四川"),
    ("辽宁男排和浙江女排各胜一场。", "辽宁"),
    ("辽宁男排和浙江女排各胜一场。", "浙江"),
], ids=["method", "national-characteristics", "named-day", "citizens-pact", "slogan", "idiom-ns", "adverb-ns",
        "ordinary-word", "team", "team-with-sponsor", "mens-team", "womens-team"])
def test_a_concept_or_an_ordinary_word_is_no_place(text: str, word: str) -> None:
    assert word not in places(text)


@pytest.mark.parametrize(("text", "place"), [
    ("西藏边防部队官兵在风雪中巡逻。", "西藏"),
    ("山东队来到济南，济南球迷热情欢迎。", "济南"),
], ids=["troops-are-located", "a-city-not-a-team"])
def test_a_place_beside_a_team_or_troops_stays(text: str, place: str) -> None:
    assert place in places(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("示范区高标准打造田庄、贾寨、石庄、大王、上楼5个人居环境样板村。", {"田庄", "贾寨", "石庄", "大王", "上楼"}),
    ("改造平安路东延、桂江路、环湖路、庆丰路等道路。", {"平安路", "桂江路", "环湖路", "庆丰路"}),
    ("在曾庄村、石庄村、孔庄村开展环境整治。", {"曾庄村", "石庄村", "孔庄村"}),
    ("胜利街、谷风商业街、府苑街完成改造提升。", {"胜利街", "谷风商业街", "府苑街"}),
    ("景园社区、中原社区、碧桂园社区被认定为示范社区。", {"景园社区", "中原社区", "碧桂园社区"}),
], ids=["counted-villages", "roads-one-with-extension", "villages", "streets", "communities"])
def test_lists_split_whole(text: str, expected: set[str]) -> None:
    found = places(text)
    assert expected <= found, found
    assert not {"中原", "社区", "平安路东延"} & found, found


def test_a_list_of_names_shares_its_title() -> None:
    found = {p.name: p.titles for p in entities("示范区领导张晓、王轶、王磊出席活动。").people}
    assert set(found) == {"张晓", "王轶", "王磊"}
    assert all(titles == ("示范区领导",) for titles in found.values()), found


@pytest.mark.parametrize(("text", "expected"), [
    ("大会对29名巾帼建功标兵进行表彰。", "巾帼建功标兵"),
    ("表彰了16名三八红旗手和6名妇女工作先进个人。", "妇女工作先进个人"),
    ("红色物业建设成效明显，红色物业覆盖所有小区。", "红色物业"),
], ids=["counted-title", "counted-long-title", "repeated-term"])
def test_keywords_are_whole_terms(text: str, expected: str) -> None:
    tok = get_tokenizer()
    top = keywords(whole_terms(tok.cut(text), tok.tag))
    assert expected in top, top
    assert not any(piece in top for piece in ("巾帼", "建功", "标兵", "红色", "物业")), top


@pytest.mark.parametrize(("name", "parts", "expected"), [
    ("辽宁省沈阳市", {"辽宁省", "沈阳市"}, ["辽宁省", "沈阳市"]),
    ("湖南省长沙县果园镇", {"湖南省", "长沙县"}, ["湖南省", "长沙县", "果园镇"]),
    ("中原社区", {"中原"}, ["中原社区"]),
    ("环湖北路", {"湖北"}, ["环湖北路"]),
    ("建业十八城小区", {"建业"}, ["建业十八城小区"]),
], ids=["province-city", "province-county-town", "community-not-split", "road-not-split", "estate-not-split"])
def test_runs_of_places_split_only_as_administrative_chains(name: str, parts: set[str], expected: list[str]) -> None:
    assert split_places(name, parts, get_lexicon()) == expected


def test_a_count_that_does_not_match_the_list_splits_nothing() -> None:
    # three items, "5个": not a list of the counted places
    assert list_places(["甲乙、丙丁、戊己5个村"], [], get_lexicon()) == []


@pytest.mark.parametrize(("text", "phrase"), [
    ("各地开展送电影下乡、送书下乡活动。", "送电影下乡"),
    ("各地开展科技下乡活动。", "科技下乡"),
    ("这样可以让学校少走弯路。", "学校少走弯路"),
    ("宣传公益之路的意义。", "公益之路"),
], ids=["verb-phrase-ending-in-township", "noun-then-verb", "verb-phrase-ending-in-road", "particle-inside"])
def test_a_phrase_ending_like_a_place_is_no_place(text: str, phrase: str) -> None:
    assert phrase not in places(text)


@pytest.mark.parametrize(("text", "name"), [
    ("曾庄村的蚯蚓养殖基地发展良好。", "曾庄村"),
    ("改造解放路和建设路。", "解放路"),
], ids=["adverb-character-as-name", "verb-named-road"])
def test_a_name_with_a_verb_like_part_stays(text: str, name: str) -> None:
    assert name in places(text)


@pytest.mark.parametrize(("text", "word"), [
    ("该厂产品荣获国家金奖。", "荣获"),
    ("人们向纪念碑敬献花圈。", "敬献"),
], ids=["verb-the-dictionary-tags-nr", "another-verb-tagged-nr"])
def test_an_ordinary_word_the_dictionary_tags_as_a_name_is_no_person(text: str, word: str) -> None:
    assert word not in {p.name for p in entities(text).people}


def test_names_the_archive_confirmed_stand_whatever_the_model_thinks() -> None:
    from articles.parsing import parse_page

    text = "城东新区新建学校五所\n本报讯 古丽娜扎昨天在溪口坪出席青禾联社成立大会，她说青禾联社办得好。\n"
    lexicon = frozenset({("古丽娜扎", "nr"), ("溪口坪", "ns"), ("青禾联社", "nt")})
    article = parse_page(text, lexicon=lexicon).articles[0]
    assert "古丽娜扎" in {p.name for p in article.entities.people}
    assert "溪口坪" in {p.name for p in article.entities.places}
    assert "青禾联社" in {o.name for o in article.entities.organizations}


def test_the_learned_model_is_shipped_and_reads_names() -> None:
    pytest.importorskip("pycrfsuite")
    from articles.parsing.crf import MODEL_PATH, tag_spans

    assert MODEL_PATH.is_file() and MODEL_PATH.stat().st_size < 3_000_000  # small enough to commit
    assert tag_spans("国务院总理李鹏在北京会见了日本客人") == [
        ("ORG", "国务院"), ("PER", "李鹏"), ("LOC", "北京"), ("LOC", "日本")]


def people(*paragraphs: str) -> set[str]:
    return {p.name for p in entities(*paragraphs).people}


@pytest.mark.parametrize(("text", "body", "not_bodies"), [
    ("中国共产党友好代表团今天离开北京前往非洲访问。", "中国共产党", {"中国共产党友好代表团"}),
    ("安徽省代表团在运动会上获得八枚金牌。", None, {"安徽省代表团"}),
], ids=["party-delegation", "province-delegation"])
def test_a_delegation_is_the_body_that_sent_it(text: str, body: str | None, not_bodies: set[str]) -> None:
    found = orgs(text)
    assert body is None or body in found, found
    assert not not_bodies & found, found


@pytest.mark.parametrize(("name", "expected"), [
    ("中国共产党友好代表团", ["中国共产党"]),
    ("市政府考察团", ["市政府"]),
    ("安徽省代表团", []),
    ("示范区党工委", ["示范区党工委"]),
], ids=["party", "government", "province", "no-delegation"])
def test_without_group(name: str, expected: list[str]) -> None:
    from articles.parsing.entities import _without_group

    assert _without_group(name, get_tokenizer(), get_lexicon()) == expected


@pytest.mark.parametrize(("text", "kind_of_body"), [
    ("惠州市公安机关依法处理了这起案件。", "惠州市公安机关"),
    ("韩国金融当局宣布关闭两家银行。", "韩国金融当局"),
    ("书画展今天在中国美术馆开幕。", "中国美术馆"),
], ids=["organs", "authorities", "gallery-is-a-place"])
def test_a_kind_of_body_or_a_hall_is_no_body(text: str, kind_of_body: str) -> None:
    assert kind_of_body not in orgs(text)


def test_sports_teams_are_bodies() -> None:
    assert {"四川女排", "江苏女排"} <= orgs("四川女排以3比1战胜江苏女排。")


@pytest.mark.parametrize(("name", "expected"), [
    ("浙江中欣队、空军联航队", ["浙江中欣队", "空军联航队"]),
    ("国家体委训练局党委和乒乓球运动管理中心党委", ["国家体委训练局党委", "乒乓球运动管理中心党委"]),
    ("河南省住房和城乡建设厅", ["河南省住房和城乡建设厅"]),
], ids=["comma-list", "two-bodies-joined", "one-body-with-and"])
def test_a_body_written_as_a_list_is_its_items(name: str, expected: list[str]) -> None:
    from articles.parsing.entities import _list_items

    assert _list_items(name, get_tokenizer(), get_lexicon()) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("力克上海远东队", "上海远东队"),
    ("经中央军委", "中央军委"),
    ("中央全面深化改革委员会", "中央全面深化改革委员会"),
], ids=["verb-before-team", "preposition-before-body", "verb-inside-name"])
def test_a_verb_glued_before_a_body_is_cut_off(name: str, expected: str) -> None:
    from articles.parsing.entities import _after_verb

    assert _after_verb(name, get_tokenizer(), get_lexicon()) == expected


@pytest.mark.parametrize(("text", "word"), [
    ("他们打开了产品销路，效益明显提高。", "产品销路"),
    ("节日里满街都是人。", "满街"),
    ("新建的南昆铁路全线通车。", "南昆铁路"),
], ids=["market", "two-characters", "railway"])
def test_a_word_ending_like_a_street_is_no_street(text: str, word: str) -> None:
    assert word not in places(text)


@pytest.mark.parametrize(("text", "whole", "short"), [
    ("公司副总经理陈绪豹刚被批准入党。", "陈绪豹", "陈绪"),
    ("记者尹品端报道：新年伊始", "尹品端", "尹品"),
], ids=["rare-last-character", "reporter"])
def test_a_persons_name_is_found_whole(text: str, whole: str, short: str) -> None:
    found = people(text)
    assert whole in found and short not in found, found


def test_a_form_of_address_is_no_part_of_a_name() -> None:
    assert "朱师傅" not in people("新来的朱师傅手艺很好。")


@pytest.mark.parametrize(("text", "not_a_body"), [
    ("来自北京几所著名大学的数百名学生参加了活动。", "北京几所著名大学"),
    ("北京某中学的学生来信反映情况。", "北京某中学"),
    ("上海各街道办事处正在逐步转变职能。", "上海各街道办事处"),
], ids=["a-count-of-bodies", "an-unnamed-body", "each-of-them"])
def test_a_body_not_named_is_no_body(text: str, not_a_body: str) -> None:
    assert not_a_body not in orgs(text)


@pytest.mark.parametrize(("name", "generic"), [
    ("商业银行", True), ("广播公司", True), ("信息中心", True),
    ("深圳赛格集团", False), ("国家开发银行", False), ("TCL集团", False),
], ids=["commercial-bank", "broadcaster", "information-centre", "named-group", "state-bank", "latin-name"])
def test_a_kind_of_body_without_a_proper_part_is_generic(name: str, generic: bool) -> None:
    from articles.parsing.entities import _generic_body

    assert _generic_body(name, get_tokenizer()) is generic


@pytest.mark.parametrize(("name", "expected"), [
    ("李宁杯", "李宁"), ("李宁牌", "李宁"), ("王杯", "王杯"), ("张建国", "张建国"),
], ids=["cup", "brand", "too-short", "no-brand"])
def test_a_cup_or_brand_named_after_a_person_is_the_person(name: str, expected: str) -> None:
    from articles.parsing.entities import _without_brand
    from articles.parsing.model import PersonMention

    assert _without_brand(PersonMention(name)).name == expected


@pytest.mark.parametrize(("name", "gazetteer"), [
    ("惠州市", False), ("沈阳", True), ("黑龙江", True), ("东北", False), ("西南", False), ("京", False),
], ids=["not-listed", "city", "province", "direction-region", "direction-region-2", "one-character"])
def test_a_gazetteer_place_stands_whatever_the_model_thinks(name: str, gazetteer: bool) -> None:
    from articles.parsing.entities import _gazetteer

    assert _gazetteer(name, get_tokenizer()) is gazetteer


def test_a_gazetteer_place_before_a_kind_of_body_is_a_place() -> None:
    assert "沈阳" in places("沈阳公安机关迅速出警。")


@pytest.mark.parametrize(("text", "name", "titles"), [
    ("检查组来到业主赵敬臣的门市，其弟称赵外出。", "赵", ()),
    ("犯罪嫌疑人王振亚、陈伟潜逃。当王、陈进入院内时被抓获。", "陈", ()),
    ("业户常满的磅秤少了二两，常本人承认缺斤短两。", "常", ()),
    ("政治处罗副科长赶到现场。", "罗", ("副科长",)),
], ids=["surname-again", "surnames-listed", "surname-with-self", "surname-with-title"])
def test_a_person_named_again_by_surname(text: str, name: str, titles: tuple[str, ...]) -> None:
    found = {p.name: p.titles for p in entities(text).people}
    assert found.get(name) == titles, found


@pytest.mark.parametrize(("text", "word"), [
    ("他买了一张桌子，张明说桌子很好。", "张"),
    ("和平路和解放路上，和建国说市长和书记都来了。", "和"),
    ("王明出席会议。国王和王后也来了。", "王"),
], ids=["measure-word", "conjunction-surname", "inside-words"])
def test_a_lone_character_is_no_surname_reference(text: str, word: str) -> None:
    assert word not in {p.name for p in entities(text).people}


@pytest.mark.parametrize(("name", "pieces"), [
    ("长江三峡", ["长江", "三峡"]),
    ("沈阳于洪区宁官屯", ["沈阳", "于洪区", "宁官屯"]),
    ("于洪区宁官屯", ["于洪区", "宁官屯"]),
    ("海淀区中关村", ["海淀区", "中关村"]),
    ("香港特别行政区", ["香港特别行政区"]),
    ("巴勒斯坦自治区", ["巴勒斯坦自治区"]),
    ("北京开发区", ["北京开发区"]),
    ("北京京西宾馆", ["北京京西宾馆"]),
    ("坎门镇", ["坎门镇"]),
    ("中国香港地区", ["中国香港地区"]),
    ("山区大田庄乡", ["山区大田庄乡"]),
], ids=["two-gazetteer-places", "city-district-village", "district-village", "district-quarter",
        "own-kind-ending", "autonomous-region", "common-noun-level", "building-kept-whole", "one-level",
        "region-word", "common-word-first"])
def test_a_run_of_places_splits_into_each_level(name: str, pieces: list[str]) -> None:
    assert gazetteer_chain(name, get_tokenizer()) == pieces


@pytest.mark.parametrize(("text", "name"), [
    ("美国总统比尔·克林顿今天说，会谈是建设性的。", "比尔·克林顿"),
    ("安尼瓦尔·买买提说，新疆的棉花丰收了。", "安尼瓦尔·买买提"),
    ("自治区主席阿不来提·阿不都热西提出席会议。", "阿不来提·阿不都热西提"),
], ids=["given-and-family-name", "first-syllable-cut-off", "after-a-title"])
def test_a_foreign_name_with_a_middle_dot_is_found_whole(text: str, name: str) -> None:
    found = people(text)
    assert name in found, found
    assert not {n for n in found if n != name and n in name}, found


@pytest.mark.parametrize(("name", "expected"), [
    ("财政部国家计委", ["财政部", "国家计委"]),
    ("国家计委劳动部", ["国家计委", "劳动部"]),
    ("文化部艺术局", ["文化部艺术局"]),
    ("省委宣传部", ["省委宣传部"]),
    ("中央军委总政治部", ["中央军委总政治部"]),
], ids=["ministry-and-commission", "commission-and-ministry", "ministry-and-its-bureau",
        "committee-and-its-department", "military-commission-and-its-department"])
def test_ministries_written_together_are_each_a_body(name: str, expected: list[str]) -> None:
    from articles.parsing.entities import _ministries_written_together

    assert _ministries_written_together(name, get_tokenizer()) == expected


@pytest.mark.parametrize(("text", "not_a_body"), [
    ("昌九高速公路全线通车。", "昌九高速公路"),
    ("西安妇女儿童活动中心今天开放。", "西安妇女儿童活动中心"),
], ids=["road", "venue"])
def test_a_road_or_a_venue_is_no_body(text: str, not_a_body: str) -> None:
    assert not_a_body not in orgs(text)


@pytest.mark.parametrize(("name", "expected"), [
    ("中国科学院武汉分院", ["中国科学院武汉分院"]),
    ("中国水产科学院黑龙江水产研究所", ["中国水产科学院黑龙江水产研究所"]),
], ids=["branch", "institute"])
def test_a_branch_named_by_its_place_is_part_of_its_body(name: str, expected: list[str]) -> None:
    from articles.parsing.entities import _split_bodies

    assert _split_bodies(name, get_tokenizer(), get_lexicon()) == expected


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("该公司已在京设立办事处。", "京设立办事处", []),
    ("肯尼亚选举委员会宣布结果。", "肯尼亚选举委员会", ["肯尼亚选举委员会"]),
], ids=["clause-run-into-a-name", "verb-of-the-name"])
def test_a_clause_the_model_ran_into_a_body_is_cut(text: str, span: str, expected: list[str]) -> None:
    from articles.parsing.entities import _learned_names

    tok = get_tokenizer()
    assert _learned_names("ORG", text, tok.cut(text), span, tok) == expected


@pytest.mark.parametrize(("text", "person", "not_a_person"), [
    ("支队长支树平带领民警赶到现场。", "支树平", "支"),
    ("班主任刘明华说，孩子们进步很快。", "刘明华", "班"),
], ids=["detachment-head", "class-teacher"])
def test_a_units_head_is_no_surname_with_a_title(text: str, person: str, not_a_person: str) -> None:
    found = people(text)
    assert person in found and not_a_person not in found, found


def test_a_verb_inside_a_formal_name_stays() -> None:
    from articles.parsing.entities import _learned_names

    tok = get_tokenizer()
    text = "香港特区基本法推广督导委员会成员出席。"
    name = "香港特区基本法推广督导委员会"
    assert _learned_names("ORG", text, tok.cut(text), name, tok) == [name]


@pytest.mark.parametrize(("name", "expected"), [
    ("内蒙古草原", "内蒙古"),
    ("沂蒙山区", "沂蒙"),
    ("西欧各国", "西欧"),
    ("香港地区", "香港地区"),
    ("大草原", "大草原"),
], ids=["grassland", "mountain-area", "countries-of-a-region", "region-word-stays", "no-place-before"])
def test_a_common_noun_after_a_place_is_no_part_of_it(name: str, expected: str) -> None:
    from articles.parsing.entities import _without_common_tail

    assert _without_common_tail(name, get_tokenizer()) == expected


@pytest.mark.parametrize(("text", "person", "not_a_person"), [
    ("孔繁森同志讲过这样一句话。", "孔繁森", "讲过"),
    ("给院长王景龙记个人二等功。", "王景龙", "王景龙记"),
], ids=["verb-with-aspect-particle", "verb-glued-to-name"])
def test_a_verb_after_a_name_is_no_name(text: str, person: str, not_a_person: str) -> None:
    found = people(text)
    assert person in found and not_a_person not in found, found


@pytest.mark.parametrize(("text", "surname"), [
    ("来自大连的这名姓施的旅客后来找到了行李。", "施"),
    ("一位李姓居民说，他很满意。", "李"),
], ids=["named-as-surname", "surname-before-resident"])
def test_a_person_known_by_the_surname_alone_stays(text: str, surname: str) -> None:
    assert surname in people(text)


@pytest.mark.parametrize(("text", "writer"), [
    ("网站已超过１０００个。（金城）", "金城"),
    ("他说得好。（方明）", "方明"),
], ids=["dictionary-place-word", "dictionary-word"])
def test_a_writers_name_closing_the_text_is_a_person(text: str, writer: str) -> None:
    assert writer in people(text)


def test_a_gazetteer_place_in_closing_parentheses_is_no_writer() -> None:
    assert not people("这是好事。（江苏）")
