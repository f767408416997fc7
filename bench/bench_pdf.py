"""PDF speed and memory: pages per second on one core without entities, and memory over a 50-page PDF.

    .venv/bin/python bench/bench_pdf.py [--repeat N] [--pages 50]

Reads every pdf-dev page (../shared/pages/pdf-dev/pdf, next to the repository; where that
folder is absent, says so and uses tests/data/sample_page.pdf) and prints:

- each stage's time a page (CPU time, the fair figure for "one core" on a shared machine):
  open and check the document (`document.open_pdf`), glyphs (`glyphs.read_glyphs`, the text
  layer with positions), pictures (`pictures.find_pictures`), rendering (`render.render_page`);
- end to end through `parse_pdf` (without entities) where the package has it; target ≥ 5 pages/s;
- memory over one PDF of `--pages` pages made by joining pdf-dev pages with pypdfium2, read a
  page at a time as the import does: Python's own peak (tracemalloc) and the process's resident
  memory (RSS; PDFium's memory is C memory tracemalloc does not see) after 10 pages and after
  every 10 (run first, so the timing rounds' leftovers are not counted). Flat means the figure
  after 50 pages is about the figure after 10.

Writes the same lines to bench/results/pdf.txt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pypdfium2 as pdfium  # noqa: E402
from benchlib import Tee  # noqa: E402

from articles.parsing.pdf.document import iter_pages, open_pdf  # noqa: E402
from articles.parsing.pdf.pictures import find_pictures  # noqa: E402
from articles.parsing.pdf.render import render_page  # noqa: E402

PDF_DEV = REPO.parent / "shared" / "pages" / "pdf-dev" / "pdf"
SAMPLE = REPO / "tests" / "data" / "sample_page.pdf"
RESULTS = REPO / "bench" / "results" / "pdf.txt"
TARGET = 5.0


def sources() -> list[tuple[str, bytes]]:
    if PDF_DEV.is_dir() and any(PDF_DEV.glob("*.pdf")):
        return [(path.name, path.read_bytes()) for path in sorted(PDF_DEV.glob("*.pdf"))]
    print(f"{PDF_DEV} absent: timing the sample page kept in the repository only")
    return [(SAMPLE.name, SAMPLE.read_bytes())]


def glyph_reader() -> tuple[str, Callable[[pdfium.PdfPage], object]]:
    """The glyph extraction the PDF parser uses, or PDFium's plain text where it is not there yet."""
    try:
        from articles.parsing.pdf.glyphs import read_glyphs
    except ImportError:
        def plain_text(page: pdfium.PdfPage) -> object:
            textpage = page.get_textpage()
            try:
                return textpage.get_text_range()
            finally:
                textpage.close()

        return "text (PDFium get_text_range)", plain_text
    return "glyphs (read_glyphs)", read_glyphs


def end_to_end() -> Callable[..., Iterator[object]] | None:
    """`parse_pdf` from the parser's facade, or from the PDF package; None while neither has it."""
    for module in ("articles.parsing", "articles.parsing.pdf"):
        try:
            parse_pdf = getattr(__import__(module, fromlist=["parse_pdf"]), "parse_pdf", None)
        except ImportError as error:
            print(f"{module}: cannot import ({error})")
            continue
        if parse_pdf is not None:
            print(f"end to end through {module}.parse_pdf")
            return parse_pdf  # type: ignore[no-any-return]
    return None


def stages(files: list[tuple[str, bytes]], repeat: int) -> None:
    glyph_name, read = glyph_reader()
    names = ["open", glyph_name, "pictures (find_pictures)", "render (render_page)"]
    cpu = dict.fromkeys(names, 0.0)
    pages = 0
    wall = time.perf_counter()
    for _ in range(repeat):
        for name, data in files:
            t = time.process_time()
            doc = open_pdf(data, name=name)
            cpu["open"] += time.process_time() - t
            try:
                for index, page in iter_pages(doc):
                    pages += 1
                    for stage, run in (
                        (glyph_name, lambda p=page: read(p)),
                        ("pictures (find_pictures)", lambda p=page, i=index: find_pictures(p, i)),
                        ("render (render_page)", lambda p=page, i=index: render_page(p, i)),
                    ):
                        t = time.process_time()
                        run()
                        cpu[stage] += time.process_time() - t
            finally:
                doc.close()
    wall = time.perf_counter() - wall
    total = sum(cpu.values())
    print(f"stages, {pages} pages ({len(files)} files × {repeat} rounds), CPU ms a page:")
    for stage in names:
        print(f"  {stage:32s} {1000 * cpu[stage] / pages:7.1f}")
    print(f"  {'these stages together':32s} {1000 * total / pages:7.1f}  = {pages / total:.1f} pages/s CPU "
          f"({pages / wall:.1f} wall)")


def through_parse_pdf(parse_pdf: Callable[..., Iterator[object]], files: list[tuple[str, bytes]],
                      repeat: int) -> None:
    name, data = files[0]
    for _ in parse_pdf(data, file=name, entities=False):  # warm-up: lazy imports, dictionaries
        pass
    pages = 0
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(repeat):
        for name, data in files:
            for _page in parse_pdf(data, file=name, entities=False):
                pages += 1
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"end to end without entities: {pages} pages, {pages / cpu:.1f} pages/s CPU ({pages / wall:.1f} wall) "
          f"(target >= {TARGET:g})")


def joined_pdf(files: list[tuple[str, bytes]], count: int) -> bytes:
    """One PDF of `count` pages: the sources' pages in turn, again from the first when they run out."""
    target = pdfium.PdfDocument.new()
    opened = [pdfium.PdfDocument(data) for _, data in files]
    try:
        k = 0
        while len(target) < count:
            source = opened[k % len(opened)]
            target.import_pages(source, [0])
            k += 1
        out = io.BytesIO()
        target.save(out)
        return out.getvalue()
    finally:
        for doc in opened:
            doc.close()
        target.close()


def rss_mb() -> float:
    """The process's resident memory now (Linux /proc; the peak where /proc is absent)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return peak_rss_mb()


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux, bytes on macOS
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def memory(files: list[tuple[str, bytes]], count: int,
           parse_pdf: Callable[..., Iterator[object]] | None) -> None:
    data = joined_pdf(files, count)
    how = "parse_pdf" if parse_pdf is not None else "open, glyphs, pictures, render"
    _, read = glyph_reader()
    print(f"memory over one PDF of {count} pages ({len(data) / 2**20:.1f} MB), a page at a time through {how}:")
    checkpoints = {10, count} | set(range(10, count, 10))

    def report(done: int) -> None:
        current, peak = tracemalloc.get_traced_memory()
        print(f"  after {done:3d} pages: Python peak {peak / 2**20:6.1f} MB (now {current / 2**20:5.1f}), "
              f"RSS {rss_mb():6.1f} MB (peak {peak_rss_mb():6.1f})")

    tracemalloc.start()
    done = 0
    if parse_pdf is not None:
        for _page in parse_pdf(data, file="joined.pdf", entities=False):
            done += 1
            if done in checkpoints:
                report(done)
    else:
        doc = open_pdf(data, name="joined.pdf")
        try:
            for index, page in iter_pages(doc):
                read(page)
                find_pictures(page, index)
                render_page(page, index)
                done += 1
                if done in checkpoints:
                    report(done)
        finally:
            doc.close()
    tracemalloc.stop()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--pages", type=int, default=50)
    args = ap.parse_args()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("w", encoding="utf-8") as results:
        out = Tee(sys.stdout, results)
        sys.stdout = out
        try:
            print(f"bench_pdf, {dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs, "
                  f"pypdfium2 {version('pypdfium2')}, Pillow {version('pillow')}")
            files = sources()
            parse_pdf = end_to_end()
            # Memory first, so that its figures are the import's own and not what the timing
            # rounds left allocated.
            memory(files, args.pages, parse_pdf)
            stages(files, args.repeat)
            if parse_pdf is not None:
                through_parse_pdf(parse_pdf, files, args.repeat)
            else:
                print("parse_pdf not in articles.parsing yet: the stages above are the figure")
        finally:
            sys.stdout = sys.__stdout__
    return 0


if __name__ == "__main__":
    sys.exit(main())
