"""Markdown tables of benchmark results, for bench/README.md: python -m bench.summary bench/results/*.json"""

import json
import sys
from pathlib import Path

NAMES = {
    "floor": "floor: `/healthz/` (SELECT 1)",
    "home": "home page",
    "search": "postcode search, 2 filters (the same search again: kept for the minute)",
    "search_distinct": "postcode search, 2 filters, a different postcode each time",
    "place": "place page",
    "map_feed": "map feed, whole (cached)",
    "map_feed_area": "map feed for the results map (`?bbox=`)",
    "api_services": "`/api/oruk/services?per_page=50` (the same page again: kept for the minute)",
    "api_services_distinct": "`/api/oruk/services?per_page=50&page=…`, a different page each time",
    "api_service_at_locations": "`/service_at_locations?postcode=`",
}


def table(results: dict) -> str:
    lines = [
        f"**{results['scale']:,} services, {results['database']}**, {results['machine']['cpus']} cores, "
        f"{results['settings']['workers']} gunicorn workers, {results['settings']['load_tool']} with "
        f"{results['settings']['concurrency']} connections, {results['date'][:16].replace('T', ' ')} UTC",
        "",
        "| | median ms (× floor) | p95 ms (× floor) | req/s (× floor) | bytes | SQL queries |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, row in results["urls"].items():
        encoding = f" {row['content_encoding']}" if row["content_encoding"] else ""
        lines.append(
            f"| {NAMES.get(name, name)} | {row['median_ms']:.1f} ({row['median_x_floor']:.1f}×) "
            f"| {row['p95_ms']:.1f} ({row['p95_x_floor']:.1f}×) | {row['rps']:.1f} ({row['rps_x_floor']:.3f}) "
            f"| {row['bytes']:,}{encoding} | {row['queries']} |"
        )
    gaps, feed, cold = results["gap_analysis"], results["feed_build"], results["search_cold_load"]
    lines += [
        "",
        f"- Gap analysis, one borough: {gaps['uncached_s']:.2f} s uncached, {gaps['cached_s'] * 1000:.1f} ms cached.",
        f"- Map feed rebuilt after a publish: {feed['seconds']:.2f} s for {feed['features']:,} places.",
        f"- Search page, cold: {cold['bytes'] / 1024:.1f} KB compressed (HTML, CSS, JS, icon), "
        f"plus the map feed it fetches: {results['urls'].get('map_feed_area', results['urls']['map_feed'])['bytes'] / 1024:,.1f} KB.",
    ]
    if results.get("csv_import"):
        imported = results["csv_import"]
        lines.append(
            f"- CSV import, {imported['rows']:,} services: check {imported['check_s']:.1f} s, "
            f"import {imported['import_s']:.1f} s."
        )
    if results["setup"].get("generate_s"):
        lines.append(f"- Generating the synthetic rows took {results['setup']['generate_s']:.0f} s.")
    return "\n".join(lines)


def main(paths: list[str]):
    for path in paths:
        print(table(json.loads(Path(path).read_text())))
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
