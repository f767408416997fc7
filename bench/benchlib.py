"""What the bench scripts share: output to the terminal and a results file at once, percentiles.

The scripts run as `python bench/NAME.py`, so this folder is on sys.path and `import benchlib` works."""

from __future__ import annotations

import io


class Tee(io.TextIOBase):
    """Write to several streams at once (the terminal and bench/results/*.txt)."""

    def __init__(self, *streams) -> None:
        self.streams = streams

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
            stream.flush()
        return len(text)


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of `values` (fraction 0.95 for p95)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]
