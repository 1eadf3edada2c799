"""Scorecard figures against small, hand-counted fixtures."""

import datetime as dt

import pytest
from django.utils import timezone

from champions.factories import ApplicationFactory, ChampionFactory, HelpLogFactory, HelpSessionFactory
from locations.factories import LocationFactory
from provision.factories import ServiceFactory
from provision.insight.scorecard import Period, build_scorecard
from tests.directory_fixtures import seed_taxonomy

# The quarter July to September 2026, compared with April to June.
QUARTER = Period.containing("quarter", dt.date(2026, 8, 15))


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def figures(sections) -> dict[tuple[str, str], tuple]:
    return {
        (section.title, figure.label): (figure.value, figure.previous)
        for section in sections
        for figure in section.figures
    }


def test_periods():
    assert (QUARTER.start, QUARTER.end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert (QUARTER.previous.start, QUARTER.previous.end) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert Period.containing("month", dt.date(2026, 3, 9)).previous.label == "February 2026"
    assert Period.containing("year", dt.date(2026, 3, 9)).previous.label == "2025"


@pytest.fixture
def provision_history(db):
    seed_taxonomy()
    older = LocationFactory(has_free_wifi=True, public_computers=0)
    newer = LocationFactory(has_free_wifi=True, public_computers=4)
    LocationFactory(has_free_wifi=False, public_computers=0, publish=False)  # never published: not counted
    type(older).objects.filter(pk=older.pk).update(created_at=at(dt.date(2026, 5, 1)))
    type(newer).objects.filter(pk=newer.pk).update(created_at=at(dt.date(2026, 8, 1)))
    service = ServiceFactory(types=["one-to-one-help"], locations=[newer])
    type(service).objects.filter(pk=service.pk).update(created_at=at(dt.date(2026, 7, 10)))


def test_provision_figures_at_the_end_of_each_period(provision_history):
    counted = figures(build_scorecard(QUARTER))

    assert counted[("Provision", "Places listed")] == (2, 1)
    assert counted[("Provision", "Places with free Wi-Fi")] == (2, 1)
    assert counted[("Provision", "Places with public computers")] == (1, 0)
    assert counted[("Provision", "Services listed")] == (1, 0)
    assert counted[("Services by type of help", "One-to-one and drop-in help")] == (1, 0)


def test_champion_figures_and_help_given(db):
    ApplicationFactory(submitted_at=at(dt.date(2026, 7, 2)))
    ApplicationFactory(submitted_at=at(dt.date(2026, 9, 30)))
    ApplicationFactory(submitted_at=at(dt.date(2026, 6, 30)))  # previous quarter
    champion = ChampionFactory(approved_at=at(dt.date(2026, 7, 20)))
    session = HelpSessionFactory()
    HelpLogFactory(
        champion=champion,
        session=session,
        date=dt.date(2026, 7, 21),
        people_helped=4,
        new_people=3,
        returning_people=1,
        minutes=90,
        topics=["email", "benefits"],
    )
    HelpLogFactory(
        champion=champion,
        session=session,
        date=dt.date(2026, 7, 21),
        people_helped=2,
        new_people=0,
        returning_people=2,
        minutes=30,
        topics=["email"],
    )
    HelpLogFactory(
        champion=champion,
        session=session,
        date=dt.date(2026, 7, 28),
        people_helped=1,
        new_people=1,
        returning_people=0,
        minutes=60,
        topics=["jobs"],
    )
    HelpLogFactory(
        champion=champion,
        date=dt.date(2026, 5, 5),
        people_helped=5,
        new_people=5,
        returning_people=0,
        minutes=120,
        topics=["email"],
    )

    counted = figures(build_scorecard(QUARTER))

    assert counted[("Digital Champions", "Applications received")] == (2, 1)
    assert counted[("Digital Champions", "Champions approved")] == (1, 0)
    assert counted[("Help given", "Sessions held")] == (2, 0)  # two Tuesdays at one session
    assert counted[("Help given", "People helped")] == (7, 5)
    assert counted[("Help given", "New to digital help")] == (4, 5)
    assert counted[("Help given", "Coming back")] == (3, 0)
    assert counted[("Help given", "Hours of help")] == (3.0, 2.0)
    topics = [(figure.label, figure.value, figure.previous) for figure in build_scorecard(QUARTER)[-1].figures]
    assert topics[0] == ("Email", 2, 1)
    assert {label for label, _value, _previous in topics} == {"Email", "Universal Credit and benefits", "Jobs and CVs"}


def test_scorecard_page_csv_and_print(client, provision_history, django_user_model):
    lead = django_user_model.objects.create_superuser("boss", "boss@example.org", "x")
    client.force_login(lead)

    page = client.get("/admin/insight/scorecard/", {"period": "quarter", "date": "2026-08-15"})
    download = client.get("/admin/insight/scorecard.csv", {"period": "quarter", "date": "2026-08-15"})
    printable = client.get("/admin/insight/scorecard/", {"period": "quarter", "date": "2026-08-15", "print": "1"})

    assert "July to September 2026" in page.content.decode()
    rows = download.content.decode().splitlines()
    assert rows[0] == "Section,Figure,July to September 2026,April to June 2026,Change"
    assert "Provision,Places listed,2,1,1" in rows
    assert "Digital inclusion scorecard: July to September 2026" in printable.content.decode()
    assert "wagtailadmin" not in printable.content.decode()
