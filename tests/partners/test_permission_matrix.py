"""Who reaches which admin URL: partner A, partner B, a site editor, the inclusion lead and someone signed out.

Each row is an admin URL about partner A's records (or a listing); each column the outcome for a kind of user:

* ``ok``: the page (or file) is served;
* ``missing``: 404, for a record outside the user's organisations (a guessed id finds nothing); for a site
  editor, who keeps no organisation's listings, every service, place and organisation is outside;
* ``denied``: Wagtail's refusal (a redirect to the dashboard saying "Sorry, you do not have permission") or 403;
* ``login``: a redirect to the sign-in page.
"""

import pytest
from django.contrib.admin.utils import quote
from django.urls import reverse

from locations.models import Location
from provision.factories import ServiceFactory
from provision.models import Organisation, ProblemReport, Service
from tests.partners.conftest import client_for

pytestmark = pytest.mark.django_db


def outcome(response) -> str:
    if response.status_code == 200:
        return "ok"
    if response.status_code == 404:
        return "missing"
    if response.status_code == 403:
        return "denied"
    if response.status_code == 302:
        if response.url.startswith(reverse("wagtailadmin_login")):
            return "login"
        if response.url == reverse("wagtailadmin_home"):
            return "denied"
    return f"{response.status_code} {getattr(response, 'url', '')}"


def snippet_url(model, view, *args, **kwargs):
    return reverse(model.snippet_viewset.get_url_name(view), args=[quote(arg) for arg in args], kwargs=kwargs or None)


def chooser_url(model, view, *args):
    return reverse(model.snippet_viewset.chooser_viewset.get_url_name(view), args=args)


@pytest.fixture
def scene(home_page, lead, site_editor, partner_a, partner_b, service_a, service_b, place_a, org_a):
    report = ProblemReport.objects.create(
        service=service_a, organisation=org_a, kind="times", details="The club meets on Wednesdays now."
    )
    # A second revision so that there is something to compare.
    service_a.summary = "Help with computers, on Wednesdays."
    service_a.save_revision(user=lead).publish(user=lead)
    first, latest = service_a.revisions.order_by("created_at", "pk")
    return {
        "users": {
            "partner A": partner_a,
            "partner B": partner_b,
            "site editor": site_editor,
            "lead": lead,
            "anonymous": None,
        },
        "service": service_a,
        "place": place_a,
        "organisation": org_a,
        "report": report,
        "revisions": (first, latest),
        "home": home_page,
    }


# (name, how to make the URL from the scene, {user: expected outcome}).
PARTNER_A_OWN = {
    "partner A": "ok",
    "partner B": "missing",
    "site editor": "missing",
    "lead": "ok",
    "anonymous": "login",
}
LISTING = {**PARTNER_A_OWN, "partner B": "ok", "site editor": "denied"}
ROWS = [
    ("services list", lambda s: snippet_url(Service, "list"), LISTING),
    ("service edit", lambda s: snippet_url(Service, "edit", s["service"].pk), PARTNER_A_OWN),
    ("service history", lambda s: snippet_url(Service, "history", s["service"].pk), PARTNER_A_OWN),
    (
        "service revision comparison",
        lambda s: snippet_url(
            Service,
            "revisions_compare",
            pk=s["service"].pk,
            revision_id_a=s["revisions"][0].pk,
            revision_id_b=s["revisions"][1].pk,
        ),
        PARTNER_A_OWN,
    ),
    (
        "service revert to revision",
        lambda s: snippet_url(Service, "revisions_revert", s["service"].pk, s["revisions"][0].pk),
        PARTNER_A_OWN,
    ),
    ("service workflow history", lambda s: snippet_url(Service, "workflow_history", s["service"].pk), PARTNER_A_OWN),
    (
        "service delete",
        lambda s: snippet_url(Service, "delete", s["service"].pk),
        {**PARTNER_A_OWN, "partner A": "denied"},
    ),
    (
        "service unpublish",
        lambda s: snippet_url(Service, "unpublish", s["service"].pk),
        {**PARTNER_A_OWN, "partner A": "denied"},
    ),
    (
        "service usage",
        lambda s: snippet_url(Service, "usage", s["service"].pk),  # it lists records of every organisation
        {**PARTNER_A_OWN, "partner A": "denied", "partner B": "denied", "site editor": "denied"},
    ),
    ("service copy", lambda s: snippet_url(Service, "copy", s["service"].pk), PARTNER_A_OWN),
    (
        "service chooser",  # open to anyone in the admin, as Wagtail's are, but listing only their own
        lambda s: chooser_url(Service, "choose"),
        {**PARTNER_A_OWN, "partner B": "ok", "site editor": "ok"},
    ),
    ("service chosen", lambda s: chooser_url(Service, "chosen", s["service"].pk), PARTNER_A_OWN),
    ("place edit", lambda s: snippet_url(Location, "edit", s["place"].pk), PARTNER_A_OWN),
    ("place history", lambda s: snippet_url(Location, "history", s["place"].pk), PARTNER_A_OWN),
    (
        "place chosen",  # a published place: anyone may say their service runs there
        lambda s: chooser_url(Location, "chosen", s["place"].pk),
        {**PARTNER_A_OWN, "partner B": "ok", "site editor": "ok"},
    ),
    ("organisation inspect", lambda s: snippet_url(Organisation, "inspect", s["organisation"].pk), PARTNER_A_OWN),
    ("organisation history", lambda s: snippet_url(Organisation, "history", s["organisation"].pk), PARTNER_A_OWN),
    (
        "organisation edit",
        lambda s: snippet_url(Organisation, "edit", s["organisation"].pk),
        {**PARTNER_A_OWN, "partner A": "denied"},
    ),
    ("organisation chosen", lambda s: chooser_url(Organisation, "chosen", s["organisation"].pk), PARTNER_A_OWN),
    ("problem report", lambda s: reverse("problem_reports:edit", args=[s["report"].pk]), PARTNER_A_OWN),
    (
        "problem report history",
        lambda s: reverse("problem_reports:history", args=[s["report"].pk]),
        PARTNER_A_OWN,
    ),
    (
        "problem reports list",
        lambda s: reverse("problem_reports:index"),
        LISTING,
    ),
    (
        "services CSV export",
        lambda s: reverse("provision_csv:export", args=["services"]),
        LISTING,
    ),
    (
        "services CSV export with internal data",
        lambda s: reverse("provision_csv:export", args=["services"]) + "?internal=1",
        {**LISTING, "partner A": "denied", "partner B": "denied"},
    ),
    (
        "services CSV import",
        lambda s: reverse("provision_csv:import", args=["services"]),
        LISTING,
    ),
    (
        "places CSV import",
        lambda s: reverse("provision_csv:import", args=["locations"]),
        {**LISTING, "partner A": "denied", "partner B": "denied"},
    ),
    (
        "applications to join",
        lambda s: reverse("partner_applications:index"),
        {**LISTING, "partner A": "denied", "partner B": "denied"},
    ),
    (
        "partner accounts",
        lambda s: reverse("partner_accounts:index"),
        {**LISTING, "partner A": "denied", "partner B": "denied"},
    ),
    (
        "listings to review",
        lambda s: reverse("listings_to_review"),
        LISTING,
    ),
    (
        "workflow report",
        lambda s: reverse("wagtailadmin_reports:workflow"),
        {**LISTING, "partner A": "denied", "partner B": "denied", "site editor": "ok"},
    ),
    (
        "workflows settings",
        lambda s: reverse("wagtailadmin_workflows:index"),
        {**LISTING, "partner A": "denied", "partner B": "denied", "lead": "denied"},
    ),
    (
        "page explorer",
        lambda s: reverse("wagtailadmin_explore", args=[s["home"].pk]),
        {**LISTING, "partner A": "denied", "partner B": "denied", "site editor": "ok"},
    ),
]


@pytest.mark.parametrize(("name", "make_url", "expected"), ROWS, ids=[row[0] for row in ROWS])
def test_admin_url_matrix(scene, name, make_url, expected):
    url = make_url(scene)
    actual = {who: outcome(client_for(user).get(url)) for who, user in scene["users"].items()}
    assert actual == expected, url


def test_listings_hold_only_the_partners_own_records(scene, service_b, place_b):
    partner = client_for(scene["users"]["partner A"])
    page = partner.get(snippet_url(Service, "list")).content.decode()
    assert "Computer club" in page and "Phone help" not in page
    places = partner.get(snippet_url(Location, "list")).content.decode()
    assert "Battersea Library" in places and "Tooting Community Hall" not in places
    organisations = partner.get(snippet_url(Organisation, "list")).content.decode()
    assert "Age UK Wandsworth" in organisations and "Tooting Tech Club" not in organisations
    # The organisation filter offers only their own, too.
    assert "Tooting Tech Club" not in page


def test_exports_hold_only_the_partners_own_services(scene, service_b):
    partner = client_for(scene["users"]["partner A"])
    for url in (
        reverse("provision_csv:export", args=["services"]),
        snippet_url(Service, "list") + "?download=csv",
        snippet_url(Location, "list") + "?export=csv",  # Wagtail's own spreadsheet export of a listing
        reverse("provision_csv:export", args=["organisations"]),
        reverse("provision_csv:export", args=["locations"]),
    ):
        response = partner.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8-sig")
        assert "Computer club" in text or "Battersea" in text or "Age UK" in text, url
        assert "Phone help" not in text and "Tooting" not in text, url
        assert "commissioner" not in text and "Secret Sam" not in text and "internal_notes" not in text, url


def test_the_lead_exports_everything(scene, service_b):
    lead = client_for(scene["users"]["lead"])
    text = lead.get(reverse("provision_csv:export", args=["services"]) + "?internal=1").content.decode("utf-8-sig")
    assert "Computer club" in text and "Phone help" in text and "Secret Sam" in text


def test_choosers_offer_only_what_the_partner_may_pick(scene, service_b, place_b):
    partner = client_for(scene["users"]["partner A"])
    organisations = partner.get(chooser_url(Organisation, "choose")).json()["html"]
    assert "Age UK Wandsworth" in organisations and "Tooting Tech Club" not in organisations
    services = partner.get(chooser_url(Service, "choose")).json()["html"]
    assert "Computer club" in services and "Phone help" not in services
    # Published places are public: a partner may run a service at any of them; drafts of others' are hidden.
    draft = Location.objects.create(name="Secret Draft Hall", live=False)
    places = partner.get(chooser_url(Location, "choose")).json()["html"]
    assert "Battersea Library" in places and "Tooting Community Hall" in places
    assert "Secret Draft Hall" not in places
    assert partner.get(chooser_url(Location, "chosen", draft.pk)).status_code == 404


def test_site_history_shows_only_the_partners_own_records(scene, service_b):
    partner = client_for(scene["users"]["partner A"])
    page = partner.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Computer club" in page
    assert "Phone help" not in page
    lead = client_for(scene["users"]["lead"])
    everything = lead.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Computer club" in everything and "Phone help" in everything


def test_a_guessed_id_of_a_draft_of_another_organisation_is_not_found(scene, org_b):
    draft = ServiceFactory(name="Unannounced pilot", organisation=org_b, live=False)
    partner = client_for(scene["users"]["partner A"])
    for view in ("edit", "history", "workflow_history", "copy"):
        assert partner.get(snippet_url(Service, view, draft.pk)).status_code == 404, view
    assert partner.post(snippet_url(Service, "edit", draft.pk), {"name": "Hijacked"}).status_code == 404
    assert partner.post(snippet_url(Service, "lock", draft.pk)).status_code == 404
    assert partner.get(f"/admin/snippets/provision/service/edit/{draft.pk}999/").status_code == 404
    draft.refresh_from_db()
    assert draft.name == "Unannounced pilot"
