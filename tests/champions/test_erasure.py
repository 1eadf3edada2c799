"""Erasing a person: their identity goes, the counts of help they gave stay."""

import pytest
from django.contrib.auth import get_user_model

from champions import lifecycle
from champions.factories import (
    ActiveChampionFactory,
    ApplicationFactory,
    DBSCheckFactory,
    HelpLogFactory,
    HelpSessionFactory,
)
from champions.models import Application, ChampionStatus, HelpLog, State

pytestmark = pytest.mark.django_db


def test_erasure_removes_identity_and_keeps_counts(client, lead):
    champion = lifecycle.approve(
        ApplicationFactory(first_name="Grace", last_name="Hopper", email="grace@example.org"), lead
    )
    champion_pk, user_pk, application_pk = champion.pk, champion.user_id, champion.application_id
    HelpLogFactory(champion=champion, people_helped=4, new_people=3, returning_people=1)
    HelpLogFactory(champion=champion, people_helped=2, new_people=0, returning_people=2)
    session = HelpSessionFactory(champions=[champion])

    client.force_login(lead)
    assert client.post(f"/admin/champions/champion/{champion.pk}/erase/", {}).status_code == 400
    response = client.post(f"/admin/champions/champion/{champion.pk}/erase/", {"confirm": "on"})
    assert response.status_code == 302

    champion.refresh_from_db()
    assert champion.pk == champion_pk
    assert (champion.first_name, champion.last_name, champion.email, champion.phone, champion.home_postcode) == (
        "Erased",
        "champion",
        "",
        "",
        "",
    )
    assert champion.erased_at is not None
    assert champion.status == ChampionStatus.LEFT and champion.state == State.LEFT
    assert not get_user_model().objects.filter(pk=user_pk).exists()
    assert not Application.objects.filter(pk=application_pk).exists()
    assert not champion.completions.exists()
    assert not session.champions.exists()
    assert all(event.reason in {"", "Personal details erased."} for event in champion.events.all())
    # The help they gave still counts, and the dashboard still shows it.
    assert sum(HelpLog.objects.values_list("people_helped", flat=True)) == 6
    assert HelpLog.objects.filter(champion=champion).count() == 2
    assert '<strong id="people-helped-total">6</strong>' in client.get("/admin/champions/").content.decode()
    assert "Grace" not in client.get("/admin/champions/champion/").content.decode()


def test_erasure_deletes_dbs_checks_and_needs_the_permission(client, lead, partner_editor):
    check = DBSCheckFactory()
    champion = check.champion
    client.force_login(partner_editor)
    assert client.post(f"/admin/champions/champion/{champion.pk}/erase/", {"confirm": "on"}).status_code in {302, 403}
    champion.refresh_from_db()
    assert champion.erased_at is None
    lifecycle.erase(champion, actor=lead)
    assert not champion.dbs_checks.exists()


def test_an_erased_champion_cannot_sign_in_to_the_portal(client, lead):
    champion = ActiveChampionFactory()
    user = champion.user
    lifecycle.erase(champion, actor=lead)
    client.force_login(user) if get_user_model().objects.filter(pk=user.pk).exists() else None
    assert client.get("/champions/portal/").status_code in {302, 403}
