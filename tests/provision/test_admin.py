"""The Provision section of the Wagtail admin, driven through the Django test client as an editor would."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from provision.csv_views import SESSION_KEY
from provision.factories import (
    FundingSourceFactory,
    OrganisationFactory,
    ServiceFactory,
    ServiceScheduleFactory,
    ServiceSessionFactory,
)
from provision.models import Organisation, Service, ServiceType
from tests.factories import StaffUserFactory
from tests.provision.test_csv_import import service_row, services_csv

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(model.snippet_viewset.get_url_name(view), args=args)


@pytest.fixture
def service(organisations, libraries):
    service = ServiceFactory(
        name="Computer club",
        organisation=organisations["age_uk"],
        summary="Help with computers.",
        types=["one-to-one-help", "online-safety"],
        locations=[libraries["battersea"]],
    )
    ServiceScheduleFactory(service=service, location=libraries["battersea"])
    ServiceSessionFactory(service=service, date=dt.date(2026, 5, 1))
    FundingSourceFactory(service=service, funder=organisations["libraries"])
    return service


def test_the_service_list_shows_and_filters_services(lead_client, service, organisations):
    ServiceFactory(name="Wi-Fi at the library", organisation=organisations["libraries"], types=["free-wifi"])

    response = lead_client.get(url(Service, "list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Computer club" in page and "Wi-Fi at the library" in page
    assert "One-to-one and drop-in help, Online safety" in page
    assert "Import from CSV" in page and "Download CSV with internal data" in page

    free_wifi = ServiceType.objects.get(slug="free-wifi")
    filtered = lead_client.get(url(Service, "list"), {"type": free_wifi.pk}).content.decode()
    assert "Wi-Fi at the library" in filtered and "Computer club" not in filtered

    by_organisation = lead_client.get(url(Service, "list"), {"organisation": organisations["age_uk"].pk})
    assert "Computer club" in by_organisation.content.decode()
    assert "Wi-Fi at the library" not in by_organisation.content.decode()


def test_reviewed_before_includes_services_never_reviewed(lead_client, organisations):
    ServiceFactory(name="Reviewed last year", last_reviewed=dt.date(2025, 1, 10))
    ServiceFactory(name="Never reviewed", last_reviewed=None)
    ServiceFactory(name="Reviewed recently", last_reviewed=dt.date(2026, 6, 1))

    page = lead_client.get(url(Service, "list"), {"reviewed_before": "2026-01-01"}).content.decode()

    assert "Reviewed last year" in page and "Never reviewed" in page
    assert "Reviewed recently" not in page


def test_the_add_and_edit_pages_open_with_every_tab(lead_client, service):
    add_page = lead_client.get(url(Service, "add"))
    assert add_page.status_code == 200

    edit_page = lead_client.get(url(Service, "edit", service.pk))
    assert edit_page.status_code == 200
    page = edit_page.content.decode()
    for tab in ("Service", "Access and cost", "Where and when", "Contact", "Provision mapping (internal)"):
        assert tab in page
    assert "never shown on the public site" in page
    assert "service_locations-TOTAL_FORMS" in page and "funding_sources-TOTAL_FORMS" in page


def test_the_other_lists_open(lead_client, service):
    for model in (Organisation, ServiceType):
        assert lead_client.get(url(model, "list")).status_code == 200
    assert lead_client.get(url(Organisation, "edit", service.organisation.pk)).status_code == 200
    assert lead_client.get(reverse("provision_csv:index")).status_code == 200


def test_saving_a_draft_keeps_the_live_service_until_it_is_published(lead_client, service):
    edit_url = url(Service, "edit", service.pk)
    form = querydict_from_html(lead_client.get(edit_url).content.decode(), form_id="w-editor-form")
    form["summary"] = "Now on Saturdays too."

    response = lead_client.post(edit_url, form)  # "Save draft" is the form's default action

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.summary == "Help with computers."  # what residents see has not changed
    assert service.has_unpublished_changes
    assert service.latest_revision.as_object().summary == "Now on Saturdays too."
    # The draft kept the inline rows (places, sessions, funding).
    assert service.latest_revision.as_object().places == service.places

    form = querydict_from_html(lead_client.get(edit_url).content.decode(), form_id="w-editor-form")
    form["action-publish"] = "action-publish"
    assert lead_client.post(edit_url, form).status_code == 302
    service.refresh_from_db()
    assert service.summary == "Now on Saturdays too."
    assert not service.has_unpublished_changes


def test_history_and_compare_views_are_reachable(lead_client, service):
    edit_url = url(Service, "edit", service.pk)
    form = querydict_from_html(lead_client.get(edit_url).content.decode(), form_id="w-editor-form")
    form["summary"] = "Changed."
    lead_client.post(edit_url, form)
    first, latest = service.revisions.order_by("created_at", "pk")

    history = lead_client.get(url(Service, "history", service.pk))
    assert history.status_code == 200
    assert "lead" in history.content.decode().lower()

    compare_url = reverse(
        Service.snippet_viewset.get_url_name("revisions_compare"),
        kwargs={"pk": service.pk, "revision_id_a": first.pk, "revision_id_b": latest.pk},
    )
    compare = lead_client.get(compare_url)
    assert compare.status_code == 200
    assert "Changed." in compare.content.decode()


def test_upload_check_then_confirm_imports_the_services(lead_client, organisations, libraries):
    import_url = reverse("provision_csv:import", args=["services"])
    assert lead_client.get(import_url).status_code == 200
    upload = SimpleUploadedFile(
        "services.csv", services_csv(service_row(), service_row(name="Phone help")).encode(), "text/csv"
    )

    report = lead_client.post(import_url, {"csv_file": upload})

    assert report.status_code == 200
    page = report.content.decode()
    assert "Check of services.csv" in page
    assert "Import 2 services (2 new, 0 updated)" in page
    assert not Service.objects.exists()
    token = lead_client.session[SESSION_KEY]["services"]["token"]

    done = lead_client.post(reverse("provision_csv:confirm", args=["services"]), {"token": token}, follow=True)

    assert done.redirect_chain[-1][0] == url(Service, "list")
    assert "2 new, 0 updated, 0 unchanged services" in done.content.decode()
    assert sorted(Service.objects.values_list("name", flat=True)) == ["Computer club", "Phone help"]
    assert SESSION_KEY not in lead_client.session or "services" not in lead_client.session[SESSION_KEY]


def test_a_file_with_errors_cannot_be_confirmed(lead_client, organisations, libraries):
    upload = SimpleUploadedFile(
        "services.csv", services_csv(service_row(organisation="Nobody Ltd")).encode(), "text/csv"
    )

    page = lead_client.post(reverse("provision_csv:import", args=["services"]), {"csv_file": upload})

    text = page.content.decode()
    assert "cannot be imported until every error below is fixed" in text
    assert "Row 2: organisation: &#x27;Nobody Ltd&#x27; is not on the list of organisations" in text
    assert "provision_csv" not in str(lead_client.session.get(SESSION_KEY, {}))
    assert not lead_client.session.get(SESSION_KEY, {}).get("services")
    confirm = lead_client.post(reverse("provision_csv:confirm", args=["services"]), {"token": "guess"})
    assert confirm.status_code == 302
    assert not Service.objects.exists()


def test_a_stale_confirmation_imports_nothing(lead_client, organisations, libraries):
    import_url = reverse("provision_csv:import", args=["services"])
    lead_client.post(import_url, {"csv_file": SimpleUploadedFile("a.csv", services_csv(service_row()).encode())})
    old_token = lead_client.session[SESSION_KEY]["services"]["token"]
    lead_client.post(
        import_url,
        {"csv_file": SimpleUploadedFile("b.csv", services_csv(service_row(name="Other")).encode())},
    )

    response = lead_client.post(reverse("provision_csv:confirm", args=["services"]), {"token": old_token})

    assert response.status_code == 302 and response.url == import_url
    assert not Service.objects.exists()


def test_organisations_can_be_imported_through_the_admin(lead_client):
    upload = SimpleUploadedFile("organisations.csv", b"name,kind\nAge UK Wandsworth,Charity or voluntary group\n")
    lead_client.post(reverse("provision_csv:import", args=["organisations"]), {"csv_file": upload})
    token = lead_client.session[SESSION_KEY]["organisations"]["token"]

    lead_client.post(reverse("provision_csv:confirm", args=["organisations"]), {"token": token})

    assert Organisation.objects.get().kind == "charity"


def test_download_csv_exports_the_filtered_list(lead_client, service, organisations):
    ServiceFactory(name="Wi-Fi at the library", organisation=organisations["libraries"], types=["free-wifi"])

    response = lead_client.get(url(Service, "list"), {"organisation": organisations["age_uk"].pk, "download": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("name,organisation,summary,description")
    assert "Computer club" in text and "Wi-Fi at the library" not in text
    assert "commissioner" not in text


def test_internal_data_needs_its_own_permission(organisations, service):
    editor = StaffUserFactory()
    editor.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="provision", codename__in=["view_service", "change_service"]
        ),
    )
    client = Client()
    client.force_login(editor)

    listing = client.get(url(Service, "list"))
    assert listing.status_code == 200
    assert "Download CSV with internal data" not in listing.content.decode()
    assert "Import from CSV" not in listing.content.decode()  # importing publishes: it needs publish too
    # Wagtail answers a refusal by going back to the dashboard with "Sorry, you do not have permission".
    for refused in (
        client.get(url(Service, "list"), {"download": "internal-csv"}),
        client.get(reverse("provision_csv:export", args=["services"]), {"internal": "1"}),
        client.get(reverse("provision_csv:import", args=["services"])),
    ):
        assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")

    editor.user_permissions.add(Permission.objects.get(codename="view_internal_data"))
    client.force_login(editor)
    internal = client.get(reverse("provision_csv:export", args=["services"]), {"internal": "1"})
    assert internal.status_code == 200
    assert "commissioner" in internal.content.decode("utf-8-sig").splitlines()[0]


def test_example_files_can_be_downloaded(lead_client):
    for dataset in ("services", "organisations", "locations"):
        response = lead_client.get(reverse("provision_csv:example", args=[dataset]))
        assert response.status_code == 200
        assert b"name" in b"".join(response.streaming_content)
    OrganisationFactory()  # (the examples do not depend on data)


def test_the_provision_menu_holds_the_lists_and_the_csv_pages(lead_client):
    page = lead_client.get(reverse("wagtailadmin_home")).content.decode()
    for label in ("Provision", "Services", "Organisations", "Types of help", "Audiences", "Languages"):
        assert f'"{label}"' in page
    assert '"Import and export"' in page and reverse("provision_csv:index") in page
