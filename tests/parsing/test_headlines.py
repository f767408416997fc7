"""Title lines and headline tiers (`articles.parsing.headlines`), table-driven."""

from __future__ import annotations

import pytest

from articles.parsing.cleaning import display_width
from articles.parsing.headlines import (
    HeadlineTiers,
    closes_paragraph_text,
    ends_sentence,
    is_parenthetical,
    is_speech_kicker,
    stands_as_title,
    subhead_text,
    tiers,
    title_shaped,
)
from articles.parsing.lines import SourceLine


def line(text: str, number: int = 1, *, indented: bool = False, blank_before: bool = False) -> SourceLine:
    return SourceLine(number, text, indented, blank_before, display_width(text))


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        # one line: the headline, its joining space kept
        (["党建领航风帆劲 奋楫笃行踏新程"], HeadlineTiers(None, "党建领航风帆劲 奋楫笃行踏新程", None)),
        # headline over a narrower line: a subtitle (副题)
        (
            [" 践行新时代“枫桥经验” 推动矛盾纠纷源头化解", "示范区纪委监察工委"],
            HeadlineTiers(None, "践行新时代“枫桥经验” 推动矛盾纠纷源头化解", "示范区纪委监察工委"),
        ),
        # a narrower line above the headline: a kicker (引题)
        (
            ["贯彻落实全会精神", "我市召开乡村振兴工作推进会议部署全年任务"],
            HeadlineTiers("贯彻落实全会精神", "我市召开乡村振兴工作推进会议部署全年任务", None),
        ),
        # all three tiers
        (
            ["迎新春 送温暖", "市领导走访慰问困难群众和老党员", "为他们送去节日祝福"],
            HeadlineTiers("迎新春 送温暖", "市领导走访慰问困难群众和老党员", "为他们送去节日祝福"),
        ),
        # a dash opens a subtitle even when it is the longer line
        (
            ["小水利遍山乡", "——费县改革农田水利建设和管理纪实"],
            HeadlineTiers(None, "小水利遍山乡", "——费县改革农田水利建设和管理纪实"),
        ),
        # doubled bold characters undone in titles too
        (["志志愿愿服服务务进进社社区区"], HeadlineTiers(None, "志愿服务进社区", None)),
        # two lines of one width: the halves of a two-part title (a couplet), one main title
        (["党建领航风帆劲", "奋楫笃行踏新程"], HeadlineTiers(None, "党建领航风帆劲 奋楫笃行踏新程", None)),
        (["北国有寒趣", "南疆闻花香"], HeadlineTiers(None, "北国有寒趣 南疆闻花香", None)),
        # two lines of other widths: the wider is the main title, the other a tier of its own
        (["北国有寒趣南疆闻花香", "各地群众喜庆元旦"], HeadlineTiers(None, "北国有寒趣南疆闻花香", "各地群众喜庆元旦")),
        # a kicker saying who speaks, whatever the widths
        (["苏丹总统强调", "实现全国和解"], HeadlineTiers("苏丹总统强调", "实现全国和解", None)),
        (
            ["李鹏在视察三峡工地时指出", "质量是工程的生命"],
            HeadlineTiers("李鹏在视察三峡工地时指出", "质量是工程的生命", None),
        ),
        # a speech kicker, the main title and a dash subtitle: three tiers, not a joined title
        (
            ["全省经济工作会议强调", "稳中求进加快发展", "——来自基层的报告"],
            HeadlineTiers("全省经济工作会议强调", "稳中求进加快发展", "——来自基层的报告"),
        ),
        # a plain kicker over the main title over a dash subtitle
        (
            ["迎新春 送温暖", "市领导走访慰问困难群众和老党员", "——为他们送去节日祝福"],
            HeadlineTiers("迎新春 送温暖", "市领导走访慰问困难群众和老党员", "——为他们送去节日祝福"),
        ),
        # a dash subtitle holding commas, on two lines
        (
            ["联查『威绿达』", "——查了三户都不合格，", "旧米充新米，缺斤又短两"],
            HeadlineTiers(None, "联查『威绿达』", "——查了三户都不合格， 旧米充新米，缺斤又短两"),
        ),
        # a line ending in "强调" right over a dash line is the main title, not a kicker
        (["会议强调", "——记某某"], HeadlineTiers(None, "会议强调", "——记某某")),
        # the second copy of a headline (fake bold drawn as two runs) counts once
        (["小水利遍山乡", "小水利遍山乡", "——费县改革纪实"], HeadlineTiers(None, "小水利遍山乡", "——费县改革纪实")),
        (["省长的问候", "省长的 问候"], HeadlineTiers(None, "省长的问候", None)),
        # a title of two tiers drawn twice, the copy after the whole block
        (
            ["苏丹总统强调", "实现全国和解", "苏丹总统强调", "实现全国和解"],
            HeadlineTiers("苏丹总统强调", "实现全国和解", None),
        ),
        (["苏丹总统强调", "苏丹总统强调", "实现全国和解"], HeadlineTiers("苏丹总统强调", "实现全国和解", None)),
    ],
)
def test_tiers(titles: list[str], expected: HeadlineTiers) -> None:
    assert tiers([line(text, n) for n, text in enumerate(titles, 1)]) == expected


def test_tiers_of_nothing() -> None:
    assert tiers([]) == HeadlineTiers(None, None, None)


def test_two_line_subhead_is_one_subhead() -> None:
    assert subhead_text([line("党建引领谋发展"), line("确保中心工作落地见效")]) == "党建引领谋发展 确保中心工作落地见效"


@pytest.mark.parametrize(
    ("text", "shaped"),
    [
        ("传承雷锋精神 弘扬时代新风", True),
        ("“我真的爱看……”——因特网读者称赞本报网络版", True),
        ("哈尔滨万人空巷看卡通（附图片１张）", True),
        ("提供坚强组织保证。", False),  # closes a sentence
        ("出。（宗素华）", False),  # a paragraph's last line: a full stop, then its credit
        ("他说：“好。”大家笑了", False),  # a full stop inside: running text, whatever its end
        ("狼来了！狼来了", True),  # "！" may stand inside a title, "。" never
        ("党组织和广大党员下沉到第一线、", False),  # wraps after a pause mark
        ("春天的故事……", True),  # a title may trail off in an ellipsis
        ("他们说这件事…", False),  # one dot of an ellipsis: a line wrapped inside it
        ("（陆熙沈建波）", False),  # a closing credit
        ("1998 2 3", False),  # no CJK
        ("", False),
    ],
)
def test_title_shaped(text: str, shaped: bool) -> None:
    assert title_shaped(line(text)) is shaped


def test_indented_line_is_never_a_title() -> None:
    assert not title_shaped(line("鲜红的党旗", indented=True))


@pytest.mark.parametrize(
    ("text", "width", "stands"),
    [
        ("党建引领谋发展", 15.0, True),  # much narrower than the column
        ("温家宝在贵州农村考察时指出动员全社会力量打好扶贫攻坚战", 14.0, True),  # wider
        ("习近平总书记指出：“把基层党", 15.0, False),  # a first line, an indent short
        ("基层党组织能力强不强，抓重", 15.0, False),
        ("安全，核电的生命", 17.0, True),  # a short title may hold one comma
        ("在改革开放一线，示范区", 17.0, False),  # a pause mark: running text
    ],
)
def test_stands_as_title(text: str, width: float, stands: bool) -> None:
    assert stands_as_title(line(text), width) is stands


@pytest.mark.parametrize(
    ("text", "closes"),
    [
        ("提供坚强组织保证。", True),
        ("人民的事业就无往而不胜。 ”", True),
        ("“塔里木河有救了！”", True),
        ("实现闭环……", True),
        ("十、美国宇航员成功检修“哈勃”", False),
        ("继续为祖国统", False),
    ],
)
def test_ends_sentence(text: str, closes: bool) -> None:
    assert ends_sentence(text) is closes


@pytest.mark.parametrize(
    ("text", "closes"),
    [
        ("伤事故。（江西资溪县人民法院范斯祖）", True),
        ("（文同）", True),
        ("以村（社区）", False),
        ("口腔检查。", True),
    ],
)
def test_closes_paragraph_text(text: str, closes: bool) -> None:
    assert closes_paragraph_text(text) is closes


@pytest.mark.parametrize(
    ("text", "result"),
    [
        ("（陆熙沈建波）", True),
        ("（本报开罗１月５日电）", True),
        ("以村（社区）为单位", False),
        ("（一）（二）", False),
    ],
)
def test_is_parenthetical(text: str, result: bool) -> None:
    assert is_parenthetical(text) is result


@pytest.mark.parametrize(
    ("text", "speech"),
    [
        ("苏丹总统强调", True),
        ("李鹏在视察三峡工地时指出", True),
        ("吉总统谈内政外交强调", True),
        ("外交部发言人表示", True),
        ("国务院新闻办负责人透露", True),
        ("世界卫生组织警告", True),
        ("江泽民在会见时说：", True),  # a colon after the verb of speech
        ("省长的问候", False),
        ("实现全国和解", False),
        ("强调", True),
    ],
)
def test_is_speech_kicker(text: str, speech: bool) -> None:
    assert is_speech_kicker(text) is speech
