"""Published help sessions are listed in the public directory as one-to-one and drop-in help."""

import datetime as dt

import pytest
from django.utils import timezone

from champions.directory import DROP_IN_TYPE_NAME, NETWORK_NAME
from champions.factories import ActiveChampionFactory, HelpSessionFactory
from champions.models import Frequency
from champions.tasks import unpublish_ended
from locations.factories import LocationFactory
from provision.models import Service

pytestmark = pytest.mark.django_db


def test_publishing_a_session_lists_it_at_its_place(client):
    place = LocationFactory(name="Tooting Library")
    session = HelpSessionFactory(location=place, champions=[ActiveChampionFactory(first_name="Secret")])
    assert session.service is None

    session.is_published = True
    session.save()

    service = Service.objects.published().get()
    assert session.service == service
    assert service.organisation.name == NETWORK_NAME
    # The seeded type (its slug is being settled in provision; we find it by slug, then by name).
    assert list(service.types.values_list("name", flat=True)) == [DROP_IN_TYPE_NAME]
    assert [link.location for link in service.service_locations.all()] == [place]
    schedule = service.schedules.get()
    assert (schedule.weekday, schedule.starts, schedule.ends) == (1, dt.time(10), dt.time(12))
    page = client.get(place.get_absolute_url()).content.decode()
    assert "Digital drop-in" in page
    assert "Secret" not in client.get(service.get_absolute_url()).content.decode()


def test_saving_again_without_changes_makes_no_new_revision():
    session = HelpSessionFactory(is_published=True)
    revisions = session.service.revisions.count()
    session.save()
    assert session.service.revisions.count() == revisions
    session.starts = dt.time(9, 30)
    session.save()
    session.service.refresh_from_db()
    assert session.service.schedules.get().starts == dt.time(9, 30)


def test_a_one_off_session_becomes_a_dated_session():
    day = timezone.localdate() + dt.timedelta(days=10)
    session = HelpSessionFactory(frequency=Frequency.ONE_OFF, weekday=None, date=day, is_published=True)
    assert session.service.sessions.get().date == day


def test_unpublishing_or_deleting_a_session_unlists_it():
    session = HelpSessionFactory(is_published=True)
    session.is_published = False
    session.save()
    assert not Service.objects.published().exists()

    session.is_published = True
    session.save()
    assert Service.objects.published().count() == 1
    session.delete()
    assert not Service.objects.published().exists()


def test_ended_sessions_are_unlisted_by_the_daily_job():
    today = timezone.localdate()
    session = HelpSessionFactory(is_published=True, valid_to=today + dt.timedelta(days=1))
    assert unpublish_ended(today) == 0
    assert unpublish_ended(today + dt.timedelta(days=2)) == 1
    assert unpublish_ended(today + dt.timedelta(days=2)) == 0
    session.service.refresh_from_db()
    assert not session.service.live
