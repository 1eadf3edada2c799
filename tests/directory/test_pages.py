"""Place and service pages, the map feed, and 'Report a problem with this page'."""

import datetime as dt
import gzip
import json
import smtplib

import pytest
from django.core import mail
from django.core.cache import cache

from locations.factories import OpeningExceptionFactory
from locations.models import Location
from provision.models import ProblemReport, QueuedEmail, ReportStatus
from tests.directory_fixtures import TUESDAY_11AM


@pytest.fixture(autouse=True)
def tuesday_morning(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: TUESDAY_11AM)


@pytest.fixture
def lead_inbox(db):
    from wagtail.models import Site

    from borough_site.models import HelpContactSettings
    from tests.wagtail_tree import ensure_home_page

    ensure_home_page()
    settings = HelpContactSettings.for_site(Site.objects.get(is_default_site=True))
    settings.notification_email = "lead@example.gov.uk"
    settings.save()
    return settings.notification_email


def test_place_page_shows_hours_exceptions_facilities_and_services(client, places):
    library = places["library"]
    OpeningExceptionFactory(location=library, date=dt.date(2026, 12, 1), reason="Staff training")

    page = client.get(f"/places/{library.slug}/").content.decode()

    assert "<h1" in page and "Near Library" in page
    assert "Open now, closes 5pm" in page
    assert "Tuesday 24 November" in page and "9am to 5pm" in page
    assert "Tuesday 1 December 2026: closed (Staff training)" in page
    assert "6 public computers" in page
    assert "Report a problem with this page" in page


def test_place_page_lists_services_held_there(client, places):
    page = client.get(f"/places/{places['centre'].slug}/").content.decode()

    assert "Thursday drop-in" in page
    assert "Thursdays, 10am to 12 noon" in page


def test_service_page_shows_when_where_and_how(client, places):
    page = client.get(f"/services/{places['drop_in'].slug}/").content.decode()

    assert "Thursday drop-in" in page
    assert "Next session: Thursday 26 November at 10am, Middle Community Centre" in page
    assert "Drop in" in page and "Free" in page
    # The header still names the service (the page's own "service" must not shadow it).
    assert "Find digital help" in page


def test_internal_mapping_fields_never_reach_the_public_page(client, places):
    service = places["drop_in"]
    service.internal_notes = "PLANTED-INTERNAL-NOTE"
    service.lead_contact_email = "planted.lead@example.org"
    service.annual_cost = 98765
    service.save_revision().publish()

    page = client.get(f"/services/{service.slug}/").content.decode()

    assert "PLANTED-INTERNAL-NOTE" not in page
    assert "planted.lead@example.org" not in page
    assert "98765" not in page


def test_unpublished_place_is_not_found(client, places):
    places["far"].unpublish()

    assert client.get(f"/places/{places['far'].slug}/").status_code == 404


FEED = "/find-help/places.geojson"


def feed_names(feed: dict) -> set[str]:
    return {feature["properties"]["name"] for feature in feed["features"]}


def test_map_feed_lists_published_places_and_revalidates_with_etag(client, places):
    response = client.get("/find-help/places.geojson")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    names = {feature["properties"]["name"] for feature in response.json()["features"]}
    assert names == {"Near Library", "Middle Community Centre", "Far Family Hub"}
    etag = response["ETag"]
    assert client.get("/find-help/places.geojson", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_map_feed_changes_when_something_is_published(client, places):
    etag = client.get("/find-help/places.geojson")["ETag"]
    places["far"].name = "Renamed Family Hub"
    places["far"].save_revision().publish()

    response = client.get("/find-help/places.geojson", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert "Renamed Family Hub" in response.content.decode()


def test_map_feed_is_sent_gzipped_to_browsers_that_accept_it(client, places):
    compressed = client.get(FEED, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    plain = client.get(FEED)

    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert "Content-Encoding" not in plain
    assert json.loads(gzip.decompress(compressed.content)) == plain.json()
    assert feed_names(plain.json()) == {"Near Library", "Middle Community Centre", "Far Family Hub"}
    # Either copy revalidates: it is the same feed.
    assert client.get(FEED, HTTP_IF_NONE_MATCH=compressed["ETag"]).status_code == 304
    assert client.get(FEED, HTTP_IF_NONE_MATCH=plain["ETag"], HTTP_ACCEPT_ENCODING="gzip").status_code == 304


def test_map_feed_for_an_area_holds_only_the_places_in_it(client, places):
    library = places["library"]
    box = (library.longitude - 0.001, library.latitude - 0.001, library.longitude + 0.001, library.latitude + 0.001)

    feed = client.get(FEED, {"bbox": ",".join(str(edge) for edge in box)}).json()

    assert feed_names(feed) == {"Near Library"}
    assert "free-wifi" in feed["features"][0]["properties"]["types"]


def test_map_feed_for_an_area_shows_the_help_held_there(client, places):
    centre = places["centre"]
    box = (centre.longitude - 0.001, centre.latitude - 0.001, centre.longitude + 0.001, centre.latitude + 0.001)

    (feature,) = client.get(FEED, {"bbox": ",".join(str(edge) for edge in box)}).json()["features"]

    assert feature["properties"]["services"] == ["Thursday drop-in"]
    assert feature["properties"]["types"] == ["one-to-one-help"]


@pytest.mark.parametrize(
    "bbox",
    [
        "",
        "west,south,east,north",
        "-0.2,51.4,-0.1",
        "-0.2,51.4,-0.1,51.5,0",
        "-0.1,51.4,-0.2,51.5",  # west of east the wrong way round
        "-0.2,51.4,1.5,51.5",  # the whole south of England
        "nan,51.4,-0.1,51.5",
        "-0.2,91,-0.1,92",
    ],
)
def test_a_bad_map_area_gets_a_clear_message(client, places, bbox):
    response = client.get(FEED, {"bbox": bbox})

    assert response.status_code == 400
    assert "bbox must be four numbers, west,south,east,north" in response.json()["error"]


def test_map_feed_is_rebuilt_when_the_cache_loses_its_version(client, places):
    client.get(FEED)
    cache.clear()  # as when the cache is culled or flushed: the version starts again
    Location.objects.filter(pk=places["far"].pk).update(name="Renamed without a signal")

    assert "Renamed without a signal" in feed_names(client.get(FEED).json())


def test_reporting_a_problem_reaches_the_provider_and_the_lead(
    client, places, lead_inbox, django_capture_on_commit_callbacks
):
    service = places["drop_in"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/services/{service.slug}/report/",
            {"kind": "times", "details": "It now starts at 11am.", "reporter_email": "resident@example.com"},
        )

    assert response.status_code == 200
    assert "your report has been sent" in response.content.decode()
    report = ProblemReport.objects.get()
    assert (report.service, report.organisation, report.status) == (service, service.organisation, ReportStatus.NEW)
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {service.organisation.email, lead_inbox}
    assert mail.outbox[0].reply_to == ["resident@example.com"]
    assert "It now starts at 11am." in mail.outbox[0].body


def test_report_form_errors_are_explained_and_nothing_is_saved(client, places):
    response = client.post(
        f"/places/{places['library'].slug}/report/", {"details": "", "reporter_email": "not-an-email"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Select what is wrong" in page
    assert "Tell us what is wrong" in page
    assert "Enter an email address in the correct format" in page
    assert not ProblemReport.objects.exists()


def test_honeypot_reports_are_thanked_but_dropped(client, places):
    response = client.post(
        f"/places/{places['library'].slug}/report/", {"kind": "other", "details": "Buy now", "website": "spam.example"}
    )

    assert response.status_code == 200
    assert not ProblemReport.objects.exists()


def test_reports_are_rate_limited(client, places):
    url = f"/places/{places['library'].slug}/report/"
    statuses = [client.post(url, {"kind": "other", "details": f"Report {n}"}).status_code for n in range(7)]

    assert statuses == [200] * 5 + [429] * 2
    assert ProblemReport.objects.count() == 5


def test_a_report_is_kept_when_the_mail_server_is_down(
    client, places, lead_inbox, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/places/{places['library'].slug}/report/", {"kind": "closed", "details": "Shut."})

    assert response.status_code == 200
    assert ProblemReport.objects.count() == 1
    queued = QueuedEmail.objects.get()
    assert queued.sent_at is None and "unexpectedly closed" in queued.last_error

    monkeypatch.undo()
    from django.core.management import call_command

    call_command("send_queued_emails")
    queued.refresh_from_db()
    assert queued.sent_at is not None
    assert len(mail.outbox) == 1
