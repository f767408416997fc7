"""Reading: a page's lines and pictures sorted into its header and its articles, in reading order.

Takes the page's lines (`lines.TextLine`) and its pictures' boxes; gives a `PageReading`:
the header lines, and one `StoryLayout` per article with its title tiers, its body blocks in
reading order (columns left to right, each top to bottom), its pictures and their captions,
and the rectangles it is printed in. Decided by size and position only:

* body size: the size most glyphs on the page have; a title is set 1.25 times that or bigger;
* header: the lines on the page's top row, above everything else (date, 第N版, 责任编辑);
* titles stacked close together are one title group; its biggest line(s) the headline, the
  lines above it the kicker, the lines below the subtitle;
* a story is a title group and the blocks under it, in the columns its title spans, down to
  the next title in those columns; a picture whose caption sits right below it (or beside it)
  illustrates the story it stands in; a picture and caption with no title above them are a
  photo story; a picture with neither caption nor story is an advertisement.

A real sample (人民日报 1998-01-02 p.2)::

    titles  "居民生活如常事业蒸蒸日上香港特区政府发表回归半年大事录"  (17.4 pt; body 9.5 pt)
    blocks  171–292, 308–429, 445–566, 582–703 under it, read column by column
    picture 308–429 × 784–866 with its caption "香港特区政府在１９９７年的最后一天。" below
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from articles.parsing.header import split_header
from articles.parsing.lines import SourceLine
from articles.parsing.pdf.blocks import LineRun, TextBlock, build_blocks
from articles.parsing.pdf.lines import TextLine

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points, origin bottom left

# A line this many times the body size or bigger is a title.
_TITLE_RATIO = 1.25
# A line this many times the body size (and under a title's) may be a kicker or subtitle.
_TIER_RATIO = 1.08
# Title lines this close (em of the smaller) are one title group.
_TITLE_GAP = 1.2
# More lines than this above the top rule are no page header.
_MAX_HEADER_LINES = 12
# A picture and caption this far (body sizes) over a title are set over its story.
_OVER_TITLE = 3.0
# White space this high (body sizes) across a column ends what stands above it.
_WHITE_GAP = 2.5
# A story's rectangles are merged while the merged one is at least this full.
_REGION_FILL = 0.85
# A caption starts within this many em under its picture (or beside it, level with its bottom).
_CAPTION_GAP = 1.6


@dataclass(slots=True)
class TitleGroup(LineRun):
    @property
    def vertical(self) -> bool:
        """Set top to bottom, one glyph a line (a title standing beside its story)."""
        return (len(self.lines) >= 2 and all(line.count == 1 for line in self.lines)
                and self.x1 - self.x0 <= 1.3 * max(line.size for line in self.lines))

    def tiers(self) -> tuple[list[TextLine], list[TextLine], list[TextLine]]:
        """Kicker lines, headline lines, subtitle lines: the biggest lines are the headline."""
        biggest = max(line.size for line in self.lines)
        main = [i for i, line in enumerate(self.lines) if line.size >= 0.92 * biggest]
        first, last = main[0], main[-1]
        return self.lines[:first], self.lines[first : last + 1], self.lines[last + 1 :]


@dataclass(slots=True)
class Picture:
    box: Box
    caption: list[TextLine] = field(default_factory=list)
    caption_block: TextBlock | None = None
    story: int | None = None  # index in PageReading.stories


@dataclass(slots=True)
class StoryLayout:
    title: TitleGroup | None
    blocks: list[TextBlock] = field(default_factory=list)
    pictures: list[int] = field(default_factory=list)  # indexes in PageReading.pictures
    photo: bool = False  # a photo story: a picture and its text, no title

    def regions(self, pictures: Sequence[Picture]) -> list[Box]:
        """Where the story is printed, as few rectangles as cover it without taking in much else:
        its title, and each column's run of text, pictures and captions, merged where a merged
        rectangle stays nearly full (a story set in an L round another keeps two)."""
        boxes: list[Box] = [block.bbox for block in self.blocks]
        if self.title is not None:
            boxes.append((self.title.x0, self.title.bottom, self.title.x1, self.title.top))
        for index in self.pictures:
            boxes.append(pictures[index].box)
            caption = pictures[index].caption_block
            if caption is not None:
                boxes.append(caption.bbox)
        return _merge_boxes(boxes)


def _area(box: Box) -> float:
    return max(box[2] - box[0], 0.0) * max(box[3] - box[1], 0.0)


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _merge_boxes(boxes: list[Box]) -> list[Box]:
    """Boxes joined pairwise while the join adds little empty space (`_REGION_FILL`)."""
    boxes = list(boxes)
    merged = True
    while merged and len(boxes) > 1:
        merged = False
        best: tuple[float, int, int] | None = None
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                joined = _union(boxes[i], boxes[j])
                waste = _area(joined) - _area(boxes[i]) - _area(boxes[j])
                if waste <= (1 - _REGION_FILL) * _area(joined) and (best is None or waste < best[0]):
                    best = (waste, i, j)
        if best is not None:
            _, i, j = best
            boxes[i] = _union(boxes[i], boxes[j])
            del boxes[j]
            merged = True
    return sorted(boxes, key=lambda b: (-b[3], b[0]))


@dataclass(slots=True)
class PageReading:
    header: list[TextLine]
    stories: list[StoryLayout]
    pictures: list[Picture]
    body_size: float


def body_size(lines: Sequence[TextLine]) -> float:
    counts: Counter[float] = Counter()
    for line in lines:
        counts[round(line.size, 1)] += line.count
    return counts.most_common(1)[0][0] if counts else 10.0


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _header(lines: Sequence[TextLine], size: float, rules: Sequence[Box],
            pictures: Sequence[Box]) -> list[TextLine]:
    """The page's header: the lines above a rule drawn across the page's whole text width near
    its top (a masthead, the date, 第N版), or else the page's top row when set apart."""
    if not lines:
        return []
    left, right = min(line.x0 for line in lines), max(line.x1 for line in lines)
    across = sorted((rule for rule in rules if rule[2] - rule[0] >= 0.8 * (right - left)), key=lambda r: -r[3])
    for rule in across:
        above = [line for line in lines if line.bottom >= rule[3] - 1.0]
        if 0 < len(above) <= _MAX_HEADER_LINES:
            return above
        break
    top = max(line.top for line in lines)
    row = [line for line in lines if top - line.top <= 1.5 * size]
    rest = [line for line in lines if line not in row]
    foot = min(line.bottom for line in row)
    if rest and max(line.top for line in rest) > foot - size:
        return []  # nothing sets the top row apart: no header there
    if any(box[3] > foot for box in pictures):
        return []  # a picture stands higher: the top row is the page's content
    return row


def _tier_lines(groups: Sequence[TitleGroup], medium: Sequence[TextLine]) -> set[int]:
    """Lines a little bigger than the body standing right above or below a title group (a
    kicker, a subtitle) join it; ids of those that did."""
    joined: set[int] = set()
    for group in groups:
        changed = True
        while changed:
            changed = False
            for line in medium:
                if id(line) in joined:
                    continue
                across = _overlap(group.x0, group.x1, line.x0, line.x1) > 0.5 * line.width
                below = 0 <= group.bottom - line.top <= _TITLE_GAP * line.size
                above = 0 <= line.bottom - group.top <= _TITLE_GAP * line.size
                if across and (below or above):
                    group.lines.append(line)
                    group.lines.sort(key=lambda item: -item.top)
                    joined.add(id(line))
                    changed = True
    return joined


def _header_read(lines: Sequence[TextLine], size: float) -> list[TextLine]:
    """With no rule or white space to set it apart, the header is what the text path's header
    stage (`header.split_header`) takes for one among the lines above the page's first column
    of text (a body-size line with another right under it)."""
    columns = [line for line in lines if abs(line.size - size) <= 0.03 * size and any(
        0 < line.baseline - other.baseline <= 2 * size and _overlap(line.x0, line.x1, other.x0, other.x1) > 0
        and abs(other.size - size) <= 0.03 * size for other in lines)]
    if not columns:
        return []
    first = max(line.top for line in columns)
    candidates = sorted((line for line in lines if line.bottom > first), key=lambda item: (-item.top, item.x0))
    # The column's first lines go along as what follows: a title over a lead is no page name.
    following = sorted((line for line in columns if line.bottom <= first), key=lambda item: -item.top)[:2]
    sources = tuple(SourceLine(k + 1, line.text, k == len(candidates) and line.x0 > min(o.x0 for o in following),
                               False, line.width / line.size, line.bold)
                    for k, line in enumerate(candidates + following))
    kept = {source.number for source in split_header(sources).body}
    return [line for k, line in enumerate(candidates) if k + 1 not in kept]


def _title_groups(titles: Sequence[TextLine]) -> list[TitleGroup]:
    groups: list[TitleGroup] = []
    for line in sorted(titles, key=lambda item: (-item.top, item.x0)):
        home = None
        for group in groups:
            last = group.lines[-1]
            gap = last.bottom - line.top
            near = -0.5 * line.size <= gap <= _TITLE_GAP * min(line.size, last.size)
            side = _overlap(group.x0, group.x1, line.x0, line.x1) > 0 or abs(
                (group.x0 + group.x1) / 2 - line.center) < 0.5 * (group.x1 - group.x0)
            if near and side:
                home = group
                break
        if home is None:
            groups.append(TitleGroup([line]))
        else:
            home.lines.append(line)
    return groups


@dataclass(frozen=True, slots=True)
class _Frame:
    """What decides whose a box is: the title groups with the widths their stories may take,
    and the page's horizontal rules."""

    groups: Sequence[TitleGroup]
    spans: Sequence[tuple[float, float]]
    rules: Sequence[Box]
    items: Sequence[Box]  # what the page prints (text blocks, pictures, titles): white space is the rest
    size: float  # the body size
    centred: Sequence[tuple[float, float]] = ()

    @classmethod
    def make(cls, groups: Sequence[TitleGroup], spans: Sequence[tuple[float, float]],
             rules: Sequence[Box], items: Sequence[Box], size: float) -> _Frame:
        """Each span also cut to what its title stands in the middle of (never narrower than the title)."""
        centred: list[tuple[float, float]] = []
        for group, (lo, hi) in zip(groups, spans, strict=True):
            centre = (group.x0 + group.x1) / 2
            half = max(min(centre - lo, hi - centre), (group.x1 - group.x0) / 2)
            centred.append((max(lo, centre - half), min(hi, centre + half)))
        return cls(groups, spans, rules, items, size, centred)

    def owner(self, box: Box) -> int | None:
        """The title group a box stands under: the nearest above it whose story's width covers
        it, with no rule between them. The widths a centred title takes evenly on both sides
        are tried first; a title set flush over its story's first columns takes the free width
        beside it only for a box no centred title claims."""
        found = self._owner(box, self.centred)
        return found if found is not None else self._owner(box, self.spans)

    def _owner(self, box: Box, spans: Sequence[tuple[float, float]]) -> int | None:
        x0, _y0, x1, top = box
        width = x1 - x0
        best, best_bottom = None, 0.0
        for index, (group, (lo, hi)) in enumerate(zip(self.groups, spans, strict=True)):
            if group.bottom < top - 2.0:
                continue
            covered = _overlap(lo, hi, x0, x1)
            if covered < 0.5 * width:
                continue
            if best is not None and group.bottom >= best_bottom:
                continue
            if any(top - 1.0 <= rule[1] <= group.bottom + 1.0 and _overlap(rule[0], rule[2], x0, x1) > 0.5 * width
                   for rule in self.rules):
                continue
            if self._blank_between(box, group.bottom):
                continue
            best, best_bottom = index, group.bottom
        return best

    def _blank_between(self, box: Box, ceiling: float) -> bool:
        """Whether a band of white space wider than `_WHITE_GAP` body sizes runs across the box's
        width somewhere between it and `ceiling` (a title's foot): a page with no rules
        separates its stories by white space."""
        x0, _y0, x1, top = box
        limit = _WHITE_GAP * self.size
        if ceiling - top <= limit:
            return False
        cover = sorted((b for b in self.items if b[3] > top + 1.0 and b[1] < ceiling - 1.0
                        and _overlap(b[0], b[2], x0, x1) > 1.0), key=lambda b: -b[3])
        # How far down from the title the column is filled without a break; the white space
        # right under a title is its own margin, however high.
        reach: float | None = None
        for item in cover:
            if reach is not None and reach - item[3] > limit:
                return True
            reach = item[1] if reach is None else min(reach, item[1])
        return reach is not None and reach - top > limit

    def owner_below(self, box: Box, caption: Box, size: float) -> int | None:
        """The title group right under a picture and its caption (within `_OVER_TITLE` body
        sizes), covering the picture's width, with no rule between."""
        x0, _y0, x1, _y1 = box
        foot = min(box[1], caption[1])
        width = x1 - x0
        best, best_top = None, 0.0
        for index, (group, (lo, hi)) in enumerate(zip(self.groups, self.spans, strict=True)):
            if not 0 <= foot - group.top <= _OVER_TITLE * size:
                continue
            if _overlap(lo, hi, x0, x1) < 0.5 * width or (best is not None and group.top <= best_top):
                continue
            if any(group.top - 1.0 <= rule[1] <= foot + 1.0 and _overlap(rule[0], rule[2], x0, x1) > 0.5 * width
                   for rule in self.rules):
                continue
            best, best_top = index, group.top
        return best


def _spans(groups: Sequence[TitleGroup], obstacles: Sequence[Box], left: float,
           right: float) -> list[tuple[float, float]]:
    """Each title's story width: from the title sideways to whatever stands level with it
    (another title, a column of text, a picture, a rule) or to the page's text edge. A headline
    is centred over its story's columns and need not reach their edges."""
    out: list[tuple[float, float]] = []
    for group in groups:
        lo, hi = left, right
        for x0, y0, x1, y1 in obstacles:
            if min(y1, group.top) - max(y0, group.bottom) <= 1.0:
                continue  # not level with the title
            if x1 <= group.x0 + 1.0:
                lo = max(lo, x1)
            elif x0 >= group.x1 - 1.0:
                hi = min(hi, x0)
        out.append((lo, hi))
    return out


def _in_column_order(blocks: list[TextBlock]) -> list[TextBlock]:
    """Columns left to right, each top to bottom: blocks overlapping in x share a column.
    Blocks standing above all the columns (a byline under the title) come first."""
    lead: list[TextBlock] = []
    rest = sorted(blocks, key=lambda b: -b.top)
    while len(rest) > 1 and rest[0].bottom > max(b.top for b in rest[1:]):
        lead.append(rest.pop(0))
    columns: list[list[TextBlock]] = []
    for block in sorted(rest, key=lambda b: b.x0):
        for column in columns:
            if _overlap(column[0].x0, column[0].x1, block.x0, block.x1) > 0.5 * min(block.width, column[0].width):
                column.append(block)
                break
        else:
            columns.append([block])
    return lead + [block for column in columns for block in sorted(column, key=lambda b: -b.top)]


def read_page(lines: Sequence[TextLine], pictures: Sequence[Box], rules: Sequence[Box] = ()) -> PageReading:
    size = body_size(lines)
    header = _header(lines, size, rules, pictures) or _header_read(lines, size)
    rest = [line for line in lines if line not in header]
    # Text printed inside a picture's box (an advertisement's words) is part of the picture.
    rest = [line for line in rest if not any(_inside(line, box) for box in pictures)]
    titles = [line for line in rest if line.size >= _TITLE_RATIO * size]
    groups = _title_groups(titles)
    tiers = _tier_lines(groups, [line for line in rest if _TIER_RATIO * size <= line.size < _TITLE_RATIO * size])
    blocks = build_blocks([line for line in rest if line.size < _TITLE_RATIO * size and id(line) not in tiers])
    pics = [Picture(box) for box in pictures]
    horizontal = [rule for rule in rules if rule[2] - rule[0] > rule[3] - rule[1]]
    obstacles: list[Box] = [block.bbox for block in blocks] + list(pictures)
    obstacles += [rule for rule in rules if rule not in horizontal]
    obstacles += [(g.x0, g.bottom, g.x1, g.top) for g in groups]
    left = min((line.x0 for line in rest), default=0.0)
    right = max((line.x1 for line in rest), default=0.0)
    frame = _Frame.make(groups, _spans(groups, obstacles, left, right), horizontal, obstacles, size)
    stories = [StoryLayout(group) for group in groups]
    owners: list[int | None] = []
    for pic in pics:
        owner = frame.owner(pic.box)
        if owner is not None and not _within_story(pic.box, owner, frame, blocks):
            owner = None
        owners.append(owner)
    # Captions are matched over the whole page, nearest first and a caption under its picture
    # before one beside a picture: a big advertisement beside a photo must not take its caption.
    candidates = sorted(
        (rank, distance, index, id(block), block)
        for index, pic in enumerate(pics)
        # A picture in no story with text right under it, as wide as it, is a photo story.
        for rank, distance, block in _caption_candidates(pic.box, blocks, size, free=owners[index] is None)
    )
    caption_blocks: set[int] = set()
    for _rank, _distance, index, key, block in candidates:
        if key in caption_blocks or pics[index].caption_block is not None:
            continue
        caption_blocks.add(key)
        pics[index].caption_block = block
        pics[index].caption = list(block.lines)
    # A caption's credit set flush right on a line of its own, in another size ("记者 龚永泉
    # 摄"), goes on it.
    for pic in pics:
        found = pic.caption_block
        if found is None:
            continue
        right = max(found.x1, pic.box[2])
        for other in blocks:
            if (id(other) not in caption_blocks and len(other.lines) == 1 and other.size <= found.size * 1.02
                    and 0 <= found.bottom - other.top <= _CAPTION_GAP * other.size
                    and other.x0 >= found.x0 + 2 * other.size and abs(other.x1 - right) <= 1.5 * other.size):
                caption_blocks.add(id(other))
                pic.caption.extend(other.lines)
    for index, pic in enumerate(pics):
        owner = owners[index]
        if owner is None and pic.caption_block is not None:
            # A picture and caption set over a story's title, inside the story's rules.
            owner = frame.owner_below(pic.box, pic.caption_block.bbox, size)
        if owner is None:
            if pic.caption_block is None:
                continue  # neither caption nor story: an advertisement
            stories.append(StoryLayout(None, [], [], photo=True))
            owner = len(stories) - 1
        pic.story = owner
        stories[owner].pictures.append(index)
    owner_of: dict[int, int] = {}
    loose: list[TextBlock] = []
    for block in blocks:
        if id(block) in caption_blocks:
            continue
        owner = frame.owner(block.bbox)
        if owner is None:
            loose.append(block)
        else:
            owner_of[id(block)] = owner
            stories[owner].blocks.append(block)
    # A title set top to bottom owns the text level with it beside it.
    for block in loose:
        for index, group in enumerate(groups):
            if (group.vertical and _overlap(group.bottom, group.top, block.bottom, block.top) > 0
                    and (0 <= group.x0 - block.x1 <= 3 * size or 0 <= block.x0 - group.x1 <= 3 * size)):
                owner_of[id(block)] = index
                break
    for block in _continuations(loose, blocks, owner_of, horizontal, size):
        owner = owner_of.get(id(block))
        if owner is None:
            stories.append(StoryLayout(None, [block]))
        else:
            stories[owner].blocks.append(block)
    for story in stories:
        story.blocks = _in_column_order(story.blocks)
    stories = [story for story in stories if story.blocks or story.title or story.pictures]
    # Indexes moved when empty stories went: renumber the pictures' owners.
    for number, story in enumerate(stories):
        for index in story.pictures:
            pics[index].story = number
    return PageReading(header, stories, pics, size)


def _inside(line: TextLine, box: Box) -> bool:
    x0, y0, x1, y1 = box
    return line.x0 >= x0 - 1 and line.x1 <= x1 + 1 and line.bottom >= y0 - 1 and line.top <= y1 + 1


def _within_story(box: Box, owner: int, frame: _Frame, blocks: Sequence[TextBlock]) -> bool:
    """Whether a picture under a title stands among that story's text, not under its end."""
    owned = [b for b in blocks if frame.owner(b.bbox) == owner]
    if not owned:
        return True
    lowest = min(b.bottom for b in owned)
    return box[3] >= lowest - 2.0


def _caption_candidates(box: Box, blocks: Sequence[TextBlock], size: float, *,
                        free: bool) -> list[tuple[int, float, TextBlock]]:
    """Blocks that may be the picture's caption, as (0 under it / 1 beside it, distance, block):
    right under the picture within its width, or beside it within its height; set smaller than
    the body, or short (a caption is no column of running text). `free`: the picture stands in
    no story, so the text under it, as wide as the picture and whatever its size, may be a
    photo story's."""
    x0, y0, x1, y1 = box
    out: list[tuple[int, float, TextBlock]] = []
    for block in blocks:
        small = block.size < size * 0.98 or len(block.lines) <= 4
        if free and abs(block.x0 - x0) <= block.size and abs(block.x1 - x1) <= block.size:
            small = True
        if not small or block.size > size * 1.02:
            continue
        gap = y0 - block.top
        if -0.3 * block.size <= gap <= _CAPTION_GAP * block.size and block.x0 >= x0 - block.size \
                and block.x1 <= x1 + block.size:
            out.append((0, abs(gap), block))
        elif (block.top <= y1 + 0.5 * block.size and block.bottom >= y0 - _CAPTION_GAP * block.size
              and (0 <= block.x0 - x1 <= 2 * block.size or 0 <= x0 - block.x1 <= 2 * block.size)
              and block.size < size * 0.98):
            # Beside the picture and within its height: level with its foot or its head.
            out.append((1, min(abs(block.bottom - y0), abs(block.top - y1)), block))
    return out


def _continuations(loose: list[TextBlock], blocks: Sequence[TextBlock], owner_of: dict[int, int],
                   rules: Sequence[Box], size: float) -> list[TextBlock]:
    """Blocks no title covers, given (in `owner_of`) the story they go on with: the one whose
    text stands right above them in their column (under a picture, say), or fills the column
    beside them from the same height (a story runs on into the next column); the rest stay
    without a story. Returns `loose` with the blocks found a story first, in page order."""
    changed = True
    while changed:
        changed = False
        for block in loose:
            if id(block) in owner_of:
                continue
            for other in blocks:
                owner = owner_of.get(id(other))
                if owner is None:
                    continue
                width = min(block.width, other.width)
                above = (_overlap(other.x0, other.x1, block.x0, block.x1) > 0.5 * width
                         and 0 <= other.bottom - block.top <= _WHITE_GAP * size)
                beside = (abs(other.top - block.top) <= size
                          and (0 < block.x0 - other.x1 <= 2.5 * size or 0 < other.x0 - block.x1 <= 2.5 * size))
                if not (above or beside):
                    continue
                if above and any(block.top - 1.0 <= rule[1] <= other.bottom + 1.0
                                 and _overlap(rule[0], rule[2], block.x0, block.x1) > 0.5 * width for rule in rules):
                    continue
                owner_of[id(block)] = owner
                changed = True
                break
    return loose


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0
