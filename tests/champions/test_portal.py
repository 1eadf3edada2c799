"""The champion portal: sign in, my training and certificates, log help given, my data, leave, keep me active."""

import json

import pytest
from django.urls import reverse

from champions import emails, lifecycle
from champions.factories import ActiveChampionFactory, ApplicationFactory, ChampionFactory, HelpSessionFactory
from champions.models import ChampionStatus, HelpLog, State
from locations.factories import LocationFactory
from provision.models import QueuedEmail
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
PORTAL_URLS = [
    "/champions/portal/",
    "/champions/portal/training/",
    "/champions/portal/sessions/",
    "/champions/portal/log-help/",
    "/champions/portal/profile/",
    "/champions/portal/leave/",
]


@pytest.mark.parametrize("url", PORTAL_URLS + ["/champions/portal/my-data.json"])
def test_the_portal_needs_a_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/champions/sign-in/")


@pytest.mark.parametrize("url", PORTAL_URLS)
def test_every_portal_page_works_for_a_champion(client, url):
    champion = ActiveChampionFactory()
    client.force_login(champion.user)
    assert client.get(url).status_code == 200


def test_someone_who_is_not_a_champion_is_told(client):
    client.force_login(UserFactory())
    response = client.get("/champions/portal/")
    assert response.status_code == 403
    assert "You do not have a Digital Champion account" in response.content.decode()


def test_sign_in_with_email_and_password(client):
    champion = ActiveChampionFactory(email="grace@example.org")
    response = client.post("/champions/sign-in/", {"email": "GRACE@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/champions/portal/"
    assert client.get("/champions/portal/").context["champion"] == champion


def test_a_wrong_password_is_a_govuk_error(client):
    ActiveChampionFactory(email="grace@example.org")
    response = client.post("/champions/sign-in/", {"email": "grace@example.org", "password": "nope"})
    assert response.status_code == 200
    assert "Enter the email address and password of your champion account" in response.content.decode()


def test_the_invitation_link_sets_a_password(client, lead):
    champion = lifecycle.approve(ApplicationFactory(email="new@example.org"), lead)
    link = emails.set_password_link(champion.user).replace("http://testserver", "")
    response = client.get(link, follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "a long new passphrase", "new_password2": "a long new passphrase"},
    )
    assert response["Location"] == reverse("champions:password_set")
    # Through the portal's own form: client.login cannot sign in, as django-axes needs the request.
    response = client.post("/champions/sign-in/", {"email": "new@example.org", "password": "a long new passphrase"})
    assert response["Location"] == "/champions/portal/"
    assert client.get("/champions/portal/").context["champion"] == champion


def test_a_new_link_can_be_asked_for_before_a_password_was_ever_set(client, lead):
    lifecycle.approve(ApplicationFactory(email="new@example.org"), lead)
    response = client.post("/champions/new-password-link/", {"email": "new@example.org"})
    assert response.status_code == 302
    assert QueuedEmail.objects.filter(
        subject="Set your Digital Champion password", recipients=["new@example.org"]
    ).exists()


def test_log_help_given_records_counts_only(client):
    champion = ActiveChampionFactory()
    place = LocationFactory(name="Tooting Library")
    session = HelpSessionFactory(location=place, champions=[champion])
    client.force_login(champion.user)
    response = client.post(
        "/champions/portal/log-help/",
        {
            "date": "today",
            "location": place.pk,
            "minutes": "120",
            "people_helped": "5",
            "new_people": "2",
            "topics": ["email", "online_safety"],
            "signposted_to": ["free_data"],
        },
    )
    assert response.status_code == 400  # "today" is not a date
    assert "Enter a real date" in response.content.decode()

    data = {
        "date": "1/1/2020",
        "location": place.pk,
        "minutes": "120",
        "people_helped": "5",
        "new_people": "6",
        "topics": ["email"],
    }
    response = client.post("/champions/portal/log-help/", data)
    html = response.content.decode()
    assert "The date must be in the last 12 months" in html
    assert "cannot be more than the number of people helped" in html

    from django.utils import timezone

    data.update({"date": timezone.localdate().strftime("%d/%m/%Y"), "new_people": "2"})
    response = client.post("/champions/portal/log-help/", data)
    assert response.status_code == 302
    log = HelpLog.objects.get()
    assert (log.people_helped, log.new_people, log.returning_people) == (5, 2, 3)
    assert log.session == session
    assert log.recorded_by == champion.user
    page = client.get("/champions/portal/").content.decode()
    assert "We have logged 5 people helped at Tooting Library" in page


def test_a_certificate_is_the_champions_own(client):
    champion = ActiveChampionFactory(first_name="Grace", last_name="Hopper")
    completion = champion.completions.get()
    client.force_login(champion.user)
    response = client.get(completion.get_certificate_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Certificate of completion" in html and "Grace Hopper" in html
    other = ActiveChampionFactory()
    client.force_login(other.user)
    assert client.get(completion.get_certificate_url()).status_code == 404


def test_download_my_data(client):
    champion = ActiveChampionFactory(first_name="Grace", email="grace@example.org")
    client.force_login(champion.user)
    response = client.get("/champions/portal/my-data.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profile"]["email"] == "grace@example.org"
    assert data["profile"]["state"] == "Active"
    assert len(data["training"]) == 1


def test_a_champion_can_ask_to_leave(client):
    champion = ActiveChampionFactory(email="grace@example.org")
    session = HelpSessionFactory(champions=[champion])
    client.force_login(champion.user)
    assert client.post("/champions/portal/leave/", {"reason": "Moving away"}).status_code == 400
    response = client.post("/champions/portal/leave/", {"reason": "Moving away", "erase": "on", "confirm": "on"})
    assert response.status_code == 302
    champion.refresh_from_db()
    assert champion.status == ChampionStatus.LEFT
    assert champion.erasure_requested
    assert champion.state == State.LEFT
    assert not session.champions.exists()
    assert "Moving away" in champion.events.last().reason
    assert champion.events.last().actor == champion.user
    assert client.get("/champions/portal/my-data.json").status_code == 200


def test_the_profile_can_be_updated(client):
    champion = ChampionFactory()
    client.force_login(champion.user)
    response = client.post(
        "/champions/portal/profile/",
        {"phone": "020 7946 0000", "home_postcode": "sw18 2pu", "skills": ["email"], "availability": ["mon-evening"]},
    )
    assert response.status_code == 302
    champion.refresh_from_db()
    assert champion.home_postcode == "SW18 2PU"
    assert champion.availability == ["mon-evening"]


def test_keep_me_active_link(client):
    champion = ChampionFactory(status=ChampionStatus.INACTIVE)
    link = emails.keep_active_link(champion).replace("http://testserver", "")
    response = client.get(link)
    assert response.status_code == 200
    champion.refresh_from_db()
    assert champion.status == ChampionStatus.INACTIVE  # a GET (an email scanner) changes nothing
    response = client.post(link)
    assert response.status_code == 200
    champion.refresh_from_db()
    assert champion.status == ChampionStatus.TAKING_PART
    assert champion.kept_active_at is not None
    assert client.get("/champions/keep-active/not-a-token/").status_code == 404


def test_sign_in_attempts_are_rate_limited(client):
    ActiveChampionFactory(email="grace@example.org")
    # Guesses at many accounts' email addresses (one account's own wrong passwords lock it out sooner).
    for number in range(10):
        response = client.post("/champions/sign-in/", {"email": f"guess{number}@example.org", "password": "guess"})
        assert response.status_code == 200
    response = client.post("/champions/sign-in/", {"email": "grace@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "You have tried too many times" in response.content.decode()
