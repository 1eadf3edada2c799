"""Measurements made inside Django rather than over HTTP: SQL queries per request, gap analysis, CSV import."""

import csv
import io
import time

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext


def queries_per_request(paths: dict[str, str]) -> dict[str, dict]:
    """Queries for each URL on a warm request (the second: caches filled as they would be in production). For a
    list of URLs, the second URL after the first: the site's caches warm, the page itself new."""
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    found = {}
    for name, path in paths.items():
        first, second = (path, path) if isinstance(path, str) else path[:2]
        client.get(first)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(second)
        found[name] = {"status": response.status_code, "queries": len(captured.captured_queries)}
    return found


def gap_analysis(local_authority_code: str) -> dict:
    from django.core.cache import cache

    from provision.insight import gaps

    started = time.perf_counter()
    wards = gaps._compute_ward_coverage(
        local_authority_code, gaps.DEFAULT_WALKING_KM, gaps.DEFAULT_COVERAGE_THRESHOLD, None
    )
    uncached = time.perf_counter() - started
    cache.clear()
    gaps.ward_coverage(local_authority_code)  # fills the cache
    started = time.perf_counter()
    gaps.ward_coverage(local_authority_code)
    cached = time.perf_counter() - started
    return {"wards": len(wards), "uncached_s": uncached, "cached_s": cached}


def feed_build() -> dict:
    from provision.geojson import build_places_feed

    started = time.perf_counter()
    feed = build_places_feed()
    return {"seconds": time.perf_counter() - started, "features": len(feed["features"])}


def services_csv(rows: int) -> str:
    """A services CSV of `rows` new services at existing places, in the documented columns."""
    from locations.models import Location
    from provision.models import Organisation, ServiceType

    organisations = list(Organisation.objects.order_by("pk").values_list("name", flat=True)[:50])
    places = list(Location.objects.published().order_by("pk").values_list("slug", flat=True)[:500])
    types = list(ServiceType.objects.values_list("slug", flat=True))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "organisation", "summary", "description", "types", "cost", "how_to_access", "locations"])
    for index in range(rows):
        writer.writerow(
            [
                f"Imported drop-in {index}",
                organisations[index % len(organisations)],
                "Help to get online.",
                "Imported for the benchmark: bring your device and your questions.",
                f"{types[index % len(types)]}; {types[(index + 3) % len(types)]}",
                "Free",
                "Drop in",
                places[index % len(places)],
            ]
        )
    return out.getvalue()


def csv_import(rows: int) -> dict:
    """Check (dry run) and import `rows` services as the admin's import does; the import is rolled back after."""
    from django.contrib.auth import get_user_model

    from provision.csv_import import run_import
    from provision.resources import ServiceResource

    user = get_user_model().objects.filter(is_superuser=True).first()
    text = services_csv(rows)
    started = time.perf_counter()
    checked = run_import(ServiceResource, text, user=user, dry_run=True)
    check_seconds = time.perf_counter() - started
    with transaction.atomic():
        started = time.perf_counter()
        imported = run_import(ServiceResource, text, user=user, dry_run=False)
        import_seconds = time.perf_counter() - started
        transaction.set_rollback(True)  # keep the benchmark database as generated
    return {
        "rows": rows,
        "check_s": check_seconds,
        "import_s": import_seconds,
        "check_errors": bool(checked.has_errors or checked.file_problems),
        "committed": imported.committed,
    }
