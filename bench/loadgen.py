"""HTTP on loopback only: sequential latency samples, and requests per second under concurrency (wrk, or threads).

Every loop is bounded both in requests and in seconds.
"""

import http.client
import itertools
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

HOST = "127.0.0.1"
HEADERS = {"Accept-Encoding": "gzip", "Accept": "*/*", "User-Agent": "bench"}


@dataclass
class Sample:
    status: int
    seconds: float
    body_bytes: int
    body: bytes
    headers: dict


def fetch(connection: http.client.HTTPConnection, path: str, extra_headers: dict | None = None) -> Sample:
    started = time.perf_counter()
    connection.request("GET", path, headers={**HEADERS, **(extra_headers or {})})
    response = connection.getresponse()
    body = response.read()  # raw, still compressed when the server compressed it
    return Sample(
        response.status,
        time.perf_counter() - started,
        len(body),
        body,
        {key.lower(): value for key, value in response.getheaders()},
    )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def in_turn(path: str | list[str]):
    """One URL for ever, or each of a list in turn."""
    return itertools.cycle([path] if isinstance(path, str) else path)


def latency(port: int, path: str | list[str], requests: int, max_seconds: float, warmup: int = 2) -> dict:
    """Median and p95 of `requests` sequential requests on one keep-alive connection (stops at max_seconds)."""
    paths = in_turn(path)
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        for _ in range(warmup):
            fetch(connection, next(paths))
        times, statuses, last = [], set(), None
        deadline = time.monotonic() + max_seconds
        for _ in range(requests):
            last = fetch(connection, next(paths))
            times.append(last.seconds)
            statuses.add(last.status)
            if time.monotonic() > deadline:
                break
    finally:
        connection.close()
    return {
        "samples": len(times),
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "statuses": sorted(statuses),
        "bytes": last.body_bytes,
        "content_encoding": last.headers.get("content-encoding", ""),
        "body": last.body,
        "headers": last.headers,
    }


def throughput(port: int, path: str | list[str], concurrency: int, seconds: float) -> dict:
    # wrk asks for one URL; a list of them is asked for by our threads.
    if isinstance(path, str) and shutil.which("wrk"):
        return _wrk(port, path, concurrency, seconds)
    return _threads(port, path, concurrency, seconds)


def _wrk(port: int, path: str, concurrency: int, seconds: float) -> dict:
    command = [
        "wrk",
        f"-t{min(2, concurrency)}",
        f"-c{concurrency}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-H",
        "Accept-Encoding: gzip",
        f"http://{HOST}:{port}{path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout  # noqa: S603
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "tool": "wrk",
        "concurrency": concurrency,
        "rps": float(rps.group(1)) if rps else 0.0,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
    }


def _threads(port: int, path: str | list[str], concurrency: int, seconds: float, max_requests: int = 100_000) -> dict:
    """A bounded stand-in for wrk: `concurrency` threads, each on one keep-alive connection."""
    paths = in_turn(path)
    lock = threading.Lock()
    done = {"ok": 0, "bad": 0}
    deadline = time.monotonic() + seconds

    def worker():
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        try:
            while time.monotonic() < deadline:
                with lock:
                    if done["ok"] + done["bad"] >= max_requests:
                        return
                    next_path = next(paths)
                sample = fetch(connection, next_path)
                with lock:
                    done["ok" if sample.status < 400 else "bad"] += 1
        finally:
            connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.monotonic() - started
    total = done["ok"] + done["bad"]
    return {"tool": "threads", "concurrency": concurrency, "rps": total / elapsed, "non_2xx": done["bad"]}


def referenced_assets(html: str) -> list[str]:
    """Same-site stylesheets, scripts and images a page references (what a cold browser fetches first)."""
    found = re.findall(r'<link[^>]+rel="[^"]*stylesheet[^"]*"[^>]*href="([^"]+)"', html)
    found += re.findall(r'<link[^>]+href="([^"]+)"[^>]*rel="[^"]*stylesheet[^"]*"', html)
    found += re.findall(r'<script[^>]+src="([^"]+)"', html)
    found += re.findall(r'<link[^>]+rel="(?:icon|preload)"[^>]*href="([^"]+)"', html)
    return list(dict.fromkeys(path for path in found if path.startswith("/")))


def fonts_in_css(css: str, css_path: str) -> list[str]:
    """The woff2 fonts a stylesheet names (a browser fetches one format, and only the faces in use)."""
    base = css_path.rsplit("/", 1)[0]
    paths = []
    for url in re.findall(r"url\(([^)]+)\)", css):
        url = url.strip("'\" ")
        if not url.split("?")[0].endswith(".woff2") or url.startswith("data:"):
            continue
        paths.append(url if url.startswith("/") else f"{base}/{url}")
    return list(dict.fromkeys(_normalise(path) for path in paths))


def _normalise(path: str) -> str:
    parts = []
    for part in urlsplit(path).path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)
