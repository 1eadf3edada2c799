"""Generate a synthetic directory, serve it with gunicorn on 127.0.0.1, measure, and report against the floor.

    .venv/bin/python -m bench --scale 1000 --database sqlite
    .venv/bin/python -m bench --scale 10000 --database postgres --database-url postgres://bench:...@127.0.0.1/bench

The database is a SQLite file under /tmp (or the PostgreSQL database you name), never the dev db.sqlite3.
A database already holding the scale asked for is reused; --fresh starts a SQLite file again.
"""

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
SEARCH_POSTCODE = "SW18 2PU"
BOROUGH = "E09000032"  # Wandsworth: the demo borough, whose wards and DERI scores are loaded

TARGETS = {
    # name: (figure, limit, how it is compared)
    "search": ("p95 × floor", 3.0),
    "map_feed": ("p95 × floor", 2.0),
    "api_services": ("p95 × floor", 5.0),
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1000, help="number of synthetic services (default 1000)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url", help="for postgres: the (empty or bench-only) database to use")
    parser.add_argument("--workdir", type=Path, help="where the SQLite file, static files and logs go")
    parser.add_argument("--fresh", action="store_true", help="delete the SQLite file and generate again")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument("--requests", type=int, default=40, help="sequential requests per URL for latency")
    parser.add_argument("--max-seconds", type=float, default=20.0, help="at most this long per URL for latency")
    parser.add_argument("--concurrency", type=int, default=8, help="connections for requests per second")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds of load per URL")
    parser.add_argument("--import-rows", type=int, default=10_000, help="rows of the CSV import test (0 skips it)")
    parser.add_argument("--output", type=Path, help="the JSON file (default bench/results/<date>-<db>-<scale>.json)")
    return parser.parse_args(argv)


def configure(args) -> Path:
    workdir = args.workdir or Path(f"/tmp/bench-{args.database}-{args.scale}")  # noqa: S108 - a throwaway folder
    workdir.mkdir(parents=True, exist_ok=True)
    if args.database == "sqlite":
        database_file = workdir / "db.sqlite3"
        if args.fresh and database_file.exists():
            database_file.unlink()
        url = f"sqlite:///{database_file}"
    else:
        if not args.database_url or not args.database_url.startswith(("postgres://", "postgresql://")):
            sys.exit("--database postgres needs --database-url postgres://user:password@127.0.0.1/bench_database")
        url = args.database_url
    if (REPO / "db.sqlite3").as_posix() in url:
        sys.exit("Refusing to benchmark the development database.")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": url,
            "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "SECURE_SSL_REDIRECT": "false",
            "BENCH_STATIC_ROOT": str(workdir / "static"),
            # The API's rate limit still counts every request in the database; it just never says no here.
            "ORUK_API_RATE_LIMIT": "1000000000",
            "LOG_LEVEL": "WARNING",
        }
    )
    return workdir


def prepare_database(args, log) -> dict:
    from django.core.management import call_command

    from bench.generate import generate, synthetic_count
    from locations.models import Location

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    timings = {"migrate_s": time.perf_counter() - started}
    existing = synthetic_count()
    if existing and existing != args.scale:
        sys.exit(f"This database holds {existing} synthetic services, not {args.scale}: use --fresh or another one.")
    if not existing:
        if not Location.objects.exists():
            started = time.perf_counter()
            log("Loading the real geography and the demo borough (load_demo_data) ...")
            call_command("load_demo_data", allow_without_demo_mode=True, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
            timings["demo_s"] = time.perf_counter() - started
        log(f"Generating {args.scale} synthetic services ...")
        started = time.perf_counter()
        timings["counts"] = generate(args.scale, log=log)
        timings["generate_s"] = time.perf_counter() - started
        log(f"  generated in {timings['generate_s']:.1f} s")
        if args.database == "postgres":
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    started = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0)
    timings["collectstatic_s"] = time.perf_counter() - started
    return timings


# Searches from this many different postcodes (and API pages), in turn: each one a page nobody asked for in the
# last minute.
DISTINCT_SEARCHES = 300


def bench_paths() -> dict[str, str | list[str]]:
    """The URL of each measurement; a list is requested in turn (a different URL each time)."""
    from django.db.models import Count

    from locations.models import Location, Postcode

    london = Location.objects.published().filter(postcode__startswith="SW", slug__startswith="bench-")
    place = (
        london.annotate(links=Count("service_locations")).filter(links__gt=0).order_by("pk").first()
        or Location.objects.published().annotate(links=Count("service_locations")).filter(links__gt=0).first()
    )
    postcode = SEARCH_POSTCODE.replace(" ", "+")
    search = f"/find-help/?postcode={postcode}&type=free-wifi&open=monday"
    borough_postcodes = Postcode.objects.filter(local_authority_id=BOROUGH).order_by("postcode")
    distinct_searches = [
        search.replace(postcode, code.replace(" ", "+"))
        for code in borough_postcodes.values_list("postcode", flat=True)[:DISTINCT_SEARCHES]
    ]
    return {
        "floor": "/healthz/",
        "home": "/",
        # The same search again and again (as a library's staff make it all day): kept for the minute.
        "search": search,
        # A different postcode each time: every page made afresh, as for the first person to ask.
        "search_distinct": distinct_searches,
        "place": f"/places/{place.slug}/",
        "map_feed": "/find-help/places.geojson",
        "map_feed_area": results_map_feed(search),
        # The same page again (kept for the minute), and a different page each time (each one made afresh).
        "api_services": "/api/oruk/services?per_page=50",
        "api_services_distinct": [f"/api/oruk/services?per_page=50&page={page}" for page in range(2, 302)],
        "api_service_at_locations": f"/api/oruk/service_at_locations?postcode={postcode}",
    }


def results_map_feed(search_path: str) -> str:
    """The feed URL the search page's results map fetches (the area of the places listed)."""
    import html
    import re

    from django.test import Client

    page = Client().get(search_path).content.decode()
    found = re.search(r'data-geojson-url="([^"]+)"', page)
    return html.unescape(found.group(1)) if found else "/find-help/places.geojson"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(workdir: Path, workers: int) -> tuple[subprocess.Popen, int]:
    from bench import loadgen

    port = free_port()
    log_file = (workdir / "gunicorn.log").open("w")
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "borough_site.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "120",
        "--error-logfile",
        "-",
    ]
    server = subprocess.Popen(command, cwd=REPO, stdout=log_file, stderr=subprocess.STDOUT, env=os.environ.copy())  # noqa: S603
    # Generous: on a shared, busy machine (load 10+ on 2 cores) three workers importing Wagtail take over a minute.
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped: see {workdir / 'gunicorn.log'}")
        try:
            import http.client

            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            if loadgen.fetch(connection, "/healthz/").status == 200:
                connection.close()
                return server, port
        except OSError:
            time.sleep(0.3)
    stop(server)
    sys.exit("gunicorn did not answer /healthz/ within 240 s")


def stop(server: subprocess.Popen):
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def decoded(body: bytes, encoding: str) -> bytes:
    return gzip.decompress(body) if encoding == "gzip" else body


def cold_search_page(port: int, html_sample: dict) -> dict:
    """Bytes a first-time visitor's browser transfers (gzip accepted) for the search results page."""
    import http.client

    from bench import loadgen

    html = decoded(html_sample["body"], html_sample["content_encoding"]).decode()
    parts = {"html": html_sample["bytes"]}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        for path in loadgen.referenced_assets(html):
            sample = loadgen.fetch(connection, path)
            parts[path] = sample.body_bytes
            if path.endswith(".css") and sample.status == 200:
                css = decoded(sample.body, sample.headers.get("content-encoding", "")).decode(errors="replace")
                for font in loadgen.fonts_in_css(css, path):
                    parts[font] = loadgen.fetch(connection, font).body_bytes
    finally:
        connection.close()
    return {"bytes": sum(parts.values()), "parts": parts}


def main(argv=None):
    args = parse_args(argv)
    workdir = configure(args)
    sys.path.insert(0, str(REPO))

    import django

    django.setup()

    from django.db import connection

    from bench import inprocess, loadgen

    def log(message):
        print(message, file=sys.stderr, flush=True)

    log(f"Benchmark database: {os.environ['DATABASE_URL'].split('@')[-1]}")
    setup = prepare_database(args, log)
    paths = bench_paths()

    log("Counting SQL queries per request, timing the feed build and the gap analysis (in process) ...")
    queries = inprocess.queries_per_request(paths)
    feed = inprocess.feed_build()
    gaps = inprocess.gap_analysis(BOROUGH)
    connection.close()

    log(f"Serving with gunicorn ({args.workers} workers) on 127.0.0.1 ...")
    server, port = start_gunicorn(workdir, args.workers)
    http_results = {}
    try:
        for name, path in paths.items():
            log(f"  {name}: {path if isinstance(path, str) else f'{path[0]} and {len(path) - 1} more'}")
            if isinstance(path, str):
                result = loadgen.latency(port, path, args.requests, args.max_seconds)
                result.update(loadgen.throughput(port, path, args.concurrency, args.duration))
            else:
                # The load goes on where the latency samples stopped, so no URL is asked for twice in the minute.
                used = args.requests + 2
                result = loadgen.latency(port, path[:used], args.requests, args.max_seconds)
                result.update(loadgen.throughput(port, path[used:] or path, args.concurrency, args.duration))
            http_results[name] = result
        cold = cold_search_page(port, http_results["search"])
    finally:
        stop(server)

    csv_import = None
    if args.import_rows:
        log(f"Importing a {args.import_rows}-row services CSV (check, then import, rolled back) ...")
        csv_import = inprocess.csv_import(args.import_rows)

    results = report(args, setup, paths, http_results, queries, feed, gaps, cold, csv_import)
    output = args.output or RESULTS / f"{dt.date.today():%Y-%m-%d}-{args.database}-{args.scale}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, default=str) + "\n")
    log(f"Results written to {output}")


def report(args, setup, paths, http_results, queries, feed, gaps, cold, csv_import) -> dict:
    from django.db import connection

    floor = http_results["floor"]
    rows = {}
    for name, result in http_results.items():
        rows[name] = {
            "path": paths[name]
            if isinstance(paths[name], str)
            else f"{paths[name][0]} (and {len(paths[name]) - 1} more)",
            "status": result["statuses"],
            "median_ms": round(result["median_ms"], 2),
            "p95_ms": round(result["p95_ms"], 2),
            "rps": round(result["rps"], 1),
            "bytes": result["bytes"],
            "content_encoding": result["content_encoding"],
            "queries": queries[name]["queries"],
            "median_x_floor": round(result["median_ms"] / floor["median_ms"], 2),
            "p95_x_floor": round(result["p95_ms"] / floor["p95_ms"], 2),
            "rps_x_floor": round(result["rps"] / floor["rps"], 3) if floor["rps"] else None,
            "bytes_x_floor": round(result["bytes"] / floor["bytes"], 1) if floor["bytes"] else None,
            "queries_x_floor": round(queries[name]["queries"] / max(queries["floor"]["queries"], 1), 1),
            "non_2xx": result["non_2xx"],
            "samples": result["samples"],
        }
    floor_seconds = floor["median_ms"] / 1000
    checks = {
        name: {
            "figure": figure,
            "value": rows[name]["p95_x_floor"],
            "limit": limit,
            "met": rows[name]["p95_x_floor"] <= limit,
        }
        for name, (figure, limit) in TARGETS.items()
    }
    checks["search_cold_bytes"] = {"figure": "bytes", "value": cold["bytes"], "limit": 150 * 1024}
    checks["search_cold_bytes_with_feed"] = {
        "figure": "bytes",
        "value": cold["bytes"] + rows["map_feed_area"]["bytes"],
        "limit": 150 * 1024,
    }
    checks["gaps_uncached"] = {"figure": "seconds", "value": round(gaps["uncached_s"], 3), "limit": 5.0}
    checks["gaps_cached"] = {"figure": "seconds", "value": round(gaps["cached_s"], 4), "limit": 0.05}
    if csv_import:
        checks["csv_import"] = {"figure": "seconds", "value": round(csv_import["import_s"], 1), "limit": 60.0}
    for check in checks.values():
        check.setdefault("met", check["value"] <= check["limit"])

    results = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "database": connection.vendor,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "settings": {
            "workers": args.workers,
            "concurrency": args.concurrency,
            "duration_s": args.duration,
            "load_tool": "wrk" if shutil.which("wrk") else "threads",
        },
        "setup": setup,
        "urls": rows,
        "feed_build": {**feed, "x_floor": round(feed["seconds"] / floor_seconds, 1)},
        "gap_analysis": {
            **gaps,
            "uncached_x_floor": round(gaps["uncached_s"] / floor_seconds, 1),
            "cached_x_floor": round(gaps["cached_s"] / floor_seconds, 2),
        },
        "search_cold_load": cold,
        "csv_import": csv_import,
        "targets": checks,
    }
    print_table(results)
    return results


def print_table(results: dict):
    print(
        f"\n{results['database']} · {results['scale']} services · {results['machine']['cpus']} CPUs · "
        f"{results['settings']['workers']} gunicorn workers · {results['settings']['load_tool']} "
        f"c={results['settings']['concurrency']} · {results['date']}\n"
    )
    header = f"{'':26}{'median ms':>16}{'p95 ms':>16}{'req/s':>16}{'bytes (gz)':>18}{'queries':>9}"
    print(header)
    print("-" * len(header))
    for name, row in results["urls"].items():
        print(
            f"{name:26}"
            f"{row['median_ms']:>8.1f} ({row['median_x_floor']:>4.1f}×)"
            f"{row['p95_ms']:>8.1f} ({row['p95_x_floor']:>4.1f}×)"
            f"{row['rps']:>8.1f} ({row['rps_x_floor'] or 0:>5.3f})"
            f"{row['bytes']:>10} {row['content_encoding'] or 'raw':>7}"
            f"{row['queries']:>9}"
        )
    feed, gaps = results["feed_build"], results["gap_analysis"]
    print(f"\nmap feed build (uncached, in process): {feed['seconds']:.2f} s for {feed['features']} places")
    print(f"gap analysis {BOROUGH}: uncached {gaps['uncached_s']:.2f} s, cached {gaps['cached_s'] * 1000:.1f} ms")
    print(f"search page cold load: {results['search_cold_load']['bytes'] / 1024:.1f} KB compressed")
    if results["csv_import"]:
        imported = results["csv_import"]
        print(
            f"CSV import of {imported['rows']} services: check {imported['check_s']:.1f} s, import "
            f"{imported['import_s']:.1f} s"
        )
    print("\nTargets:")
    for name, check in results["targets"].items():
        print(
            f"  {'met   ' if check['met'] else 'MISSED'} {name}: {check['value']} (limit {check['limit']} {check['figure']})"
        )


if __name__ == "__main__":
    main()
