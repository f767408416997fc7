"""Parsing speed: pages per second on one core, without and with entity extraction.

    .venv/bin/python bench/bench_parse.py [--repeat N]

Parses every dev page (../shared/pages/dev, next to the repository) several times; when that
folder is absent, says so and uses the seed page kept in the repository. Targets: ≥ 200
pages/s without entities, ≥ 20 pages/s with them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.parsing import parse_page  # noqa: E402

DEV = ROOT.parent / "shared" / "pages" / "dev"
SEED = ROOT / "tests" / "data" / "seed"


def pages() -> list[str]:
    if DEV.is_dir() and any(DEV.glob("*.txt")):
        return [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt"))]
    print(f"{DEV} absent: timing the seed page only")
    return [p.read_text(encoding="utf-8") for p in sorted(SEED.glob("*.txt"))]


def rate(texts: list[str], *, entities: bool, repeat: int) -> tuple[float, float]:
    """(pages per second of CPU time, pages per second of wall time). CPU time is the fair
    figure for "one core" when other work shares the machine; both are printed."""
    parse_page(texts[0], entities=entities)  # warm-up: lazy imports, dictionaries
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            parse_page(text, entities=entities)
    pages = repeat * len(texts)
    return pages / (time.process_time() - cpu), pages / (time.perf_counter() - wall)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    texts = pages()
    lines = sum(text.count("\n") for text in texts)
    print(f"{len(texts)} pages, {lines} lines, {args.repeat} rounds")
    cpu, wall = rate(texts, entities=False, repeat=args.repeat)
    print(f"without entities: {cpu:8.1f} pages/s CPU ({wall:.1f} wall) (target >= 200)")
    cpu, wall = rate(texts, entities=True, repeat=max(1, args.repeat // 2))
    print(f"with entities:    {cpu:8.1f} pages/s CPU ({wall:.1f} wall) (target >= 20)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
