"""Title blocks inside a page, after another story's text: the tiers of a headline block over
a lead or a byline, a headline drawn twice, and a reporter's name the extraction cut at its
padding. Every sample is written here in the shape extractor text has (no string of ../shared)."""

from __future__ import annotations

import pytest

from articles.parsing import parse_page

FIRST = (
    "西区公园开放\n"
    "本报讯 西区公园昨日开放，园内\n有湖有山，市民纷至沓来，游客\n称赞公园设计精巧，景色宜人。\n"
)
LEAD = "本报讯 今年城东新区新建小学三所，\n可容纳学生三千人。\n"
BODY = (
    "城东新区今年新建小学三所，可\n容纳学生三千人，新聘教师二百\n人，全区适龄儿童都能就近入学，\n"
    "家长们十分满意。新校舍配有图书\n馆、体育馆和食堂，明年还将再建\n中学一所。\n"
)


@pytest.mark.parametrize(
    ("titles", "kicker", "headline", "subtitle"),
    [
        # as wide as the column, so width alone does not set them apart from running text:
        # a kicker naming who speaks, its main title, and a dash subtitle: three tiers
        ("在全市教育工作会议上市长强调\n让每个孩子都有学上有好学上\n——城东新区新建小学纪实\n",
         "在全市教育工作会议上市长强调", "让每个孩子都有学上有好学上", "——城东新区新建小学纪实"),
        # a main title over a dash subtitle holding a comma
        ("新校舍里书声琅琅欢歌笑语多\n——走访城东，看新建小学\n", None, "新校舍里书声琅琅欢歌笑语多",
         "——走访城东，看新建小学"),
        # a headline in fake bold, drawn as two runs one under the other
        ("城东新区新建小学三所可容纳\n城东新区新建小学三所可容纳\n", None, "城东新区新建小学三所可容纳", None),
    ],
)
def test_a_title_block_under_another_storys_text(titles: str, kicker, headline, subtitle) -> None:
    page = parse_page(FIRST + titles + LEAD + BODY, entities=False)
    assert [(a.kicker, a.headline, a.subtitle) for a in page.articles][-1] == (kicker, headline, subtitle)
    assert len(page.articles) == 2


def test_a_title_block_over_a_byline_line() -> None:
    titles = "市长在城东新区调研时指出\n教育是最大的民生要办好办实\n"
    page = parse_page(FIRST + titles + "本报记者 王 军\n" + BODY, entities=False)
    second = page.articles[-1]
    assert (second.kicker, second.headline) == ("市长在城东新区调研时指出", "教育是最大的民生要办好办实")
    assert [c.name for c in second.credits] == ["王军"]
