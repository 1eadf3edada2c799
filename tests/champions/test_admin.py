"""The lead's admin: permission checks, decisions, the dashboard's figures, CSV exports (logged) and group email."""

import pytest
from django.urls import reverse

from champions.factories import (
    ActiveChampionFactory,
    ApplicationFactory,
    ChampionFactory,
    DBSCheckFactory,
    HelpLogFactory,
)
from champions.models import (
    Application,
    ApplicationStatus,
    DBSAccess,
    DBSAccessLog,
    ExportLog,
    GroupEmail,
    State,
)
from provision.models import QueuedEmail

pytestmark = pytest.mark.django_db

ADMIN_URLS = [
    "/admin/champions/",
    "/admin/champions/export/",
    "/admin/champions/email/",
    "/admin/champions/champion/",
    "/admin/champions/application/",
    "/admin/champions/helpsession/",
    "/admin/champions/helplog/",
    "/admin/champions/trainingcompletion/",
    "/admin/champions/dbscheck/",
    "/admin/champions/exportlog/",
    "/admin/champions/course/",
    "/admin/champions/championtype/",
    "/admin/champions/policyversion/",
    "/admin/champions/groupemail/",
    "/admin/champions/dbsaccesslog/",
]
FORMS = [
    "/admin/champions/helpsession/new/",
    "/admin/champions/helplog/new/",
    "/admin/champions/course/new/",
    "/admin/champions/championtype/new/",
    "/admin/champions/trainingcompletion/new/",
    "/admin/champions/dbscheck/new/",
    "/admin/champions/policyversion/new/",
]


@pytest.mark.parametrize("url", FORMS)
def test_the_leads_forms_open(client, lead, url):
    client.force_login(lead)
    assert client.get(url).status_code == 200


def test_every_champion_page_of_the_admin_opens(client, lead):
    champion = ActiveChampionFactory()
    application = ApplicationFactory()
    client.force_login(lead)
    for url in [
        reverse("champions_champion:inspect", args=[champion.pk]),
        reverse("champions_champion:edit", args=[champion.pk]),
        reverse("champions_champion:status", args=[champion.pk]),
        reverse("champions_champion:erase", args=[champion.pk]),
        reverse("champions_application:edit", args=[application.pk]),
        reverse("champions_application:approve", args=[application.pk]),
        reverse("champions_application:decline", args=[application.pk]),
        reverse("champions_course:edit", args=[champion.completions.get().course_id]),
    ]:
        assert client.get(url).status_code == 200, url


def test_pausing_a_champion_is_recorded(client, lead):
    champion = ActiveChampionFactory()
    client.force_login(lead)
    url = reverse("champions_champion:status", args=[champion.pk])
    assert client.post(url, {"status": "paused", "reason": ""}).status_code == 400
    assert client.post(url, {"status": "paused", "reason": "Back in September"}).status_code == 302
    assert champion.state == State.PAUSED
    event = champion.events.last()
    assert (event.state, event.actor, event.reason) == (State.PAUSED, lead, "Back in September")


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_the_lead_can_open_every_champion_admin_page(client, lead, url):
    ActiveChampionFactory()
    client.force_login(lead)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ADMIN_URLS)
@pytest.mark.parametrize("role", ["partner_editor", "site_editor"])
def test_other_editors_are_refused(client, request, role, url):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url)
    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert "/admin/" in response["Location"] and "champions" not in response["Location"].split("?")[0]


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_anonymous_visitors_get_nothing(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_other_editors_cannot_export_or_see_a_champion(client, partner_editor):
    champion = ChampionFactory()
    client.force_login(partner_editor)
    response = client.post("/admin/champions/export/", {"dataset": "champions", "reason": "Curious"})
    assert response.status_code in {302, 403}
    assert not ExportLog.objects.exists()
    assert client.get(f"/admin/champions/champion/inspect/{champion.pk}/").status_code in {302, 403}


def test_a_champion_account_gets_nothing_in_the_admin(client):
    champion = ActiveChampionFactory()
    client.force_login(champion.user)
    response = client.get("/admin/champions/")
    assert response.status_code == 302


def test_the_champions_menu_is_shown_to_the_lead_only(client, lead, partner_editor):
    client.force_login(lead)
    assert "Digital Champions" in client.get("/admin/").content.decode()
    client.force_login(partner_editor)
    assert "Digital Champions" not in client.get("/admin/").content.decode()


def test_opening_an_application_puts_it_in_review(client, lead):
    application = ApplicationFactory()
    client.force_login(lead)
    response = client.get(reverse("champions_application:inspect", args=[application.pk]))
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert application.events.last().actor == lead


def test_the_lead_approves_an_application(client, lead, resident_type):
    application = ApplicationFactory(email="amina@example.org", champion_type=resident_type)
    client.force_login(lead)
    response = client.post(
        reverse("champions_application:approve", args=[application.pk]), {"reason": "Strong application"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.champion.state == State.APPROVED
    assert QueuedEmail.objects.filter(recipients=["amina@example.org"], subject__startswith="Welcome").exists()


def test_declining_needs_a_reason(client, lead):
    application = ApplicationFactory()
    client.force_login(lead)
    url = reverse("champions_application:decline", args=[application.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "No places near you at the moment."}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert application.decision_reason == "No places near you at the moment."


def test_the_dashboard_shows_the_figures(client, lead):
    champion = ActiveChampionFactory()
    HelpLogFactory(champion=champion, people_helped=7, new_people=4, returning_people=3)
    ApplicationFactory(campaign_title="Library volunteers")
    client.force_login(lead)
    html = client.get("/admin/champions/").content.decode()
    assert '<strong id="people-helped-total">7</strong>' in html
    assert "Library volunteers" in html
    assert champion.champion_type.name in html


def test_an_export_needs_a_reason_and_is_logged(client, lead):
    ActiveChampionFactory(first_name="Grace", email="grace@example.org")
    ChampionFactory(first_name="Not", email="not-active@example.org")
    client.force_login(lead)

    response = client.post("/admin/champions/export/", {"dataset": "champions", "state": "active", "reason": ""})
    assert response.status_code == 400
    assert not ExportLog.objects.exists()

    response = client.post(
        "/admin/champions/export/", {"dataset": "champions", "state": "active", "reason": "Rota planning for May"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    csv_text = response.content.decode()
    assert "grace@example.org" in csv_text
    assert "not-active@example.org" not in csv_text
    log = ExportLog.objects.get()
    assert log.user == lead
    assert log.reason == "Rota planning for May"
    assert log.filters == {"State": "Active"}
    assert log.row_count == 1
    assert log.dataset == "Champions"


def test_csv_cells_cannot_run_as_formulas(client, lead):
    ActiveChampionFactory(first_name="=HYPERLINK(1)")
    client.force_login(lead)
    response = client.post("/admin/champions/export/", {"dataset": "champions", "reason": "Check"})
    assert "'=HYPERLINK(1)" in response.content.decode()


def test_export_logs_cannot_be_edited_even_by_administrators(client, lead):
    from tests.factories import SuperuserFactory

    client.force_login(lead)
    client.post("/admin/champions/export/", {"dataset": "help", "reason": "Monthly report"})
    log = ExportLog.objects.get()
    client.force_login(SuperuserFactory())
    assert client.get(f"/admin/champions/exportlog/edit/{log.pk}/").status_code in {302, 403}
    assert client.get(f"/admin/champions/exportlog/delete/{log.pk}/").status_code in {302, 403}


def test_email_to_a_filtered_group_goes_to_each_through_the_outbox(client, lead):
    ActiveChampionFactory(email="one@example.org")
    ActiveChampionFactory(email="two@example.org")
    ChampionFactory(email="onboarding@example.org")
    client.force_login(lead)
    response = client.post(
        "/admin/champions/email/?state=active",
        {"state": "active", "subject": "Rota for May", "body": "The May rota is ready."},
    )
    assert response.status_code == 302
    sent = QueuedEmail.objects.filter(subject="Rota for May")
    assert sorted(message.recipients[0] for message in sent) == ["one@example.org", "two@example.org"]
    assert all(len(message.recipients) == 1 for message in sent)
    assert GroupEmail.objects.get().recipient_count == 2


def test_looking_at_dbs_checks_is_logged(client, lead):
    check = DBSCheckFactory()
    client.force_login(lead)
    client.get("/admin/champions/dbscheck/")
    client.get(f"/admin/champions/dbscheck/inspect/{check.pk}/")
    actions = list(DBSAccessLog.objects.order_by("at").values_list("action", "username"))
    assert actions == [(DBSAccess.LISTED, "lead"), (DBSAccess.VIEWED, "lead")]


def test_a_dbs_check_is_refused_for_a_role_that_does_not_need_one(client, lead):
    champion = ChampionFactory()  # its type does not need a check
    client.force_login(lead)
    response = client.post(
        "/admin/champions/dbscheck/new/",
        {
            "champion": champion.pk,
            "level": "basic",
            "certificate_number": "001234567890",
            "issue_date": "2025-01-10",
            "decision": "pending",
        },
    )
    assert response.status_code == 200  # the form again, with an error
    assert not champion.dbs_checks.exists()


def test_applications_list_can_be_filtered_by_campaign_status(client, lead):
    ApplicationFactory(first_name="Waiting")
    ApplicationFactory(first_name="Done", status=ApplicationStatus.DECLINED)
    client.force_login(lead)
    html = client.get("/admin/champions/application/?status=applied").content.decode()
    assert "Waiting" in html and "Done Applicant" not in html
    assert Application.objects.count() == 2


def test_the_help_sessions_list_shows_each_rota_size(client, lead):
    from bs4 import BeautifulSoup

    from champions.factories import HelpSessionFactory

    busy = HelpSessionFactory(title="Busy drop-in")
    busy.champions.add(*ActiveChampionFactory.create_batch(3))
    busy.save()  # a cluster's many-to-many is written on save
    HelpSessionFactory(title="Quiet drop-in")
    client.force_login(lead)

    response = client.get(reverse("champions_helpsession:index"))

    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in BeautifulSoup(response.content, "html.parser").select("tbody tr")
    ]
    rota_sizes = {cells[0].split(" ")[0]: cells[3] for cells in rows if len(cells) == 5}
    assert rota_sizes == {"Busy": "3", "Quiet": "0"}
