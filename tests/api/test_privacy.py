"""Only published records and public fields: internal provision-mapping data, lead contacts, funding and
drafts never reach the API."""

import json

import pytest

from provision.api.ids import make_id
from provision.models import Service
from tests.api.conftest import API, MARKER, MARKER_COST, get_json

pytestmark = pytest.mark.django_db

INTERNAL_KEYS = {
    *Service.INTERNAL_FIELDS,
    "funding",
    "funding_sources",
    "funder",
    "funder_name",
    "programme",
    "annual_amount",
    "assurer_email",
    "internal_notes",
}


def everything(client) -> list[str]:
    """The raw text of every response the API gives about the directory."""
    texts = []

    def fetch(path, params=None):
        response = client.get(API + path, params or {})
        texts.append(response.content.decode())
        return json.loads(response.content)

    fetch("/")
    fetch("/openapi.json")
    for path in ("/services", "/service_at_locations", "/taxonomies", "/taxonomy_terms"):
        fetch(path, {"per_page": 100})
    fetch("/service_at_locations", {"per_page": 100, "postcode": "SW18 2PU"})
    for service in Service.objects.all():
        fetch(f"/services/{make_id('provision.service', service.pk)}")
    for item in fetch("/taxonomies")["contents"]:
        fetch(f"/taxonomies/{item['id']}")
    for item in fetch("/taxonomy_terms", {"per_page": 100})["contents"]:
        fetch(f"/taxonomy_terms/{item['id']}")
    return texts


def keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for child in value.values() for key in keys(child)}
    if isinstance(value, list):
        return {key for child in value for key in keys(child)}
    return set()


def test_internal_fields_unpublished_records_and_funding_never_appear(client, directory):
    texts = everything(client)
    text = "\n".join(texts)

    assert "Thursday drop-in" in text and "Sam Public" in text  # the public contact is there ...
    assert MARKER not in text  # ... but no lead contact, notes, commissioner, funder or draft
    assert str(MARKER_COST) not in text and "987654" not in text
    assert "020 7946 0999" not in text  # the lead contact's phone
    found_keys = set().union(*(keys(json.loads(body)) for body in texts))
    assert not found_keys & INTERNAL_KEYS


def test_a_draft_change_to_a_live_service_stays_out_until_it_is_published(client, directory):
    service = directory["drop_in"]
    service_id = make_id("provision.service", service.pk)
    service.name = f"Renamed {MARKER}"
    service.description = f"Draft description {MARKER}"
    service.email = f"draft-{MARKER}@example.org"
    service.types.set([])
    service.minimum_age = 99
    revision = service.save_revision()

    text = "\n".join(everything(client))
    detail = get_json(client, f"/services/{service_id}")

    assert MARKER not in text
    assert detail["name"] == "Thursday drop-in"
    assert detail["minimum_age"] == 18
    assert len([item for item in detail["attributes"] if item["link_type"] == "type_of_help"]) == 2

    revision.publish()
    assert get_json(client, f"/services/{service_id}")["name"] == f"Renamed {MARKER}"


def test_a_draft_change_to_a_live_place_stays_out(client, directory):
    library = directory["library"]
    library.name = f"Renamed {MARKER}"
    library.address_line_1 = f"Draft street {MARKER}"
    library.has_free_wifi = False
    library.save_revision()

    text = "\n".join(everything(client))

    assert MARKER not in text
    assert "Near Library" in text


def test_a_place_taken_down_takes_its_services_there_with_it(client, directory):
    directory["library"].unpublish()

    places = {item["location"]["name"] for item in get_json(client, "/service_at_locations")["contents"]}
    wifi = get_json(client, f"/services/{make_id('provision.service', directory['wifi'].pk)}")

    assert "Near Library" not in places
    assert wifi["service_at_locations"] == [] and wifi["schedules"] == []
