"""What the bench scripts share: output to the terminal and a results file at once, percentiles,
and load from `wrk` (Debian package wrk) over a rotation of paths.

The scripts run as `python bench/NAME.py`, so this folder is on sys.path and `import benchlib` works."""

from __future__ import annotations

import io
import json
import os
import secrets
import shutil
import socket
import subprocess
from pathlib import Path


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


#: wrk script: requests `BENCH_PATHS` (one path a line) in rotation; where BENCH_NONCE is set (a token
#: new to each run) each request gets a parameter of its own, so that no response cache can answer it.
#: The nonce joins that token, the thread's number and its request counter: wrk's threads each run
#: this script in a Lua state of their own with math.random unseeded, so a random number drawn here
#: would be the same in every thread (and every run), and one thread's requests would find the
#: other's responses in the cache.
LUA = r"""
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local counter = 0
local run_token = os.getenv("BENCH_NONCE") or ""
local thread_number = 0
setup = function(thread)
  thread_number = thread_number + 1
  thread:set("thread_tag", run_token .. "-" .. thread_number)
end
request = function()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  if run_token ~= "" then
    local separator = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. separator .. "n=" .. thread_tag .. "-" .. counter
  end
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  io.write(string.format(
    "JSON {\"requests\":%d,\"duration_us\":%d,\"p50\":%d,\"p95\":%d,\"p99\":%d,\"max\":%d," ..
    "\"status_errors\":%d,\"socket_errors\":%d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def wrk(base: str, paths: list[str], *, duration: float, connections: int, workdir: Path, nonce: bool = False) -> dict:
    """One wrk run over `paths` in rotation; returns req/s, percentiles (ms) and error counts."""
    script = workdir / "rotate.lua"
    script.write_text(LUA, encoding="utf-8")
    listing = workdir / "paths.txt"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "-s", str(script), base]
    env = {**os.environ, "BENCH_PATHS": str(listing), "BENCH_NONCE": secrets.token_hex(6) if nonce else ""}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=True, timeout=duration + 60)
    line = next(line for line in result.stdout.splitlines() if line.startswith("JSON "))
    data = json.loads(line[5:])
    seconds = data["duration_us"] / 1e6
    return {
        "rps": data["requests"] / seconds, "requests": data["requests"],
        "p50": data["p50"] / 1000, "p95": data["p95"] / 1000, "p99": data["p99"] / 1000, "max": data["max"] / 1000,
        "errors": data["status_errors"] + data["socket_errors"],
    }


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_private_redis() -> tuple[subprocess.Popen | None, str | None]:
    """A redis-server of the benchmark's own on 127.0.0.1 (empty, keeping nothing on disk) and its
    URL, for the servers' response cache as in production; (None, None) where redis-server is
    not installed (the servers then use each worker's local-memory cache)."""
    if not shutil.which("redis-server"):
        return None, None
    port = free_port()
    server = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                               "--appendonly", "no"], stdout=subprocess.DEVNULL)
    return server, f"redis://127.0.0.1:{port}/0"


def stop(process: subprocess.Popen | None) -> None:
    if process is not None:
        process.terminate()
        process.wait(timeout=20)
