"""Datelines (电头): `split_lead`'s dateline, `looks_like_dateline_start`, `dateline_date`.

Every form a Chinese paper prints: 本报讯, 本报/新华社 + place + date + 讯/电, 据新华社…电,
a place without a date, dates in ASCII, full-width and Chinese numerals, PDF spaces inside,
and text that only looks like one.  Names and places here are made up.
"""

from __future__ import annotations

import pytest

from articles.parsing.bylines import dateline_date, looks_like_dateline_start, split_lead

DATELINES = [
    # (first paragraph as extracted, dateline as gold writes it, rest)
    ("本报讯 河北省重点建设项目进展顺利", "本报讯", "河北省重点建设项目进展顺利"),
    ("本报讯“调岗不下岗”成为现实", "本报讯", "“调岗不下岗”成为现实"),
    ("本报讯代表中国女足最高水平的比赛", "本报讯", "代表中国女足最高水平的比赛"),
    ("本报北京１２月３０日讯 全国各地", "本报北京１２月３０日讯", "全国各地"),
    ("本报北京一月八日讯 新年伊始", "本报北京一月八日讯", "新年伊始"),
    ("本报济南十二月三十一日电截至一九九七年底", "本报济南十二月三十一日电", "截至一九九七年底"),
    ("新华社贵阳１２月３１日电 中共中央", "新华社贵阳１２月３１日电", "中共中央"),
    ("新华社北京１月１日电 外交部发言人", "新华社北京１月１日电", "外交部发言人"),
    ("据新华社华盛顿１２月３０日电 美国", "据新华社华盛顿１２月３０日电", "美国"),
    ("据新华社北京１月１日电１９９８年", "据新华社北京１月１日电", "１９９８年"),
    ("本报澳大利亚珀斯１月７日电 比赛", "本报澳大利亚珀斯１月７日电", "比赛"),
    ("本报渥太华电 加拿大政府", "本报渥太华电", "加拿大政府"),
    ("本报3月5日讯 全市", "本报3月5日讯", "全市"),
    ("本报郑州3月5日电 今天", "本报郑州3月5日电", "今天"),
    # PDF spaces inside the dateline are removed; the gold prints it without them
    ("本报郑州 3 月 5 日讯 今天", "本报郑州3月5日讯", "今天"),
    ("本报约翰内斯堡１２月３０日 电 南非", "本报约翰内斯堡１２月３０日电", "南非"),
    # justification spaces inside the outlet's name too (pdfminer: "新 华 社阿拉木 图１")
    ("新 华 社阿拉木 图１月４日电 比什凯克", "新华社阿拉木图１月４日电", "比什凯克"),
    ("本 报北京１月４日讯 今天", "本报北京１月４日讯", "今天"),
    ("新华社北京1月1日专电 今天", "新华社北京1月1日专电", "今天"),
    ("中新社北京3月1日电 今天", "中新社北京3月1日电", "今天"),
    ("新华社北京1998年1月1日电 今天", "新华社北京1998年1月1日电", "今天"),
    ("新华社电 今天", "新华社电", "今天"),
    ("据新华社电 今天", "据新华社电", "今天"),
    ("中新网北京3月1日电 今天", "中新网北京3月1日电", "今天"),
    # a loosely justified line: a space between every character, digits of a number too
    ("本 报 北 京 1 月 2 6 日 电 今天", "本报北京1月26日电", "今天"),
    ("本报北京1 月2 6 日讯 今天", "本报北京1月26日讯", "今天"),
    # spaces around the digits on one side only
    ("本报北京1 月6 日讯 今天", "本报北京1月6日讯", "今天"),
    ("新华社北京 1月6日电 今天", "新华社北京1月6日电", "今天"),
    ("本报讯：今天", "本报讯", "今天"),  # a colon after the dateline goes with it
    # the U+FFFD run the extraction leaves at a paragraph start is not part of it
    ("\ufffd\ufffd本报讯 今天", "本报讯", "今天"),
]


@pytest.mark.parametrize(("text", "dateline", "rest"), DATELINES)
def test_dateline_is_peeled(text: str, dateline: str, rest: str) -> None:
    lead = split_lead(text)
    assert lead.dateline == dateline
    assert lead.credits == ()
    assert lead.rest == rest


NOT_DATELINES = [
    "本报电视台记者前来采访",  # "本报电…" running on into a word
    "本报记者近日走访了",
    "本报编辑部收到来信",
    "本报社论：坚定信心",
    "新华社发美联社照片",
    "据新华社报道，美国",
    "新华社记者 王某",
    "3月5日是全国第61个“学雷锋纪念日”",
    "据悉，本报讯息服务平台上线",
    "本报讯息服务平台上线",
    "1月2 6日，本报记者走访",  # a date with no outlet before it
    "",
]


@pytest.mark.parametrize("text", NOT_DATELINES)
def test_not_a_dateline(text: str) -> None:
    lead = split_lead(text)
    assert lead.dateline is None
    assert not looks_like_dateline_start(text)


@pytest.mark.parametrize(
    "text",
    [
        "本报讯 （记者 王某）",
        "\ufffd\ufffd\ufffd新华社贵阳１２月３１日电",
        "据新华社北京１月１日电１９９８年",
        "本报北京一月八日讯新华社记者",
        "本报渥太华电 记者",
        # cut by a line or column break before 讯/电: the start of a lead all the same
        "本报约翰内斯堡１２月３０日",
        "据新华社联合国１２月３１日",
        "新华社布加勒斯特１月３日",
        "本报郑州 3 月",
    ],
)
def test_looks_like_dateline_start(text: str) -> None:
    assert looks_like_dateline_start(text)


@pytest.mark.parametrize(
    ("dateline", "month_day"),
    [
        ("本报北京１２月３０日讯", (12, 30)),
        ("新华社贵阳１２月３１日电", (12, 31)),
        ("本报济南十二月三十一日电", (12, 31)),
        ("本报北京一月八日讯", (1, 8)),
        ("本报郑州3月5日讯", (3, 5)),
        ("据新华社北京１月１日电", (1, 1)),
        ("本报北京1月26日讯", (1, 26)),
        ("本 报 北 京 1 月 2 6 日 电", (1, 26)),  # the digits of a number spaced apart
        ("本报北京１月２６日讯", (1, 26)),
        ("本报讯", None),
        ("本报渥太华电", None),
    ],
)
def test_dateline_date(dateline: str, month_day: tuple[int, int] | None) -> None:
    assert dateline_date(dateline) == month_day


def test_dateline_with_bracketed_byline_and_spaced_date_in_the_rest() -> None:
    lead = split_lead("本报讯 （记者 王小明 通讯员 李华） 3 月 5 日是全国第 61 个")
    assert lead.dateline == "本报讯"
    assert lead.rest == "3 月 5 日是全国第 61 个"


def test_no_dateline_no_byline_gives_text_back_unchanged() -> None:
    text = "  3 月 5 日，全市 \ufffd开展活动"
    assert split_lead(text) == split_lead(text)
    lead = split_lead(text)
    assert (lead.dateline, lead.credits, lead.rest) == (None, (), text)
