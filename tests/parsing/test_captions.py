"""Captions (`articles.parsing.captions`): which lines are captions, and which article they go to."""

from __future__ import annotations

import pytest

from articles.parsing.captions import best_match, bigrams, caption_of, picture_source_credit
from articles.parsing.model import Caption


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        # bold (doubled) text with a free-standing credit
        ("志志愿愿者者为为群群众众检检查查口口腔腔。。 记者 姬慧洋 摄", Caption("志愿者为群众检查口腔。", ("姬慧洋",))),
        # plain text with a credit naming reporter and correspondent: both photographers
        ("老人们在社区食堂就餐。 记者 王小明 通讯员 李红 摄", Caption("老人们在社区食堂就餐。", ("王小明", "李红"))),
        # bold text without a credit
        ("新新建建的的社社区区食食堂堂", Caption("新建的社区食堂", ())),
        # a bracketed credit closing a paragraph stays in the text: not a caption line
        ("升中华人民共和国国旗。（新华社记者李学仁摄）", None),
        # ordinary running text
        ("区教育局负责人说，明年还将新建幼儿园五所。", None),
        # a credit alone is a byline line, not a caption
        ("记者 王小明 摄", None),
    ],
)
def test_caption_of(line: str, caption: Caption | None) -> None:
    assert caption_of(line) == caption


def test_best_match_by_shared_bigrams() -> None:
    texts = [
        "城东新区今年新建小学三所中学两所，解决了入学难题。",
        "城西街道组织志愿者走进社区，为群众检查口腔、测量血压。",
        "",
    ]
    counted = [bigrams(text) for text in texts]
    assert best_match("志愿者为群众检查口腔。", counted) == 1
    assert best_match("新建的小学", counted) == 0


def test_best_match_without_overlap() -> None:
    assert best_match("完全无关", [bigrams("城东新区今年新建小学")]) is None
    assert best_match("", [bigrams("城东")]) is None


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        # an agency's picture, no photographer named
        ("市民在广场上观看焰火表演。（新华社发路透社照片）", "（新华社发路透社照片）"),
        # a report in pictures, the credit wrapped over two lines by a narrow column
        ("运动员们在训练中。（本报记者张\n三摄影报道）", "（本报记者张三摄影报道）"),
        ("展览吸引了大批观众。（资料照片）", "（资料照片）"),
        ("会场一角。（新华社传真）", "（新华社传真）"),
        # a writer's signature or a source of the text is no picture credit
        ("双方将继续保持合作。（金城）", None),
        ("会议于当天下午闭幕。（据新华社电）", None),
        ("照片展明天开幕，市民可免费参观。", None),
    ],
)
def test_picture_source_credit(text: str, credit: str | None) -> None:
    assert picture_source_credit(text) == credit
