"""Open data pages kept for the minute (provision/page_cache.py): a consumer polling a page is answered from the
copy, a publish shows at once, and every request still counts towards the rate limit."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from provision.factories import ServiceFactory
from tests.api.conftest import API, place_north

pytestmark = pytest.mark.django_db


def services_page(client) -> tuple[list[str], list[str]]:
    """The names on the first page of services, and the SQL it took (the rate limit's counter aside)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(API + "/services", {"per_page": 50})
    assert response.status_code == 200
    names = [service["name"] for service in json.loads(response.content)["contents"]]
    return names, [query["sql"] for query in captured if "ratelimitcounter" not in query["sql"].lower()]


def test_a_page_asked_for_again_within_the_minute_is_the_kept_copy(client, directory):
    first, first_queries = services_page(client)
    again, again_queries = services_page(client)

    assert again == first and "Free Wi-Fi at the library" in again
    assert not any("provision_service" in sql for sql in again_queries)
    assert any("provision_service" in sql for sql in first_queries)


def test_a_publish_shows_in_the_api_at_once(client, directory):
    before, _ = services_page(client)
    ServiceFactory(name="Brand new help", locations=[place_north(100, name="New hall")])
    after, _ = services_page(client)

    assert "Brand new help" not in before
    assert "Brand new help" in after


def test_kept_answers_still_count_towards_the_rate_limit(client, directory, settings):
    settings.ORUK_API_RATE_LIMIT = 2

    statuses = [client.get(API + "/services").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_pages_are_sent_compressed_to_clients_that_accept_it(client, directory):
    import gzip

    response = client.get(API + "/services", HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert response["Access-Control-Allow-Origin"] == "*"
    names = [service["name"] for service in json.loads(gzip.decompress(response.content))["contents"]]
    assert "Free Wi-Fi at the library" in names
