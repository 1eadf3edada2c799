"""The API's contract: the root, the OpenAPI document, paging, 404s, CORS, throttling and stable ids."""

import json
import math
import uuid

import pytest
from django.urls import resolve

from provision.api import params as api_params
from provision.api.ids import make_id
from provision.api.views import not_found
from provision.models import Service
from tests.api.conftest import API, get_json

pytestmark = pytest.mark.django_db

LISTS = ("/services", "/service_at_locations", "/taxonomies", "/taxonomy_terms")
PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def names(body) -> list[str]:
    return [item["name"] for item in body["contents"]]


def test_root_says_which_version_and_where_the_openapi_document_is(client, directory):
    body = get_json(client, "/")

    assert body["version"] == "HSDS-UK-3.0"
    assert body["profile"].startswith("https://openreferraluk.org/")
    assert body["openapi_url"] == "http://testserver/api/oruk/openapi.json"


def test_openapi_document_describes_exactly_the_endpoints_we_serve(client, directory):
    document = get_json(client, "/openapi.json")

    assert document["servers"] == [{"url": "http://testserver/api/oruk"}]
    assert set(document["paths"]) == {
        "/",
        "/services",
        "/services/{id}",
        "/service_at_locations",
        "/taxonomies",
        "/taxonomies/{id}",
        "/taxonomy_terms",
        "/taxonomy_terms/{id}",
    }
    operation_ids = [operation["get"]["operationId"] for operation in document["paths"].values()]
    assert len(set(operation_ids)) == len(operation_ids)
    for path, operation in document["paths"].items():
        url = API + path.replace("{id}", str(uuid.uuid4()))
        assert resolve(url).func is not not_found, path
        for parameter in operation["get"].get("parameters", []):
            name = parameter["$ref"].rsplit("/", 1)[-1]
            assert document["components"]["parameters"][name]["name"] == name
    services = document["paths"]["/services"]["get"]
    advertised = {ref["$ref"].rsplit("/", 1)[-1] for ref in services["parameters"]}
    assert {"search", "page", "per_page", "taxonomy_term_id", "modified_after", "day"} <= advertised
    assert "postcode" in {
        ref["$ref"].rsplit("/", 1)[-1] for ref in document["paths"]["/service_at_locations"]["get"]["parameters"]
    }
    assert "CC BY-SA 4.0" in document["info"]["description"]


def test_paging_walks_through_every_service_once(client, directory):
    pages = [get_json(client, "/services", {"per_page": 3, "page": number}) for number in (1, 2, 3)]

    assert [page["total_items"] for page in pages] == [4, 4, 4]
    assert [page["total_pages"] for page in pages] == [2, 2, 2]
    assert [page["page_number"] for page in pages] == [1, 2, 3]
    assert [page["size"] for page in pages] == [3, 1, 0]
    assert [page["first_page"] for page in pages] == [True, False, False]
    assert [page["last_page"] for page in pages] == [False, True, True]
    assert [page["empty"] for page in pages] == [False, False, False]
    listed = names(pages[0]) + names(pages[1])
    assert listed == sorted(listed)
    assert set(listed) == {
        "Beginners' computer course",
        "Free Wi-Fi at the library",
        "Thursday drop-in",
        "Tech helpline",
    }
    assert all(set(page) == PAGE_KEYS for page in pages)


def test_an_empty_result_says_so(client, directory):
    body = get_json(client, "/services", {"search": "no such thing anywhere"})

    assert body == {
        "total_items": 0,
        "total_pages": 0,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


def test_per_page_is_capped(client, directory, monkeypatch):
    monkeypatch.setattr(api_params, "MAX_PER_PAGE", 2)

    for path in LISTS:
        body = get_json(client, path, {"per_page": 1000})
        assert body["size"] == 2, path
        assert body["total_pages"] == math.ceil(body["total_items"] / 2), path


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},
        {"page": "-1"},
        {"page": "two"},
        {"page": "1.5"},
        {"per_page": "0"},
        {"per_page": "-5"},
        {"per_page": "lots"},
        {"page": "9" * 5000},
    ],
)
def test_unreadable_paging_is_a_400_with_a_json_problem(client, db, path, params):
    response = client.get(API + path, params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    problem = json.loads(response.content)
    assert problem["status"] == 400 and problem["title"] == "Bad Request" and problem["detail"]


def test_absurd_but_readable_paging_is_answered(client, directory):
    for path in LISTS:
        far_page = get_json(client, path, {"page": str(10**30)})
        huge_pages = get_json(client, path, {"per_page": str(10**30)})
        assert far_page["contents"] == [] and far_page["last_page"] and not far_page["first_page"], path
        assert huge_pages["size"] == huge_pages["total_items"], path


@pytest.mark.parametrize(
    "path",
    [
        f"/services/{uuid.UUID(int=0)}",
        "/services/12",
        "/services/not-a-uuid",
        "/services/%00",
        f"/taxonomies/{uuid.UUID(int=1)}",
        "/taxonomies/types",
        f"/taxonomy_terms/{uuid.UUID(int=2)}",
        "/taxonomy_terms/free-wifi",
        "/organizations",
        "/service_at_locations/whatever/else",
        "/nothing-here",
    ],
)
def test_unknown_ids_and_paths_are_a_json_404(client, db, path):
    response = client.get(API + path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert json.loads(response.content)["status"] == 404


def test_unpublished_services_are_not_found_by_id(client, directory):
    for service in Service.objects.exclude(pk__in=Service.objects.published()):
        response = client.get(f"{API}/services/{make_id('provision.service', service.pk)}")
        assert response.status_code == 404, service.name


def test_ids_are_uuids_accepted_in_any_case_and_stable(client, directory, settings):
    listed = get_json(client, "/services")["contents"]
    service = directory["drop_in"]
    expected = make_id("provision.service", service.pk)

    assert expected in [item["id"] for item in listed]
    assert str(uuid.UUID(expected)) == expected
    assert get_json(client, f"/services/{expected.upper()}")["name"] == "Thursday drop-in"
    assert get_json(client, f"/services/{expected}/")["id"] == expected
    # Another council running the platform publishes different identifiers for the same keys.
    settings.COUNCIL_NAME = "Another Borough Council"
    assert make_id("provision.service", service.pk) != expected
    settings.ORUK_ID_NAMESPACE = "6f2f4f4e-0d6b-4b8e-9a53-3c1b1f0e4a10"
    fixed = make_id("provision.service", service.pk)
    assert fixed == str(
        uuid.uuid5(uuid.UUID("6f2f4f4e-0d6b-4b8e-9a53-3c1b1f0e4a10"), f"provision.service:{service.pk}")
    )
    assert get_json(client, f"/services/{fixed}")["id"] == fixed


def test_every_response_is_open_to_any_origin(client, directory):
    service_id = get_json(client, "/services")["contents"][0]["id"]
    for path in ("/", "/openapi.json", *LISTS, f"/services/{service_id}"):
        response = client.get(API + path, HTTP_ORIGIN="https://example.net")
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Set-Cookie" not in response


def test_preflight_is_answered_for_any_origin(client, directory):
    response = client.options(
        API + "/services",
        HTTP_ORIGIN="https://example.net",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept, x-requested-with",
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert response["Access-Control-Allow-Headers"] == "accept, x-requested-with"


def test_the_api_is_read_only(client, directory):
    for method in (client.post, client.put, client.delete, client.patch):
        response = method(API + "/services", data={})
        assert response.status_code == 405
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "GET" in response["Allow"]


def test_throttled_per_address_with_retry_after(client, directory, settings):
    settings.ORUK_API_RATE_LIMIT = 3
    settings.ORUK_API_RATE_WINDOW = 60

    statuses = [client.get(API + "/services").status_code for _ in range(3)]
    limited = client.get(API + "/taxonomies")
    elsewhere = client.get(API + "/services", REMOTE_ADDR="192.0.2.44")

    assert statuses == [200, 200, 200]
    assert limited.status_code == 429
    assert limited["Access-Control-Allow-Origin"] == "*"
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert json.loads(limited.content)["status"] == 429
    assert elsewhere.status_code == 200
