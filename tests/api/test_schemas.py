"""Every endpoint's responses against the vendored Open Referral UK profile (tests/api/schemas)."""

import pytest

from tests.api.conftest import get_json
from tests.api.schema import assert_only_declared, check_response, errors, undeclared

pytestmark = pytest.mark.django_db


def ids_of(client, path, **params) -> list[str]:
    return [item["id"] for item in get_json(client, path, {"per_page": 100, **params})["contents"]]


def test_the_vendored_schemas_are_not_vacuous():
    """A broken service fails: wrong types, bad UUIDs and formats, a removed object (metadata), bad enums."""
    broken = {
        "id": "12",
        "name": "A service",
        "status": "open",
        "url": "not a url",
        "email": "nobody",
        "last_modified": "yesterday",
        "minimum_age": "18",
        "metadata": [{"id": "c4a1bd0e-58b4-4c0a-9d0e-4d7b2c0b6f10"}],
        "schedules": [{"id": "c4a1bd0e-58b4-4c0a-9d0e-4d7b2c0b6f11", "freq": "DAILY"}],
        "service_at_locations": [
            {"id": "c4a1bd0e-58b4-4c0a-9d0e-4d7b2c0b6f12", "location": {"id": "c4a1bd0e-58b4-4c0a-9d0e-4d7b2c0b6f13"}}
        ],
    }
    found = "\n".join(errors("/services/{id}", broken))
    for problem in (
        "'12' is not a 'uuid'",
        "'open' is not one of",
        "'not a url' is not a 'uri'",
        "'nobody' is not a 'email'",
        "'yesterday' is not a 'date-time'",
        "'18' is not of type 'number'",
        "False schema does not allow",
        "'DAILY' is not one of",
        "'location_type' is a required property",
    ):
        assert problem in found
    assert undeclared({"id": "x", "name": "n", "status": "active", "annual_cost": 1}, "service.json") == [
        "annual_cost (not in service.json)"
    ]
    # A language's name is allowed (HSDS 3.0), but must be text.
    assert undeclared({"id": "x", "languages": [{"id": "y", "name": 3}]}, "service.json") == [
        "languages[0].name: 3 is not of type 'string'"
    ]


def test_root(client, directory):
    check_response("/", get_json(client, "/"))


def test_every_service_in_the_list_and_in_full(client, directory):
    body = get_json(client, "/services", {"per_page": 100})
    check_response("/services", body)
    assert body["total_items"] == 4
    for service_id in ids_of(client, "/services"):
        check_response("/services/{id}", get_json(client, f"/services/{service_id}"))


def test_every_service_at_location_list(client, directory):
    for params in ({}, {"postcode": "SW18 2PU"}, {"postcode": "SW18 2PU", "proximity": "2000"}, {"day": "TH"}):
        body = get_json(client, "/service_at_locations", {"per_page": 100, **params})
        check_response("/service_at_locations", body)
        assert body["contents"], params


def test_every_taxonomy_and_term(client, directory):
    check_response("/taxonomies", get_json(client, "/taxonomies"))
    for taxonomy_id in ids_of(client, "/taxonomies"):
        taxonomy = get_json(client, f"/taxonomies/{taxonomy_id}")
        check_response("/taxonomies/{id}", taxonomy)
        assert taxonomy["taxonomy_terms"]
    terms = get_json(client, "/taxonomy_terms", {"per_page": 100})
    check_response("/taxonomy_terms", terms)
    for term_id in ids_of(client, "/taxonomy_terms"):
        check_response("/taxonomy_terms/{id}", get_json(client, f"/taxonomy_terms/{term_id}"))


def test_empty_and_past_the_end_pages_are_valid_too(client, directory):
    for path in ("/services", "/service_at_locations", "/taxonomies", "/taxonomy_terms"):
        body = get_json(client, path, {"page": 99})
        check_response(path, body)
        assert body["contents"] == []


def test_the_full_service_uses_every_nested_object_we_publish(client, directory):
    """The drop-in has a bit of everything, so this checks each nested object's properties against the profile."""
    service_id = next(
        item["id"] for item in get_json(client, "/services")["contents"] if item["name"] == "Thursday drop-in"
    )
    body = get_json(client, f"/services/{service_id}")
    assert_only_declared(body, "service.json")
    for key in ("organization", "service_at_locations", "schedules", "languages", "cost_options", "contacts"):
        assert body[key], key
    location = body["service_at_locations"][1]["location"]
    assert location["addresses"] and location["accessibility"] and location["attributes"]
    assert body["organization"]["organization_identifiers"]
    assert body["attributes"] and body["phones"]
