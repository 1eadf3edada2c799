"""Load test: many residents and API clients at once against gunicorn on 127.0.0.1, bounded in time and count.

    .venv/bin/python -m bench.load --scale 1000 --database sqlite
    .venv/bin/python -m bench.load --database postgres --database-url postgres://borough:...@127.0.0.1/load

Prepares the database as `python -m bench` does (demo borough plus --scale synthetic services), serves it
with gunicorn, then --clients threads, each on its own keep-alive connection, send a mix of public search and
Open Referral API requests for --duration seconds (at most --max-requests in all). Any 5xx, 429, other 4xx,
connection error or timeout is an error, and any error (or no request at all) makes the exit status 1.
See bench/README.md, "Load test".
"""

import argparse
import datetime as dt
import http.client
import json
import math
import os
import platform
import random
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from bench import loadgen

RESULTS = Path(__file__).resolve().parent / "results"
BOROUGH = "E09000032"  # Wandsworth: the demo borough, whose postcodes, wards and places load_demo_data loads

# How often each kind of request comes up, out of 100: mostly residents searching, and API clients paging
# and looking up services near a postcode.
MIX_WEIGHTS = {
    "search": 30,
    "search_page_2": 5,
    "place": 15,
    "map_feed": 5,
    "api_services": 20,
    "api_service": 10,
    "api_service_at_locations": 15,
}
# Every URL in the mix answers 200 on a healthy site, so any other 4xx means the mix or the site is wrong.
ERROR_KINDS = ("5xx", "429", "4xx", "timeout", "connection")
# The server closing an idle keep-alive connection shows up as one of these when we next write or read.
CLOSED_BY_SERVER = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


def parse_args(argv=None):
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1000, help="synthetic services besides the demo (default 1000)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--database-url", help="for postgres: an empty (or load-test-only) database")
    parser.add_argument("--workdir", type=Path, help="SQLite file, static files and gunicorn log (default /tmp/load-…)")
    parser.add_argument("--fresh", action="store_true", help="delete the SQLite file and generate again")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients, one connection each (default 50)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (default 60)")
    parser.add_argument("--max-requests", type=int, default=100_000, help="stop after this many requests in all")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a request counts as timed out")
    parser.add_argument(
        "--workers", type=int, default=2 * cores + 1, help=f"gunicorn workers (default {2 * cores + 1})"
    )
    parser.add_argument(
        "--threads", type=int, help="threads per gunicorn worker (gthread; default: clients ÷ workers, at least 4)"
    )
    parser.add_argument("--seed", type=int, default=9, help="seed for the choice of requests")
    parser.add_argument("--output", type=Path, help="the JSON file (default bench/results/load-<date>-<database>.json)")
    args = parser.parse_args(argv)
    if args.threads is None:
        # A thread for every client's connection: with 4 threads each, a worker that happened to accept more
        # connections than its share kept their requests queued, and p95 on PostgreSQL went past 14 s.
        args.threads = max(4, math.ceil(args.clients / max(args.workers, 1)))
    for name in ("clients", "duration", "max_requests", "timeout", "workers", "threads"):
        if getattr(args, name) <= 0:
            parser.error(f"--{name.replace('_', '-')} must be more than 0")
    if args.workdir is None:
        args.workdir = Path(f"/tmp/load-{args.database}-{args.scale}")  # noqa: S108 - a throwaway folder
    return args


# The load generator (no Django: the tests drive it against a tiny WSGI server) -------------------------


@dataclass
class Outcome:
    group: str
    seconds: float
    status: int | None  # None when there was no response
    error: str | None  # one of ERROR_KINDS, or None
    body_bytes: int = 0


def error_kind(status: int) -> str | None:
    if status >= 500:
        return "5xx"
    if status == 429:
        return "429"
    if status >= 400:
        return "4xx"
    return None


class Client:
    """One simulated visitor: one keep-alive connection, opened again only when the server closes it."""

    def __init__(self, port: int, timeout: float, host: str = loadgen.HOST):
        self.host, self.port, self.timeout = host, port, timeout
        self.connection: http.client.HTTPConnection | None = None
        self.served_on_connection = 0
        self.connections_opened = 0
        self.retried = 0

    def close(self):
        if self.connection is not None:
            self.connection.close()
        self.connection = None

    def _send(self, path: str) -> tuple[int, int]:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.connections_opened += 1
            self.served_on_connection = 0
        self.connection.request("GET", path, headers=loadgen.HEADERS)
        response = self.connection.getresponse()
        body = response.read()
        self.served_on_connection += 1
        if response.will_close:  # "Connection: close", or HTTP/1.0: the next request needs a new connection
            self.close()
        return response.status, len(body)

    def get(self, group: str, path: str) -> Outcome:
        started = time.perf_counter()
        reused = self.connection is not None and self.served_on_connection > 0
        try:
            try:
                status, size = self._send(path)
            except CLOSED_BY_SERVER:
                self.close()
                if not reused:
                    raise
                # The server closed the idle keep-alive connection as we sent. A GET changes nothing, so it is
                # safe to send again on a new connection (RFC 9110 §9.2.2), as browsers do; counted, not hidden.
                self.retried += 1
                status, size = self._send(path)
        except TimeoutError:
            self.close()
            return Outcome(group, time.perf_counter() - started, None, "timeout")
        except (OSError, http.client.HTTPException):
            self.close()
            return Outcome(group, time.perf_counter() - started, None, "connection")
        return Outcome(group, time.perf_counter() - started, status, error_kind(status), size)


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    connections_opened: int = 0
    retried: int = 0
    client_cpu_s: float = 0.0
    unfinished_clients: int = 0


def run_load(
    port: int,
    mix: dict[str, list[str]],
    clients: int,
    duration: float,
    max_requests: int,
    timeout: float = 30.0,
    seed: int = 9,
    weights: dict[str, int] | None = None,
) -> Run:
    """`clients` threads send requests from `mix` (group -> paths) until `duration` or `max_requests`."""
    groups = [group for group in mix if mix[group]]
    if not groups:
        raise ValueError("The mix has no paths.")
    group_weights = [(weights or MIX_WEIGHTS).get(group, 1) for group in groups]
    lock = threading.Lock()
    sent = [0]
    per_client: list[list[Outcome]] = [[] for _ in range(clients)]
    client_objects = [Client(port, timeout) for _ in range(clients)]
    finished_at = [0.0] * clients
    started = time.monotonic()
    deadline = started + duration

    def take_turn() -> bool:
        with lock:
            if sent[0] >= max_requests or time.monotonic() >= deadline:
                return False
            sent[0] += 1
            return True

    def visitor(index: int):
        chooser = random.Random(seed * 1000 + index)
        client, outcomes = client_objects[index], per_client[index]
        try:
            while take_turn():
                group = chooser.choices(groups, group_weights)[0]
                outcomes.append(client.get(group, chooser.choice(mix[group])))
        finally:
            client.close()
            finished_at[index] = time.monotonic()

    cpu_before = time.process_time()
    threads = [threading.Thread(target=visitor, args=(index,), daemon=True) for index in range(clients)]
    for thread in threads:
        thread.start()
    # Each thread stops at the deadline, after at most one more request (itself bounded by the timeout, plus
    # one retry).
    join_by = deadline + 2 * timeout + 5
    for thread in threads:
        thread.join(timeout=max(0.0, join_by - time.monotonic()))
    run = Run(client_cpu_s=time.process_time() - cpu_before)
    run.unfinished_clients = sum(thread.is_alive() for thread in threads)
    run.seconds = max([*finished_at, started]) - started if not run.unfinished_clients else time.monotonic() - started
    for index in range(clients):
        run.outcomes.extend(list(per_client[index]))
        run.connections_opened += client_objects[index].connections_opened
        run.retried += client_objects[index].retried
    return run


def summarise(run: Run) -> dict:
    """Totals, latency and errors, overall and per group of endpoints."""

    def figures(outcomes: list[Outcome]) -> dict:
        times = [outcome.seconds * 1000 for outcome in outcomes]
        errors = Counter(outcome.error for outcome in outcomes if outcome.error)
        return {
            "requests": len(outcomes),
            "rps": round(len(outcomes) / run.seconds, 2) if run.seconds else 0.0,
            "median_ms": round(statistics.median(times), 1) if times else None,
            "p95_ms": round(loadgen.percentile(times, 0.95), 1) if times else None,
            "max_ms": round(max(times), 1) if times else None,
            "mean_kb": round(statistics.mean(o.body_bytes for o in outcomes) / 1024, 1) if outcomes else None,
            "statuses": {
                str(status): count
                for status, count in sorted(
                    Counter(o.status or "none" for o in outcomes).items(), key=lambda item: str(item[0])
                )
            },
            "errors": sum(errors.values()),
            "errors_by_kind": {kind: errors[kind] for kind in ERROR_KINDS if errors[kind]},
        }

    order = list(MIX_WEIGHTS)
    groups = sorted(
        {o.group for o in run.outcomes}, key=lambda group: order.index(group) if group in order else len(order)
    )
    summary = {
        "all": figures(run.outcomes),
        "groups": {group: figures([o for o in run.outcomes if o.group == group]) for group in groups},
        "seconds": round(run.seconds, 2),
        "connections_opened": run.connections_opened,
        "retried_after_server_closed": run.retried,
        "client_cpu_s": round(run.client_cpu_s, 2),
        "unfinished_clients": run.unfinished_clients,
    }
    if run.unfinished_clients:
        # A client still waiting past every bound is a hung request: an error even though it never ended.
        summary["all"]["errors"] += run.unfinished_clients
        summary["all"]["errors_by_kind"]["timeout"] = (
            summary["all"]["errors_by_kind"].get("timeout", 0) + run.unfinished_clients
        )
    return summary


def failed(summary: dict) -> str | None:
    """Why the run fails the gate, or None when it passes."""
    if summary["all"]["requests"] == 0:
        return "no request was made"
    if summary["all"]["errors"]:
        kinds = ", ".join(f"{kind}: {count}" for kind, count in summary["all"]["errors_by_kind"].items())
        return f"{summary['all']['errors']} errors ({kinds})"
    return None


# The site: database, server and the mix of requests --------------------------------------------------


def build_mix(rng: random.Random, size: int = 40) -> dict[str, list[str]]:
    """Real addresses from the prepared database: demo-borough postcodes, places and services that exist."""
    from django.db.models import Count

    from locations.models import Facility, Location, Postcode
    from provision.api import ids, queries, taxonomies
    from provision.filters import DISTANCE_CHOICES, OPEN_CHOICES, TYPE_FACILITY_VALUES
    from provision.models import Audience, Language, ServiceType

    postcodes = list(Postcode.objects.filter(local_authority_id=BOROUGH).values_list("postcode", flat=True))
    if not postcodes:
        sys.exit(f"The database has no postcodes in {BOROUGH}: was load_demo_data run?")
    # An even spread over the borough's postcodes (sorted, so neighbours are similar), not only one corner.
    postcodes = postcodes[:: max(1, len(postcodes) // size)][:size]
    types = list(ServiceType.objects.values_list("slug", flat=True))
    audiences = list(Audience.objects.values_list("slug", flat=True))
    languages = list(Language.objects.values_list("code", flat=True))
    facilities = [value for value in Facility.values if value not in TYPE_FACILITY_VALUES]
    days = [value for value, _label in OPEN_CHOICES if value != "now"]  # "now" depends on the time of day
    distances = [value for value, _label in DISTANCE_CHOICES]

    def search_query() -> dict:
        query = {"postcode": rng.choice(postcodes)}
        # About the mix a real search box sees: many plain searches, some with one or two filters.
        if types and rng.random() < 0.5:
            query["type"] = rng.choice(types)
        if rng.random() < 0.3:
            query["open"] = rng.choice(days)
        if rng.random() < 0.2:
            query["free"] = "on"
        if audiences and rng.random() < 0.15:
            query["audience"] = rng.choice(audiences)
        if languages and rng.random() < 0.05:
            query["language"] = rng.choice(languages)
        if facilities and rng.random() < 0.1:
            query["access"] = rng.choice(facilities)
        if rng.random() < 0.3:
            query["distance"] = rng.choice(distances)
        return query

    borough_places = Location.objects.published().filter(local_authority_id=BOROUGH)
    with_help = Location.objects.published().annotate(links=Count("service_locations")).filter(links__gt=0)
    place_slugs = list(borough_places.values_list("slug", flat=True)[:size])
    place_slugs += list(with_help.filter(postcode__startswith="SW").values_list("slug", flat=True)[:size])
    anywhere = list(with_help.order_by("pk").values_list("slug", flat=True))
    place_slugs += rng.sample(anywhere, min(size, len(anywhere)))

    service_pks = list(queries.public_services().order_by("pk").values_list("pk", flat=True))
    service_ids = [ids.make_id("provision.service", pk) for pk in rng.sample(service_pks, min(size, len(service_pks)))]
    term_ids = [term.id for term in taxonomies.SERVICE_TYPES.terms()]

    def api_query() -> dict:
        query = {"per_page": rng.choice([10, 20, 50])}
        roll = rng.random()
        if roll < 0.3:
            query["page"] = rng.randint(2, 5)
        elif roll < 0.5 and term_ids:
            query["taxonomy_term_id"] = rng.choice(term_ids)
        elif roll < 0.65:
            query["search"] = rng.choice(["digital", "computer", "wifi", "job", "tablet", "forms"])
        elif roll < 0.75:
            query["day"] = rng.choice(["MO", "TU", "WE", "TH", "FR", "SA"])
        return query

    def near_query() -> dict:
        query = {"postcode": rng.choice(postcodes), "proximity": rng.choice([1000, 2000, 5000, 10000])}
        if term_ids and rng.random() < 0.3:
            query["taxonomy_term_id"] = rng.choice(term_ids)
        if rng.random() < 0.2:
            query["page"] = 2
        return query

    def unique(paths) -> list[str]:
        return list(dict.fromkeys(paths))

    return {
        "search": unique(f"/find-help/?{urlencode(search_query())}" for _ in range(size * 3)),
        "search_page_2": unique(
            f"/find-help/?{urlencode({'postcode': postcode, 'distance': '5', 'page': 2})}" for postcode in postcodes
        ),
        "place": unique(f"/places/{slug}/" for slug in place_slugs),
        "map_feed": ["/find-help/places.geojson"],
        "api_services": unique(f"/api/oruk/services?{urlencode(api_query())}" for _ in range(size * 2)),
        "api_service": [f"/api/oruk/services/{service_id}" for service_id in service_ids],
        "api_service_at_locations": unique(
            f"/api/oruk/service_at_locations?{urlencode(near_query())}" for _ in range(size * 2)
        ),
    }


def warm_up(port: int, mix: dict[str, list[str]], timeout: float) -> list[Outcome]:
    """The first address of each group once, untimed: fills the caches (the map feed) as a live site has them."""
    client = Client(port, timeout)
    try:
        return [client.get(group, paths[0]) for group, paths in mix.items() if paths]
    finally:
        client.close()


def server_cpu_seconds(pid: int) -> float:
    """CPU time used so far by gunicorn's master and workers (Linux /proc; 0 elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command name: state, ppid, ... utime is the 14th field of stat, stime the 15th.
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def worker_failures(log_path: Path, offset: int) -> int:
    """Workers gunicorn killed or lost since `offset` in its log: requests cut off, even if a retry hid them."""
    with log_path.open(errors="replace") as log:
        log.seek(offset)
        text = log.read()
    return text.count("WORKER TIMEOUT") + text.count("was sent SIGKILL") + text.count("Worker exiting")


def main(argv=None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.__main__ import configure, prepare_database, start_gunicorn, stop

    args.workdir.mkdir(parents=True, exist_ok=True)
    configure(args)
    # gthread workers keep connections alive between requests (sync workers close each one). --preload
    # imports the site once rather than in every worker (booting 5 workers took a minute on a busy 2-core
    # machine), and without the control socket in ~/.gunicorn/ parallel runs do not take each other's.
    # After the TERM, gunicorn 27's gthread workers stayed busy on the CPU for 13-16 s before exiting; the
    # measurement is over by then, so 5 s of grace bounds the wait (and the CPU taken from others).
    # start_gunicorn's own command-line options still win over these.
    os.environ["GUNICORN_CMD_ARGS"] = (
        f"--worker-class gthread --threads {args.threads} --keep-alive 5 --graceful-timeout 5 --preload"
        " --no-control-socket"
    )

    import django

    django.setup()
    from django.db import connections

    begun = time.perf_counter()

    def log(message):
        print(f"[{time.perf_counter() - begun:5.0f} s] {message}", file=sys.stderr, flush=True)

    log(f"Load-test database: {os.environ['DATABASE_URL'].split('@')[-1]}")
    setup = prepare_database(args, log)
    mix = build_mix(random.Random(args.seed))
    connections.close_all()
    setup["prepare_s"] = round(time.perf_counter() - begun, 1)

    log(f"Serving with gunicorn ({args.workers} gthread workers × {args.threads} threads) on 127.0.0.1 ...")
    server, port = start_gunicorn(args.workdir, args.workers)
    log_path = args.workdir / "gunicorn.log"
    try:
        log("Warming up: one request of each kind ...")
        warmup = warm_up(port, mix, args.timeout)
        log_offset = log_path.stat().st_size
        load_before, cpu_before = os.getloadavg()[0], server_cpu_seconds(server.pid)
        log(f"{args.clients} clients for {args.duration:g} s (at most {args.max_requests} requests) ...")
        run = run_load(port, mix, args.clients, args.duration, args.max_requests, args.timeout, args.seed)
        server_cpu = server_cpu_seconds(server.pid) - cpu_before
        load_after = os.getloadavg()[0]
        killed = worker_failures(log_path, log_offset)
    finally:
        stop(server)

    summary = summarise(run)
    for outcome in warmup:
        if outcome.error:
            summary["all"]["errors"] += 1
            kinds = summary["all"]["errors_by_kind"]
            kinds[outcome.error] = kinds.get(outcome.error, 0) + 1
    if killed:
        summary["all"]["errors"] += killed
        summary["all"]["errors_by_kind"]["worker_killed"] = killed

    results = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": args.database,
        "scale": args.scale,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "settings": {
            "clients": args.clients,
            "duration_s": args.duration,
            "max_requests": args.max_requests,
            "timeout_s": args.timeout,
            "gunicorn": {"workers": args.workers, "worker_class": "gthread", "threads": args.threads},
            "weights": MIX_WEIGHTS,
        },
        "setup": setup,
        "mix": {group: {"distinct_paths": len(paths), "examples": paths[:3]} for group, paths in mix.items()},
        "warmup": [{"group": o.group, "status": o.status, "error": o.error} for o in warmup],
        "server_cpu_s": round(server_cpu, 1),
        # Less dependent on what else the machine runs than req/s: the cost of the mix to the server.
        "requests_per_server_cpu_s": round(summary["all"]["requests"] / server_cpu, 1) if server_cpu else None,
        "load_average": {"before": load_before, "after": load_after},
        **summary,
    }
    print_table(results)
    output = args.output or RESULTS / f"load-{dt.date.today():%Y-%m-%d}-{args.database}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, default=str) + "\n")
    log(f"Results written to {output}")
    reason = failed(summary)
    if reason:
        log(f"LOAD TEST FAILED: {reason}. See {log_path} for the server's side.")
        return 1
    log("Load test passed: no errors.")
    return 0


def print_table(results: dict):
    settings = results["settings"]
    gunicorn = settings["gunicorn"]
    print(
        f"\n{results['database']} · {results['scale']} synthetic services · {results['machine']['cpus']} CPUs · "
        f"gunicorn {gunicorn['workers']} {gunicorn['worker_class']} workers × {gunicorn['threads']} threads · "
        f"{settings['clients']} clients × {settings['duration_s']:g} s · {results['date']}\n"
    )
    header = f"{'':26}{'requests':>9}{'req/s':>8}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{'KB':>8}{'errors':>8}"
    print(header)
    print("-" * len(header))
    for name, row in [*results["groups"].items(), ("all", results["all"])]:
        if name == "all":
            print("-" * len(header))
        print(
            f"{name:26}{row['requests']:>9}{row['rps']:>8.1f}{row['median_ms'] or 0:>11.1f}{row['p95_ms'] or 0:>9.1f}"
            f"{row['max_ms'] or 0:>9.1f}{row['mean_kb'] or 0:>8.1f}{row['errors']:>8}"
        )
    kinds = results["all"]["errors_by_kind"]
    print(f"\nerrors: {', '.join(f'{kind} {count}' for kind, count in kinds.items()) if kinds else 'none'}")
    print(
        f"connections opened: {results['connections_opened']} for {results['all']['requests']} requests; "
        f"GETs sent again after the server closed a kept-alive connection: {results['retried_after_server_closed']}"
    )
    seconds = results["seconds"] or 1
    print(
        f"CPU over {results['seconds']:.0f} s: load generator {results['client_cpu_s']:.1f} s "
        f"({100 * results['client_cpu_s'] / seconds:.0f} % of one core), gunicorn {results['server_cpu_s']:.1f} s "
        f"({100 * results['server_cpu_s'] / seconds:.0f} % of one core); load average "
        f"{results['load_average']['before']:.1f} → {results['load_average']['after']:.1f}"
    )
    if results["requests_per_server_cpu_s"]:
        print(f"requests per gunicorn CPU-second: {results['requests_per_server_cpu_s']:.1f}")


if __name__ == "__main__":
    sys.exit(main())
