"""Character-level cleaning (`articles.parsing.cleaning`): one row per artefact form.

The text itself is never rewritten: every row's expected output holds the same characters as
the input minus the artefact."""

from __future__ import annotations

import pytest

from articles.parsing.cleaning import (
    clean_text,
    clean_title,
    display_width,
    has_doubled_run,
    join_wrapped,
    remove_cjk_spaces,
    undouble,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # U+FFFD runs standing for a lost indent
        ("������鲜红的党旗，凝聚奋进力量，指", "鲜红的党旗，凝聚奋进力量，指"),
        # spaces between digits and CJK, after CJK punctuation, before a closing quote
        ("2023 年，市城乡一体化示范区", "2023年，市城乡一体化示范区"),
        ("抓好了， 我们的基层党组织", "抓好了，我们的基层党组织"),
        ("就无往而不胜。 ”", "就无往而不胜。”"),
        ("聚焦重点工作 、发展难题 ，奋力", "聚焦重点工作、发展难题，奋力"),
        ("中原社区 A 区和 B 区", "中原社区A区和B区"),
        ("带动就业 1.7 万人次", "带动就业1.7万人次"),
        ("昌建·MOCO 新世界", "昌建·MOCO新世界"),
        # full-width digits, as 1998 pages print them
        ("１２月２７日至３１日， 温", "１２月２７日至３１日，温"),
        # doubled characters of bold type
        ("志志愿愿者者为为群群众众检检查查口口腔腔。。", "志愿者为群众检查口腔。"),
        # real reduplication survives
        ("人人讲安全、处处讲安全、时时讲安全", "人人讲安全、处处讲安全、时时讲安全"),
        ("久久为功，善作善成", "久久为功，善作善成"),
        ("一串串小葡萄", "一串串小葡萄"),
        ("常常怀着，徐徐展开", "常常怀着，徐徐展开"),
        ("高高兴兴、干干净净", "高高兴兴、干干净净"),
        # marks written doubled on purpose
        ("实现闭环……", "实现闭环……"),
        ("理项目———郑州市", "理项目———郑州市"),
        ("１１２２３３４４", "１１２２３３４４"),
        # Latin words keep the space between them
        ("New York 时报", "New York时报"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("党建领航风帆劲 奋楫笃行踏新程", "党建领航风帆劲 奋楫笃行踏新程"),  # the one joining space kept
        (" 践行新时代“枫桥经验” 推动矛盾纠纷源头化解", "践行新时代“枫桥经验” 推动矛盾纠纷源头化解"),
        ("传承雷锋精神   弘扬时代新风", "传承雷锋精神 弘扬时代新风"),
        ("到 2025 年 建成", "到2025年 建成"),
        ("城东新区今年新建小学三所中学两所解决入学难题", "城东新区今年新建小学三所中学两所解决入学难题"),
    ],
)
def test_clean_title(raw: str, title: str) -> None:
    assert clean_title(raw) == title


def test_undouble_needs_three_pairs() -> None:
    assert undouble("常常常常") == "常常常常"  # two pairs: could be real
    assert undouble("非非常常好好") == "非常好"
    assert undouble("时时时时放放心心") == "时时放心"  # bold "时时放心": the real 时时 survives
    assert has_doubled_run("志志愿愿者者")
    assert not has_doubled_run("人人讲安全")


def test_remove_cjk_spaces_keeps_latin_spacing() -> None:
    assert remove_cjk_spaces("Hello  world") == "Hello world"


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["发展是党执政兴国的第一要", "务。 示范区围绕"], "发展是党执政兴国的第一要务。 示范区围绕"),
        (["the quick", "brown fox"], "the quick brown fox"),
        (["文件", "", "内容"], "文件内容"),
    ],
)
def test_join_wrapped(lines: list[str], joined: str) -> None:
    assert join_wrapped(lines) == joined


@pytest.mark.parametrize(
    ("text", "width"),
    [("示范区", 3.0), ("2023年", 3.0), ("2023 年", 3.0), ("������鲜红", 2.0), ("１２月", 3.0), ("MOCO", 2.0),
     ("“智慧岛”", 5.0), ("实现闭环……", 6.0)],
)
def test_display_width(text: str, width: float) -> None:
    assert display_width(text) == width
