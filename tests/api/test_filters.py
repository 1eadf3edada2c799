"""Filters on /services and /service_at_locations: each as the profile describes it, and all combined with AND."""

import datetime as dt

import pytest
from django.utils import timezone

from provision.api.ids import make_id
from provision.api.taxonomies import AUDIENCES, FACILITIES, SERVICE_TYPES
from provision.models import Audience, ServiceType
from tests.api.conftest import ORIGIN, get_json

pytestmark = pytest.mark.django_db

ALL = ["Beginners' computer course", "Free Wi-Fi at the library", "Tech helpline", "Thursday drop-in"]


def service_names(client, **params) -> list[str]:
    return [item["name"] for item in get_json(client, "/services", {"per_page": 100, **params})["contents"]]


def links(client, **params) -> list[tuple[str, str]]:
    body = get_json(client, "/service_at_locations", {"per_page": 100, **params})
    return [(item["service"]["name"], item["location"]["name"]) for item in body["contents"]]


def type_id(slug: str) -> str:
    return make_id("provision.servicetype", ServiceType.objects.get(slug=slug).pk)


def audience_id(slug: str) -> str:
    return make_id("provision.audience", Audience.objects.get(slug=slug).pk)


def facility_id(value: str) -> str:
    return make_id("locations.facility", value)


def test_no_filters_lists_every_published_service(client, directory):
    assert service_names(client) == ALL


@pytest.mark.parametrize("param", ["search", "text"])
def test_search_matches_every_word_in_the_service_or_its_organisation(client, directory, param):
    assert service_names(client, **{param: "drop-in"}) == ["Thursday drop-in"]
    assert service_names(client, **{param: "helping hands"}) == [
        "Beginners' computer course",
        "Tech helpline",
        "Thursday drop-in",
    ]
    assert service_names(client, **{param: "HELPING helpline"}) == ["Tech helpline"]
    assert service_names(client, **{param: "100%_ off"}) == []


def test_taxonomy_terms(client, directory):
    assert service_names(client, taxonomy_term_id=type_id("one-to-one-help")) == ["Tech helpline", "Thursday drop-in"]
    assert service_names(client, taxonomy_term_id=audience_id("older-people")) == ["Thursday drop-in"]
    # Several terms must all match.
    both = f"{type_id('one-to-one-help')},{type_id('online-safety')}"
    assert service_names(client, taxonomy_term_id=both) == ["Thursday drop-in"]
    # A facility term finds services at a published place with that facility.
    assert service_names(client, taxonomy_term_id=facility_id("hearing_loop")) == [
        "Free Wi-Fi at the library",
        "Thursday drop-in",
    ]
    assert service_names(client, taxonomy_term_id=make_id("provision.servicetype", 999_999)) == []


def test_taxonomies(client, directory):
    assert service_names(client, taxonomy_id=SERVICE_TYPES.id) == ALL
    assert service_names(client, taxonomy_id=AUDIENCES.id) == ["Beginners' computer course", "Thursday drop-in"]
    assert service_names(client, taxonomy_id=FACILITIES.id) == [
        "Beginners' computer course",
        "Free Wi-Fi at the library",
        "Thursday drop-in",
    ]
    assert service_names(client, taxonomy_id=make_id("taxonomy", "nothing")) == []


def test_organisation(client, directory):
    council_id = make_id("provision.organisation", directory["council"].pk)

    assert service_names(client, organization_id=council_id) == ["Free Wi-Fi at the library"]


def test_ages_as_the_profile_words_them(client, directory):
    # "A minimum age of at least the value": the drop-in is for 18 and over, the course 16 to 25.
    assert service_names(client, minimum_age=17) == ["Thursday drop-in"]
    assert service_names(client, minimum_age=0) == ALL
    # "A maximum age equal to or below the value": the helpline's maximum is 120, the others have none.
    assert service_names(client, maximum_age=30) == ["Beginners' computer course"]
    assert service_names(client, maximum_age="120.0") == ["Beginners' computer course", "Tech helpline"]
    # Ages are whole years: 17.5 rounds up for a minimum and down for a maximum.
    assert service_names(client, minimum_age="17.5") == ["Thursday drop-in"]
    assert service_names(client, maximum_age="25.9") == ["Beginners' computer course"]
    # Out of any column's range, and still an answer.
    assert service_names(client, minimum_age="1e300") == []
    assert service_names(client, maximum_age="1e300") == ["Beginners' computer course", "Tech helpline"]
    assert service_names(client, maximum_age="-1e300") == []


def test_modified_after(client, directory):
    past = (timezone.now() - dt.timedelta(days=1)).isoformat()
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()

    assert service_names(client, modified_after=past) == ALL
    assert service_names(client, modified_after=future) == []
    assert service_names(client, modified_after="2000-01-01") == ALL
    # A change to the organisation is a change to its services.
    cutoff = timezone.now().isoformat()
    directory["council"].save()
    assert service_names(client, modified_after=cutoff) == ["Free Wi-Fi at the library"]


def test_day_and_times_find_sessions_and_opening_hours(client, directory):
    assert service_names(client, day="TH") == ["Thursday drop-in"]
    assert service_names(client, day="thursday") == ["Thursday drop-in"]
    assert service_names(client, day="FR") == ["Beginners' computer course"]
    assert service_names(client, day="MO") == ["Thursday drop-in"]
    # The library's Tuesday hours stand for the Wi-Fi, which has no sessions of its own.
    assert service_names(client, day="TU") == ["Free Wi-Fi at the library"]
    # Saturday: the library's hours (10 to 1) and the drop-in's one dated session (2 to 4).
    assert service_names(client, day="SA") == ["Free Wi-Fi at the library", "Thursday drop-in"]
    assert service_names(client, day="SA", start_time="13:00") == ["Thursday drop-in"]
    assert service_names(client, day="SA", end_time="13:00") == ["Free Wi-Fi at the library"]
    assert service_names(client, end_time="12:00") == ["Thursday drop-in"]
    assert service_names(client, start_time="18:00") == ["Beginners' computer course"]
    assert service_names(client, day="SU") == []


def test_filters_combine_with_and(client, directory):
    one_to_one = type_id("one-to-one-help")

    assert service_names(client, taxonomy_term_id=one_to_one) == ["Tech helpline", "Thursday drop-in"]
    assert service_names(client, taxonomy_term_id=one_to_one, search="helpline") == ["Tech helpline"]
    assert service_names(client, taxonomy_term_id=one_to_one, day="TH") == ["Thursday drop-in"]
    assert service_names(client, taxonomy_term_id=one_to_one, day="TH", minimum_age=21) == []
    assert service_names(client, search="library", day="TH") == []


@pytest.mark.parametrize(
    "params",
    [
        {"taxonomy_term_id": "free-wifi"},
        {"taxonomy_term_id": ",".join(["00000000-0000-0000-0000-000000000000"] * 11)},
        {"taxonomy_id": "types"},
        {"organization_id": "12"},
        {"minimum_age": "adult"},
        {"maximum_age": "nan"},
        {"maximum_age": "inf"},
        {"modified_after": "yesterday"},
        {"modified_after": "2025-13-01"},
        {"modified_after": "2025-01-01T00:00:00+99:00"},
        {"modified_after": "0001-01-01T00:00:00+01:00"},
        {"day": "TUES"},
        {"start_time": "10am"},
        {"end_time": "25:00"},
        {"search": "x" * 201},
        {"search": "nul\x00byte"},
    ],
)
def test_unreadable_filters_are_a_400(client, db, params):
    for path in ("/services", "/service_at_locations"):
        body = get_json(client, path, params, status=400)
        assert body["status"] == 400 and body["detail"]


def test_service_at_locations_filter_per_place(client, directory):
    assert links(client) == [
        ("Beginners' computer course", "Far Family Hub"),
        ("Free Wi-Fi at the library", "Near Library"),
        ("Thursday drop-in", "Middle Community Centre"),
        ("Thursday drop-in", "Near Library"),
    ]
    # The drop-in runs on Thursdays at the centre only; the library's hours are the Wi-Fi's, not the drop-in's.
    assert links(client, day="TH") == [("Thursday drop-in", "Middle Community Centre")]
    assert links(client, day="TU") == [("Free Wi-Fi at the library", "Near Library")]
    # The centre has no public computers; the library and the family hub do.
    assert links(client, taxonomy_term_id=facility_id("computers")) == [
        ("Beginners' computer course", "Far Family Hub"),
        ("Free Wi-Fi at the library", "Near Library"),
        ("Thursday drop-in", "Near Library"),
    ]
    assert links(client, search="drop-in", taxonomy_term_id=facility_id("computers")) == [
        ("Thursday drop-in", "Near Library")
    ]


def test_postcode_orders_by_distance_and_proximity_limits_it(client, directory):
    everything = links(client, postcode="SW18 2PU")
    assert [place for _, place in everything] == [
        "Near Library",
        "Near Library",
        "Middle Community Centre",
        "Far Family Hub",
    ]
    # 300 m, 1,500 m and 6,000 m away; the unpublished place at 200 m is never listed.
    assert [place for _, place in links(client, postcode="sw182pu", proximity="1000")] == ["Near Library"] * 2
    assert [place for _, place in links(client, postcode="SW18 2PU", proximity=2000)] == [
        "Near Library",
        "Near Library",
        "Middle Community Centre",
    ]
    assert links(client, postcode="SW18 2PU", proximity="250") == []
    second_page = get_json(client, "/service_at_locations", {"postcode": "SW18 2PU", "per_page": 2, "page": 2})
    assert second_page["total_items"] == 4 and second_page["total_pages"] == 2
    assert [item["location"]["name"] for item in second_page["contents"]] == [
        "Middle Community Centre",
        "Far Family Hub",
    ]
    # With the other filters, AND again.
    assert links(client, postcode="SW18 2PU", proximity="2000", day="TH") == [
        ("Thursday drop-in", "Middle Community Centre")
    ]


def test_locations_carry_their_point(client, directory):
    item = get_json(client, "/service_at_locations", {"postcode": "SW18 2PU", "per_page": 1})["contents"][0]

    assert item["location"]["latitude"] == pytest.approx(ORIGIN[0] + 0.0027, abs=1e-4)
    assert item["location"]["longitude"] == pytest.approx(ORIGIN[1])


def test_unusable_postcode_or_proximity_is_a_400(client, directory):
    for params in (
        {"proximity": "1000"},
        {"postcode": "ZZ9 9ZZ"},
        {"postcode": "SW18 2PU", "proximity": "0"},
        {"postcode": "SW18 2PU", "proximity": "-5"},
        {"postcode": "SW18 2PU", "proximity": "a mile"},
        {"postcode": "SW18 2PU", "proximity": "1e9"},
    ):
        assert get_json(client, "/service_at_locations", params, status=400)["detail"]


def test_taxonomy_terms_of_one_taxonomy(client, directory):
    body = get_json(client, "/taxonomy_terms", {"taxonomy_id": AUDIENCES.id, "per_page": 100})

    assert {item["taxonomy_id"] for item in body["contents"]} == {AUDIENCES.id}
    assert body["total_items"] == Audience.objects.count()
