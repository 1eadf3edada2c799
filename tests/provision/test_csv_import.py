"""CSV import and export of organisations, places and services, as the inclusion lead would use them."""

import csv
import io

import pytest
from django.conf import settings
from wagtail.log_actions import registry as log_registry

from locations.models import Location
from locations.resources import LocationResource
from provision.csv_import import export_csv, run_import
from provision.factories import OrganisationFactory, ServiceFactory
from provision.models import Organisation, Service, ServiceLocation
from provision.resources import OrganisationResource, ServiceInternalResource, ServiceResource

pytestmark = pytest.mark.django_db

SERVICE_HEADINGS = [
    "name",
    "organisation",
    "summary",
    "description",
    "status",
    "types",
    "audiences",
    "languages",
    "cost",
    "cost_description",
    "how_to_access",
    "booking_url",
    "booking_phone",
    "locations",
    "email",
    "phone",
    "website",
    "last_reviewed",
]


def make_csv(headings, *rows) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=headings)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue()


def service_row(**values) -> dict:
    row = {
        "name": "Computer club",
        "organisation": "Age UK Wandsworth",
        "summary": "Help with computers for people over 60.",
        "description": "Bring your questions about phones, tablets and laptops.",
        "status": "Active",
        "types": "one-to-one-help; Online safety",
        "audiences": "Older people",
        "languages": "en; Polish",
        "cost": "Free",
        "how_to_access": "Drop in",
        "locations": "Battersea Library",
        "last_reviewed": "31/03/2025",
    }
    return row | values


def services_csv(*rows) -> str:
    return make_csv(SERVICE_HEADINGS, *rows)


def test_a_good_services_file_imports_everything(lead, organisations, libraries):
    text = services_csv(
        service_row(),
        service_row(
            name="Free Wi-Fi and computers",
            organisation="wandsworth libraries",  # any case will do
            types="free-wifi; public-computers",
            audiences="",
            languages="",
            locations="Battersea Library; tooting-library",
        ),
    )

    report = run_import(ServiceResource, text, user=lead, dry_run=False)

    assert report.committed
    assert (report.new, report.updated, report.unchanged, report.error_rows) == (2, 0, 0, [])
    club = Service.objects.get(name="Computer club")
    assert club.organisation == organisations["age_uk"]
    assert sorted(club.types.values_list("slug", flat=True)) == ["one-to-one-help", "online-safety"]
    assert list(club.audiences.values_list("name", flat=True)) == ["Older people"]
    assert sorted(club.languages.values_list("code", flat=True)) == ["en", "pl"]
    assert club.places == [libraries["battersea"]]
    assert str(club.last_reviewed) == "2025-03-31"
    wifi = Service.objects.get(name="Free Wi-Fi and computers")
    assert wifi.places == [libraries["battersea"], libraries["tooting"]]
    assert wifi.organisation == organisations["libraries"]


def test_imported_services_are_published_with_a_revision_by_the_importer(lead, organisations, libraries):
    run_import(ServiceResource, services_csv(service_row()), user=lead, dry_run=False)

    service = Service.objects.get(name="Computer club")
    assert service.live and not service.has_unpublished_changes
    assert service.slug == "computer-club"
    assert service.live_revision == service.latest_revision
    assert service.latest_revision.user == lead
    assert service.latest_revision.as_object().places == [libraries["battersea"]]
    assert Service.objects.published().filter(pk=service.pk).exists()
    history = log_registry.get_logs_for_instance(service).order_by("action")
    assert [(entry.action, entry.user) for entry in history] == [("wagtail.create", lead), ("wagtail.publish", lead)]


def test_the_dry_run_writes_nothing(lead, organisations, libraries):
    report = run_import(ServiceResource, services_csv(service_row()), user=lead, dry_run=True)

    assert report.new == 1 and not report.has_errors and not report.committed
    assert not Service.objects.exists()
    assert not ServiceLocation.objects.exists()


def test_one_bad_row_means_nothing_is_written_and_the_report_names_it(lead, organisations, libraries):
    text = services_csv(
        service_row(),
        service_row(name="Coding club", organisation="Nobody Ltd"),
        service_row(name="Phone help", types="one-to-one-help; teleportation"),
    )

    report = run_import(ServiceResource, text, user=lead, dry_run=False)

    assert not report.committed
    assert not Service.objects.exists()
    assert report.messages() == [
        "Row 3: organisation: 'Nobody Ltd' is not on the list of organisations. "
        "Import it in the organisations file first, or check the spelling.",
        "Row 4: types: 'teleportation' is not on the list of types of help. "
        "See the list under Provision > Types of help.",
    ]
    assert [row.outcome_label for row in report.rows] == ["New", "Error", "Error"]


def test_the_models_own_rules_apply_to_imported_rows(lead, organisations, libraries):
    text = services_csv(
        service_row(cost="Low cost", cost_description=""),
        service_row(name="Book a course", how_to_access="Book a place", booking_url="", booking_phone=""),
        service_row(name="Bad date", last_reviewed="next Tuesday"),
    )

    report = run_import(ServiceResource, text, user=lead, dry_run=True)

    assert report.messages() == [
        "Row 2: cost_description: Say what it costs, for example: £1 a session.",
        "Row 3: booking_url: Give a booking link or phone number so people can book.",
        "Row 4: last_reviewed: 'next Tuesday' is not a date. Write it like 2025-03-31 or 31/03/2025.",
    ]


def test_a_place_that_is_not_known_is_an_error(lead, organisations, libraries):
    report = run_import(ServiceResource, services_csv(service_row(locations="Atlantis")), user=lead, dry_run=True)
    assert report.messages() == [
        "Row 2: locations: 'Atlantis' is not on the list of places. Import it in the places file first, or use its slug."
    ]


def test_a_missing_column_stops_the_whole_file(lead):
    report = run_import(
        ServiceResource, make_csv(["name", "types"], {"name": "X", "types": "free-wifi"}), user=lead, dry_run=True
    )
    assert report.file_problems == ["The file needs a 'organisation' column."]
    assert report.rows == []


def test_unknown_columns_are_reported_as_ignored(lead, organisations, libraries):
    text = make_csv([*SERVICE_HEADINGS, "favourite colour"], service_row() | {"favourite colour": "blue"})
    report = run_import(ServiceResource, text, user=lead, dry_run=True)
    assert report.ignored_columns == ["favourite_colour"]
    assert not report.has_errors


def test_the_same_service_twice_in_a_file_is_an_error(lead, organisations, libraries):
    report = run_import(ServiceResource, services_csv(service_row(), service_row()), user=lead, dry_run=True)
    assert report.messages() == [
        "Row 3: This service is also in row 2 (same name and organisation). Each service should be in the file once."
    ]


def test_export_then_import_changes_nothing(lead, organisations, libraries):
    run_import(ServiceResource, services_csv(service_row()), user=lead, dry_run=False)
    ServiceFactory(name="Tablet loans", organisation=organisations["libraries"], types=["device-lending"])
    revisions_before = Service.objects.get(name="Computer club").latest_revision_id

    exported = export_csv(ServiceResource(), ServiceResource().get_export_queryset())
    report = run_import(ServiceResource, exported, user=lead, dry_run=False)

    assert (report.new, report.updated, report.unchanged) == (0, 0, 2)
    assert Service.objects.get(name="Computer club").latest_revision_id == revisions_before


def test_a_changed_row_updates_the_service_and_its_places(lead, organisations, libraries):
    run_import(ServiceResource, services_csv(service_row()), user=lead, dry_run=False)
    service = Service.objects.get()
    first_revision = service.latest_revision

    text = services_csv(
        service_row(summary="Now on Saturdays too.", locations="Tooting Library; Battersea Library", types="free-wifi")
    )
    report = run_import(ServiceResource, text, user=lead, dry_run=False)

    assert (report.new, report.updated) == (0, 1)
    service.refresh_from_db()
    assert service.summary == "Now on Saturdays too."
    assert service.places == [libraries["tooting"], libraries["battersea"]]
    assert list(service.types.values_list("slug", flat=True)) == ["free-wifi"]
    assert service.latest_revision != first_revision and service.live_revision == service.latest_revision
    assert service.latest_revision.as_object().summary == "Now on Saturdays too."


def test_columns_left_out_of_a_file_are_left_alone(lead, organisations, libraries):
    run_import(ServiceResource, services_csv(service_row()), user=lead, dry_run=False)

    text = make_csv(
        ["name", "organisation", "last_reviewed"],
        {"name": "Computer club", "organisation": "Age UK Wandsworth", "last_reviewed": "2026-01-15"},
    )
    report = run_import(ServiceResource, text, user=lead, dry_run=False)

    assert report.updated == 1
    service = Service.objects.get()
    assert str(service.last_reviewed) == "2026-01-15"
    assert service.places == [libraries["battersea"]]
    assert service.summary == "Help with computers for people over 60."


def test_a_service_locked_by_someone_else_is_not_overwritten(lead, organisations, libraries):
    run_import(ServiceResource, services_csv(service_row()), user=lead, dry_run=False)
    Service.objects.update(locked=True, locked_by=None)
    report = run_import(ServiceResource, services_csv(service_row(summary="Changed")), user=lead, dry_run=True)
    assert report.messages() == ["Row 2: This service is locked by someone editing it. Unlock it first."]


def test_internal_columns_are_only_in_the_internal_export(lead, organisations):
    ServiceFactory(
        name="Digital skills",
        organisation=organisations["age_uk"],
        commissioner=organisations["libraries"],
        annual_cost=12500,
    )

    public = export_csv(ServiceResource(), ServiceResource().get_export_queryset())
    internal = export_csv(ServiceInternalResource(), ServiceInternalResource().get_export_queryset())

    assert "commissioner" not in public.splitlines()[0] and "12500" not in public
    row = next(csv.DictReader(io.StringIO(internal)))
    assert row["commissioner"] == "Wandsworth Libraries"
    assert row["annual_cost"] == "12500.00"


def test_organisations_import_and_match_by_name(lead):
    OrganisationFactory(name="Age UK Wandsworth", website="https://old.example.org/")
    text = make_csv(
        ["name", "kind", "website", "charity_number"],
        {
            "name": "Age UK Wandsworth",
            "kind": "Charity or voluntary group",
            "website": "https://www.ageuk.org.uk/wandsworth/",
            "charity_number": "1084217",
        },
        {"name": "Wandsworth Libraries", "kind": "library_service", "website": "", "charity_number": ""},
    )

    report = run_import(OrganisationResource, text, user=lead, dry_run=False)

    assert (report.new, report.updated) == (1, 1)
    assert Organisation.objects.get(name="Age UK Wandsworth").website == "https://www.ageuk.org.uk/wandsworth/"
    libraries = Organisation.objects.get(name="Wandsworth Libraries")
    assert libraries.kind == "library_service"
    assert libraries.latest_revision.user == lead


def test_a_bad_organisation_kind_is_explained(lead):
    report = run_import(
        OrganisationResource, make_csv(["name", "kind"], {"name": "X", "kind": "Pub"}), user=lead, dry_run=True
    )
    assert report.messages()[0].startswith(
        "Row 2: kind: 'Pub' is not one of the choices: Council service, Library service"
    )


LOCATION_HEADINGS = ["name", "kind", "address_line_1", "postcode", "has_free_wifi", "public_computers"]


def test_places_import_with_their_facilities(lead):
    text = make_csv(
        LOCATION_HEADINGS,
        {
            "name": "Putney Library",
            "kind": "Library",
            "address_line_1": "5 Disraeli Road",
            "postcode": "sw15 2dr",
            "has_free_wifi": "yes",
            "public_computers": "12",
        },
    )

    report = run_import(LocationResource, text, user=lead, dry_run=False)

    assert report.new == 1 and report.committed
    place = Location.objects.get(name="Putney Library")
    assert (place.kind, place.postcode, place.has_free_wifi, place.public_computers) == (
        "library",
        "SW15 2DR",
        True,
        12,
    )
    assert place.live and place.latest_revision.user == lead


def test_a_place_with_a_bad_postcode_writes_nothing(lead):
    text = make_csv(
        LOCATION_HEADINGS,
        {
            "name": "Putney Library",
            "kind": "Library",
            "address_line_1": "",
            "postcode": "SW15 2DR",
            "has_free_wifi": "yes",
            "public_computers": "2",
        },
        {
            "name": "Nowhere Hall",
            "kind": "Other",
            "address_line_1": "",
            "postcode": "SW99 9ZZZ",
            "has_free_wifi": "maybe",
            "public_computers": "two",
        },
    )

    report = run_import(LocationResource, text, user=lead, dry_run=False)

    assert not report.committed
    assert not Location.objects.exists()
    assert report.messages() == [
        "Row 3: postcode: 'SW99 9ZZZ' is not a real postcode. Enter one like SW18 2PU.",
        "Row 3: has_free_wifi: 'maybe' should be yes or no.",
        "Row 3: public_computers: 'two' is not a whole number.",
    ]


def test_places_round_trip_unchanged(lead, libraries):
    exported = export_csv(LocationResource(), LocationResource().get_export_queryset())
    report = run_import(LocationResource, exported, user=lead, dry_run=True)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2)


def test_the_example_files_import_in_order(lead):
    examples = settings.BASE_DIR / "docs" / "examples"
    for resource_class, name in (
        (OrganisationResource, "organisations"),
        (LocationResource, "locations"),
        (ServiceResource, "services"),
    ):
        report = run_import(resource_class, (examples / f"{name}.csv").read_text(), user=lead, dry_run=False)
        assert report.committed, report.messages()

    assert Service.objects.count() == 4
    assert Service.objects.get(name="Free Wi-Fi and computers").places == list(
        Location.objects.filter(name__in=["Battersea Library", "Tooting Library"]).order_by("name")
    )


def test_cells_a_spreadsheet_would_run_are_defused_and_still_round_trip(lead, organisations):
    ServiceFactory(
        name='=HYPERLINK("https://example.net")', organisation=organisations["age_uk"], phone="+44 20 7946 0000"
    )

    exported = export_csv(ServiceResource(), ServiceResource().get_export_queryset())
    row = next(csv.DictReader(io.StringIO(exported)))
    assert row["name"] == '\'=HYPERLINK("https://example.net")'
    assert row["phone"] == "'+44 20 7946 0000"

    report = run_import(ServiceResource, exported, user=lead, dry_run=True)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 1)


def test_an_import_shows_on_the_map_at_once(client, lead, organisations, libraries):
    def services_on_the_map() -> set[str]:
        response = client.get("/find-help/places.geojson")
        assert response.status_code == 200
        return {name for feature in response.json()["features"] for name in feature["properties"]["services"]}

    assert "Computer club" not in services_on_the_map()  # and the feed is now cached

    run_import(ServiceResource, services_csv(service_row()), user=lead, dry_run=False)
    assert "Computer club" in services_on_the_map()

    # A changed row: the club moves its name (the file names it by its slug).
    changed = service_row(name="Computer and tablet club")
    text = make_csv([*SERVICE_HEADINGS, "slug"], changed | {"slug": "computer-club"})
    assert run_import(ServiceResource, text, user=lead, dry_run=False).updated == 1
    assert "Computer and tablet club" in services_on_the_map()
