"""Events: dated meetings, activities, ceremonies and inspections, with date forms."""

from __future__ import annotations

import datetime as dt

import pytest

from articles.parsing.entities import find_entities
from articles.parsing.events import find_events, split_sentences
from articles.parsing.model import Block, BlockType


def events(text: str, dateline: str | None = None, page_date: dt.date | None = None):
    return find_entities(headline=None, blocks=[Block(BlockType.PARAGRAPH, text)], captions=[], dateline=dateline,
                         page_date=page_date, credit_names=frozenset()).events


@pytest.mark.parametrize(
    ("text", "dateline", "page_date", "name", "date"),
    [
        ("3月1日，市城乡一体化示范区党工委（扩大）会议召开。", None, None,
         "市城乡一体化示范区党工委（扩大）会议", "--03-01"),
        ("3 月 1 日，示范区召开安全生产工作推进会。", None, None, "安全生产工作推进会", "--03-01"),
        ("１月１５日，市政府召开全市经济工作会议。", None, dt.date(1998, 1, 16), "全市经济工作会议", "1998-01-15"),
        ("今天，国务院召开全国农村工作会议。", "本报北京１２月３０日讯", dt.date(1998, 1, 1), "全国农村工作会议",
         "1997-12-30"),
        ("日前，团市委开展青年志愿服务活动。", None, dt.date(2024, 3, 8), "青年志愿服务活动", "2024-03-08"),
        ("昨天，市委举行新春团拜会。", "本报讯", dt.date(2024, 2, 8), "新春团拜会", "2024-02-07"),
        ("3月5日上午，市城乡一体化示范区召开纪念“三八”国际妇女节114周年暨表彰大会。", None, None,
         "纪念“三八”国际妇女节114周年暨表彰大会", "--03-05"),
    ],
)
def test_event_names_and_date_forms(text, dateline, page_date, name, date) -> None:
    found = {(e.name, e.date) for e in events(text, dateline, page_date)}
    assert (name, date) in found, found


def test_time_of_day_location_organizers_participants() -> None:
    found = events("3月5日上午，示范区新闻宣传中心携手周口东新医院在文昌万达广场开展学雷锋志愿服务活动。"
                   "示范区领导张晓、王磊出席活动。")
    assert len(found) == 1
    ev = found[0]
    assert ev.name == "学雷锋志愿服务活动" and ev.time_of_day == "上午" and ev.location == "文昌万达广场"
    assert "周口东新医院" in ev.organizers
    assert set(ev.participants) == {"张晓", "王磊"}


def test_inspection_when_no_meeting() -> None:
    found = events("3月5日，市委书记张建慧到示范区调研项目建设工作。")
    assert [e.name for e in found] == ["调研项目建设工作"]


@pytest.mark.parametrize(
    "text",
    [
        "每月召开一次信访工作联席会议，分析研判信访工作形势。",  # no date: routine, not an event
        "会议传达学习市委书记张建慧调研示范区讲话精神。",
        "3月5日是全国第61个“学雷锋纪念日”。",
    ],
)
def test_no_event_without_date_or_pattern(text: str) -> None:
    assert events(text) == ()


def test_a_leads_date_holds_for_its_paragraph() -> None:
    found = events("3月5日是全国第61个“学雷锋纪念日”。为纪念雷锋同志，示范区在文昌万达广场开展学雷锋志愿服务活动。")
    assert [(e.name, e.date) for e in found] == [("学雷锋志愿服务活动", "--03-05")]


def test_split_sentences() -> None:
    assert split_sentences("甲。乙！丙") == ["甲。", "乙！", "丙"]
    assert find_events([], reference=None, year=None) == []


def test_offices_in_titles_organize_nothing_and_attendees_come_from_the_paragraph() -> None:
    found = events("3月5日，市政协副主席、示范区党工委书记宋力带队召开全区消防安全工作推进会。"
                   "会议听取相关情况汇报。示范区领导王磊出席会议。")
    assert [e.name for e in found] == ["全区消防安全工作推进会"]
    assert found[0].organizers == ()
    assert set(found[0].participants) == {"宋力", "王磊"}


def test_inspection_location_is_the_place_named() -> None:
    found = events("１２月２７日至３１日，温家宝在黔东南苗族侗族自治州冒雨考察扶贫工作。")
    assert found and found[0].location == "黔东南苗族侗族自治州"
    assert found[0].organizers == () and "温家宝" in found[0].participants
