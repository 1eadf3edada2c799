"""Downloads of the public directory: services and places as CSV, places as GeoJSON. Published and public only."""

import csv
import io
import json

import pytest

from provision.api.ids import make_id
from provision.downloads import PLACE_COLUMNS, SERVICE_COLUMNS
from provision.factories import ServiceFactory
from tests.api.conftest import MARKER, build_directory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db):
    """The API tests' small directory, with internal data and drafts planted (tests/api/conftest.py)."""
    return build_directory()


DOWNLOADS = ("services.csv", "places.csv", "directory.geojson")


def download(client, name):
    response = client.get(f"/find-help/download/{name}")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so that Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_services_csv(client, directory):
    response = download(client, "services.csv")
    rows = csv_rows(response)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="find-digital-help-services-')
    assert response["Content-Disposition"].endswith('.csv"')
    assert list(rows[0]) == SERVICE_COLUMNS
    assert [row["Service"] for row in rows] == [
        "Beginners' computer course",
        "Free Wi-Fi at the library",
        "Tech helpline",
        "Thursday drop-in",
    ]
    drop_in = rows[3]
    assert drop_in["Organisation"] == "Helping Hands"
    assert drop_in["Types of help"] == "One-to-one and drop-in help; Online safety"
    assert drop_in["Who it is for"] == "Older people"
    assert drop_in["Languages"] == "English; Polish"
    centre, library = drop_in["Places"].split("; ")
    assert centre.startswith("Middle Community Centre, ") and centre.endswith(" High Street, London")
    assert library == "Near Library, 1 Garratt Lane, Wandsworth, London"
    assert "Thursdays, 10am to 12 noon at Middle Community Centre" in drop_in["When"]
    assert "First Monday of the month, 2pm to 4pm at Near Library" in drop_in["When"]
    assert drop_in["Contact name"] == "Sam Public"
    assert drop_in["Minimum age"] == "18"
    assert drop_in["Open Referral UK id"] == make_id("provision.service", directory["drop_in"].pk)
    assert drop_in["Page on this site"] == "http://testserver/services/thursday-drop-in/"
    assert rows[0]["What it costs"] == "£1 a session"
    assert rows[0]["Status"] == "Temporarily closed"


def test_places_csv(client, directory):
    response = download(client, "places.csv")
    rows = csv_rows(response)

    assert response["Content-Disposition"].startswith('attachment; filename="find-digital-help-places-')
    assert list(rows[0]) == PLACE_COLUMNS
    assert [row["Place"] for row in rows] == ["Far Family Hub", "Middle Community Centre", "Near Library"]
    library = rows[2]
    assert library["Services here"] == "Free Wi-Fi at the library; Thursday drop-in"
    assert library["Opening hours"] == "Tuesday 9am to 5pm; Saturday 10am to 1pm"
    assert library["Free Wi-Fi"] == "Yes" and library["Public computers"] == "6"
    assert library["Step-free access"] == "Yes" and library["Accessible toilet"] == "No"
    assert library["UPRN"] == "100023336956"
    assert float(library["Latitude"]) == pytest.approx(51.4527, abs=1e-4)
    assert float(library["Longitude"]) == pytest.approx(-0.19)
    assert library["Open Referral UK id"] == make_id("locations.location", directory["library"].pk)


def test_directory_geojson(client, directory):
    response = download(client, "directory.geojson")
    collection = json.loads(response.content)

    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"].endswith('.geojson"')
    assert collection["type"] == "FeatureCollection"
    by_name = {feature["properties"]["name"]: feature for feature in collection["features"]}
    assert set(by_name) == {"Far Family Hub", "Middle Community Centre", "Near Library"}
    library = by_name["Near Library"]
    assert library["id"] == make_id("locations.location", directory["library"].pk)
    longitude, latitude = library["geometry"]["coordinates"]
    assert latitude == pytest.approx(51.4527, abs=1e-4) and longitude == pytest.approx(-0.19)
    assert [service["name"] for service in library["properties"]["services"]] == [
        "Free Wi-Fi at the library",
        "Thursday drop-in",
    ]
    assert "Free Wi-Fi" in library["properties"]["facilities"]


def test_nothing_internal_unpublished_or_draft_is_downloaded(client, directory):
    service, place = directory["drop_in"], directory["library"]
    service.name = f"Draft {MARKER}"
    service.save_revision()
    place.address_line_1 = f"Draft street {MARKER}"
    place.save_revision()

    for name in DOWNLOADS:
        text = download(client, name).content.decode()
        assert MARKER not in text, name  # lead contacts, notes, commissioner, funders, drafts, unpublished
        assert "987654" not in text and "020 7946 0999" not in text, name
        assert "Thursday drop-in" in text and "Near Library" in text


def test_cells_that_a_spreadsheet_would_run_are_defused(client, directory):
    ServiceFactory(name='=HYPERLINK("https://example.net")', summary="+44 help line", contact_name="@someone")

    rows = csv_rows(download(client, "services.csv"))
    row = next(row for row in rows if "HYPERLINK" in row["Service"])

    assert row["Service"].startswith("'=")
    assert row["Summary"] == "'+44 help line"
    assert row["Contact name"] == "'@someone"
