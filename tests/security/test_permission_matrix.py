"""The permissions matrix: every admin, portal, API, export and public URL against every role.

Each row of MATRIX is a URL (made from the records in tests/security/permission_world.py) and what each of
eight people gets from it, in the column order of ROLES:

    anonymous | resident | champion | partner A | partner B | site editor | lead | admin

"Resident" has an account and no role; "champion" is Digital Champion X; partner B's organisation owns the
records in the rows, so partner A is someone from another organisation guessing their ids. Each cell is its own
test (``<row>-<role>``). The codes:

    ok      200, showing the row's record
    mine    200, a list of the user's own records only: the row's record (organisation B's) is not in it
    done    a redirect after a POST that did what it asked (and the database shows it)
    away    a redirect elsewhere after a GET (a signed-in person asking for the sign-in page)
    404     not found: a record outside the user's organisations, a draft on the public site, a guessed id
    403     forbidden (outside the admin)
    405     a GET of something that is only ever posted to
    login   a redirect to the admin's sign-in page (signed out)
    noadm   a redirect to the admin's sign-in page saying "You do not have permission to access the admin"
    deny    a redirect to the admin's dashboard saying "Sorry, you do not have permission to access this area"
    signin  a redirect to the champions' sign-in page (signed out)
    notch   403 with "You do not have a Digital Champion account" (signed in, not a champion)

Every response, allowed or not, is also searched for the private and internal data the role may never see
(NEVER_SEEN_BY in permission_world.py): the council's internal notes about a service, champions' contact
details, DBS certificate numbers, problem reporters' emails, drafts... A row that changes something (a POST,
or a look at a DBS record, which is logged) says how to tell whether it did: it must have happened in the
cells whose code is ``done`` (or ``ok`` for a logged look) and nowhere else.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from wagtail.admin.models import EditingSession
from wagtail.test.utils.form_data import querydict_from_html

from borough_site import roles
from champions.emails import keep_active_link
from champions.models import Champion, ChampionStatus, DBSAccessLog, ExportLog, HelpLog
from locations.models import Location, Postcode, Ward
from provision.api.ids import make_id
from provision.models import (
    ApplicationStatus,
    Organisation,
    OrganisationMembership,
    PartnerApplication,
    ProblemReport,
    ReportStatus,
    Service,
    ServiceType,
)
from tests.security.permission_world import NEVER_SEEN_BY, ROLES, SECRETS, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

NOT_ADMIN = "You do not have permission to access the admin"
SORRY = "Sorry, you do not have permission to access this area"
NOT_A_CHAMPION = "You do not have a Digital Champion account"


# URLs --------------------------------------------------------------------------------------------------------


def snippet(model, view, *args, **kwargs) -> str:
    return reverse(model.snippet_viewset.get_url_name(view), args=[quote(a) for a in args], kwargs=kwargs or None)


def chooser(model, view, *args) -> str:
    return reverse(model.snippet_viewset.chooser_viewset.get_url_name(view), args=args)


def named(name, *args) -> Callable:
    """The URL called `name`, with arguments taken from the world where they are functions of it."""
    return lambda w: reverse(name, args=[arg(w) if callable(arg) else arg for arg in args])


def oruk_id(record) -> str:
    return make_id(f"provision.{type(record).__name__.lower()}", record.pk)


# Requests ----------------------------------------------------------------------------------------------------


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def body_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig", errors="replace")


def form_from(url, as_user="admin", form_id="w-editor-form"):
    """The form on `url` as `as_user` sees it (all its fields, inline formsets included), to post as someone else."""

    def build(w, changes):
        page = client_for(w.users[as_user]).get(url(w))
        assert page.status_code == 200, (url(w), page.status_code)
        form = querydict_from_html(page.content.decode(), form_id=form_id)
        for name, value in changes.items():
            value = value(w) if callable(value) else value
            if isinstance(value, list):
                form.setlist(name, value)
            else:
                form[name] = value
        return form

    return build


def post(url, data=None, *, form=None, **changes) -> Callable:
    """A POST of `data`, or of the form on the page (as the administrator sees it) with `changes`."""

    def send(client, w):
        payload = form(w, changes) if form else (data(w) if callable(data) else data or {})
        return client.post(url(w), payload)

    return send


def post_form(url, *, form_id="w-editor-form", **changes) -> Callable:
    """A POST of the form on `url`, as the administrator sees it, with `changes`."""
    return post(url, form=form_from(url, form_id=form_id), **changes)


def outcome(response) -> str:
    status = response.status_code
    messages = " ".join(str(message) for message in get_messages(response.wsgi_request))
    if status == 302:
        location = response["Location"]
        if location.startswith(reverse("wagtailadmin_login")):
            return "noadm" if NOT_ADMIN in messages else "login"
        if location.startswith(reverse("champions:sign_in")):
            return "signin"
        if location == reverse("wagtailadmin_home") and SORRY in messages:
            return "deny"
        return "done" if response.request["REQUEST_METHOD"] == "POST" else "away"
    if status == 403 and NOT_A_CHAMPION in body_of(response):
        return "notch"
    if status in (200, 403, 404, 405):
        return "ok" if status == 200 else str(status)
    return f"{status} {response.get('Location', '')}".strip()


# The matrix ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    name: str
    url: Callable
    expect: str  # one code per role, in ROLES order
    shows: str = ""  # what an "ok" response shows (the record, the list's entry)
    send: Callable | None = None  # how to make the request, if not a GET of `url`
    happened: Callable | None = None  # whether the request changed what it asks to (the database says)
    happens_on: str = "done"  # the code of the cells where it must have happened
    public: bool = False  # a public page or the open API: no private or internal data for anyone at all

    def codes(self) -> dict[str, str]:
        codes = self.expect.split()
        assert len(codes) == len(ROLES), self.name
        return dict(zip(ROLES, codes, strict=True))


def rows(*items, public=False) -> list[Row]:
    return [Row(*item, public=public) if isinstance(item, tuple) else item for item in items]


B = "Tooting Tech Club"
EVERYONE = "ok ok ok ok ok ok ok ok"
NOBODY = "404 404 404 404 404 404 404 404"
PORTAL = "signin notch ok notch notch notch notch notch"  # the champion's own pages
ADMIN_HOME = "login noadm noadm ok ok ok ok ok"  # anyone with admin access
LEAD = "login noadm noadm deny deny deny ok ok"  # the inclusion lead and administrators
SUPERUSER = "login noadm noadm deny deny deny deny ok"  # administrators only
NOT_EVEN_ADMIN = "login noadm noadm deny deny deny deny deny"  # read-only records, even for administrators
PARTNERS = "login noadm noadm ok ok deny ok ok"  # partner editors and the lead
PARTNERS_LIST = "login noadm noadm mine ok deny ok ok"  # ... a list in which partner A finds only their own
OWNER = "login noadm noadm 404 ok 404 ok ok"  # organisation B's record: partner B and the lead
OWNER_READS = "login noadm noadm 404 deny 404 ok ok"  # ... that partner B may look at but not do this to
OWNER_LOOKS = "login noadm noadm 404 deny 404 deny ok"  # ... that only administrators may do this to
LIMITED_DENIED = "login noadm noadm deny deny deny ok ok"  # refused to anyone limited to some organisations

PUBLIC = rows(
    ("home page", lambda w: "/", EVERYONE, "Find free digital help"),
    ("find help", named("find_help"), EVERYONE),
    ("find help: a search", lambda w: reverse("find_help") + "?postcode=SW17+0RG&distance=5", EVERYONE),
    ("find Wi-Fi and computers", named("find_access_points"), EVERYONE),
    ("map feed", named("places_geojson"), EVERYONE, "Tooting Community Hall"),
    ("services CSV download", named("download_services_csv"), EVERYONE, "Phone help"),
    ("places CSV download", named("download_places_csv"), EVERYONE, "Tooting Community Hall"),
    ("directory GeoJSON download", named("download_directory_geojson"), EVERYONE, "Phone help"),
    ("service B's page", named("service_detail", "phone-help"), EVERYONE, "Phone help"),
    ("a draft service's page", named("service_detail", "unannounced-pilot"), NOBODY),
    ("place B's page", named("place_detail", "tooting-community-hall"), EVERYONE, "Tooting Community Hall"),
    ("a draft place's page", named("place_detail", "secret-draft-hall"), NOBODY),
    ("organisation B's page", named("organisation_detail", lambda w: w.org_b.slug), EVERYONE, B),
    ("report a problem with service B", named("report_service_problem", "phone-help"), EVERYONE, "Phone help"),
    ("report a problem with a draft", named("report_service_problem", "unannounced-pilot"), NOBODY),
    ("list your service", named("partner_apply"), EVERYONE),
    ("data sources", named("data_sources"), EVERYONE),
    ("champion sign-in", named("champions:sign_in"), "ok away away away away away away away"),
    ("keep active: champion Y's emailed link", lambda w: keep_active_link(w.champion_y), EVERYONE, "Yasmin"),
    ("keep active: a made-up link", named("champions:keep_active", "not-a-real-token"), NOBODY),
    ("still correct: a made-up link", named("partner_confirm_review", "not-a-real-token"), NOBODY),
    public=True,
)

API = rows(
    ("API index", named("oruk:index"), EVERYONE),
    ("API OpenAPI document", named("oruk:openapi"), EVERYONE),
    ("API services", lambda w: "/api/oruk/services?per_page=50", EVERYONE, "Phone help"),
    ("API service B", lambda w: f"/api/oruk/services/{oruk_id(w.service_b)}", EVERYONE, "Phone help"),
    ("API a draft service by id", lambda w: f"/api/oruk/services/{oruk_id(w.draft_service)}", NOBODY),
    ("API services at locations", lambda w: "/api/oruk/service_at_locations?per_page=50", EVERYONE, "Phone help"),
    ("API taxonomies", lambda w: "/api/oruk/taxonomies", EVERYONE),
    ("API taxonomy terms", lambda w: "/api/oruk/taxonomy_terms?per_page=100", EVERYONE),
    public=True,
)

PORTAL_ROWS = rows(
    ("portal home", named("champions:portal"), PORTAL, "Xavier"),
    ("portal profile", named("champions:profile"), PORTAL, "xavier@example.org"),
    ("portal training", named("champions:training"), PORTAL, "Champion essentials"),
    (
        "portal: champion X's own certificate",
        named("champions:certificate", lambda w: w.completion_x.certificate_reference),
        PORTAL,
        "Xavier",
    ),
    (
        "portal: champion Y's certificate by its reference",
        named("champions:certificate", lambda w: w.completion_y.certificate_reference),
        "signin notch 404 notch notch notch notch notch",
    ),
    ("portal sessions", named("champions:sessions"), PORTAL),
    ("portal log help", named("champions:log_help"), PORTAL),
    ("portal download my data", named("champions:my_data"), PORTAL, "xavier@example.org"),
    (
        "portal download my data, asking for champion Y's",
        lambda w: reverse("champions:my_data") + f"?champion={w.champion_y.pk}&pk={w.champion_y.pk}",
        PORTAL,
        "xavier@example.org",
    ),
    ("portal leave", named("champions:leave"), PORTAL),
)

WAGTAIL = rows(
    ("admin dashboard", named("wagtailadmin_home"), ADMIN_HOME),
    ("admin: my account", named("wagtailadmin_account"), ADMIN_HOME),
    ("users", named("wagtailusers_users:index"), SUPERUSER, "priya"),
    ("user: partner B's account", named("wagtailusers_users:edit", lambda w: w.partner_b.pk), SUPERUSER, "ben"),
    ("user: add", named("wagtailusers_users:add"), SUPERUSER),
    ("user: delete partner B", named("wagtailusers_users:delete", lambda w: w.partner_b.pk), SUPERUSER),
    ("groups", named("wagtailusers_groups:index"), SUPERUSER, "Inclusion lead"),
    (
        "group: Inclusion lead",
        named("wagtailusers_groups:edit", lambda w: Group.objects.get(name=roles.INCLUSION_LEAD).pk),
        SUPERUSER,
        "Inclusion lead",
    ),
    (
        "settings: help contact",
        named("wagtailsettings:edit", "borough_site", "helpcontactsettings", lambda w: w.help_settings.site_id),
        SUPERUSER,
        "help@example.gov.uk",
    ),
    (
        "report: site history",
        named("wagtailadmin_reports:site_history"),
        "login noadm noadm mine ok mine ok ok",
        "Phone help",
    ),
    (
        "report: workflows",
        named("wagtailadmin_reports:workflow"),
        "login noadm noadm deny deny mine ok ok",
        "Tablet lending",
    ),
    (
        "report: workflow tasks",
        named("wagtailadmin_reports:workflow_tasks"),
        "login noadm noadm deny deny mine ok ok",
        "Tablet lending",
    ),
    (
        "admin API: a draft page",
        lambda w: f"/admin/api/main/pages/{w.draft_page.pk}/",
        "login noadm noadm 404 404 ok ok ok",
        "Draft strategy page",
    ),
    # Wagtail's admin API lists every document's title to anyone in the admin, though partner editors have no
    # document permissions (the documents list and chooser hide them). The files are public at /documents/.
    ("admin API: documents", lambda w: "/admin/api/main/documents/", ADMIN_HOME, "Volunteer handbook"),
    ("report: locked pages", named("wagtailadmin_reports:locked_pages"), SUPERUSER),  # needs "unlock" on pages
    ("report: aging pages", named("wagtailadmin_reports:aging_pages"), "login noadm noadm deny deny ok ok ok"),
    ("report: page types", named("wagtailadmin_reports:page_types_usage"), "login noadm noadm deny deny ok ok ok"),
    ("workflows", named("wagtailadmin_workflows:index"), SUPERUSER, "Listing approval"),
    ("pages: explorer", named("wagtailadmin_explore", lambda w: w.home.pk), "login noadm noadm deny deny ok ok ok"),
    ("pages: edit home", named("wagtailadmin_pages:edit", lambda w: w.home.pk), "login noadm noadm deny deny ok ok ok"),
    ("images", named("wagtailimages:index"), "login noadm noadm ok ok ok ok ok"),
    ("image chooser", named("wagtailimages_chooser:choose"), "login noadm noadm ok ok ok ok ok"),
    ("documents", named("wagtaildocs:index"), "login noadm noadm deny deny ok ok ok", "Volunteer handbook"),
    (
        "document chooser",
        named("wagtaildocs_chooser:choose"),
        "login noadm noadm mine mine ok ok ok",
        "Volunteer handbook",
    ),
    # Every snippet model is in a menu group of its own, so Wagtail's list of snippet types is empty for everyone.
    ("snippets index", named("wagtailsnippets:index"), NOT_EVEN_ADMIN),
)

SERVICES = rows(
    ("services", lambda w: snippet(Service, "list"), PARTNERS_LIST, "Phone help"),
    ("services: CSV of the list", lambda w: snippet(Service, "list") + "?download=csv", PARTNERS_LIST, "Phone help"),
    (
        "services: CSV with internal data",
        lambda w: snippet(Service, "list") + "?download=internal-csv",
        LEAD,
        SECRETS["internal notes"],
    ),
    ("services: list results", lambda w: snippet(Service, "list_results"), PARTNERS_LIST, "Phone help"),
    (
        "services: chooser search",
        lambda w: chooser(Service, "choose_results") + "?q=phone",
        "login noadm noadm mine ok mine ok ok",
        "Phone help",
    ),
    ("service: add", lambda w: snippet(Service, "add"), PARTNERS),
    ("service B: edit", lambda w: snippet(Service, "edit", w.service_b.pk), OWNER, "Phone help"),
    ("service B: history", lambda w: snippet(Service, "history", w.service_b.pk), OWNER, "Phone help"),
    (
        "service B: compare revisions",
        lambda w: snippet(
            Service,
            "revisions_compare",
            pk=w.service_b.pk,
            revision_id_a=w.revisions_b[0].pk,
            revision_id_b=w.revisions_b[-1].pk,
        ),
        OWNER,
        "Phone help",
    ),
    (
        "service B: revert to a revision",
        lambda w: snippet(Service, "revisions_revert", w.service_b.pk, w.revisions_b[0].pk),
        OWNER,
        "Phone help",
    ),
    ("service B: workflow history", lambda w: snippet(Service, "workflow_history", w.service_b.pk), OWNER),
    (
        "service waiting for approval: workflow history",
        lambda w: snippet(Service, "workflow_history_detail", w.pending_service.pk, w.pending_task.workflow_state_id),
        OWNER,
        "Tablet lending",
    ),
    (
        "service waiting for approval: cancel the workflow",
        lambda w: snippet(Service, "confirm_workflow_cancellation", w.pending_service.pk),
        OWNER,
    ),
    ("service B: copy", lambda w: snippet(Service, "copy", w.service_b.pk), OWNER, "Phone help"),
    ("service B: delete", lambda w: snippet(Service, "delete", w.service_b.pk), OWNER_READS, "Phone help"),
    ("service B: unpublish", lambda w: snippet(Service, "unpublish", w.service_b.pk), OWNER_READS, "Phone help"),
    ("service B: usage", lambda w: snippet(Service, "usage", w.service_b.pk), LIMITED_DENIED, "Phone help"),
    ("service B: chosen", lambda w: chooser(Service, "chosen", w.service_b.pk), OWNER, "Phone help"),
    ("service chooser", lambda w: chooser(Service, "choose"), "login noadm noadm mine ok mine ok ok", "Phone help"),
    ("draft service B: edit", lambda w: snippet(Service, "edit", w.draft_service.pk), OWNER, SECRETS["draft service"]),
    (
        "service waiting for approval: approve form",
        lambda w: snippet(Service, "collect_workflow_action_data", w.pending_service.pk, "approve", w.pending_task.pk),
        OWNER_READS,
    ),
    (
        "a service id that does not exist: edit",
        lambda w: snippet(Service, "edit", 987654321),
        "login noadm noadm 404 404 404 404 404",
    ),
    ("listings to review", named("listings_to_review"), PARTNERS),
)

PLACES = rows(
    ("places", lambda w: snippet(Location, "list"), PARTNERS_LIST, "Tooting Community Hall"),
    (
        "places: spreadsheet export",
        lambda w: snippet(Location, "list") + "?export=csv",
        PARTNERS_LIST,
        "Tooting Community Hall",
    ),
    ("place: add", lambda w: snippet(Location, "add"), PARTNERS),
    ("place B: copy", lambda w: snippet(Location, "copy", w.place_b.pk), OWNER, "Tooting Community Hall"),
    ("place B: edit", lambda w: snippet(Location, "edit", w.place_b.pk), OWNER, "Tooting Community Hall"),
    ("place B: history", lambda w: snippet(Location, "history", w.place_b.pk), OWNER, "Tooting Community Hall"),
    ("place B: delete", lambda w: snippet(Location, "delete", w.place_b.pk), OWNER_READS, "Tooting Community Hall"),
    ("place B: usage", lambda w: snippet(Location, "usage", w.place_b.pk), LIMITED_DENIED, "Tooting Community Hall"),
    ("draft place B: edit", lambda w: snippet(Location, "edit", w.draft_place.pk), OWNER, SECRETS["draft place"]),
    ("draft place B: chosen", lambda w: chooser(Location, "chosen", w.draft_place.pk), OWNER, SECRETS["draft place"]),
    ("place chooser", lambda w: chooser(Location, "choose"), "login noadm noadm ok ok ok ok ok", "Tooting"),
    ("wards", lambda w: snippet(Ward, "list"), LEAD, "Tooting Broadway"),
    ("ward: inspect", lambda w: snippet(Ward, "inspect", w.ward.pk), LEAD, "Tooting Broadway"),
    ("ward: edit", lambda w: snippet(Ward, "edit", w.ward.pk), NOT_EVEN_ADMIN),
    ("postcodes", lambda w: snippet(Postcode, "list"), LEAD, "SW17 0RG"),
    ("postcode: edit", lambda w: snippet(Postcode, "edit", "SW17 0RG"), NOT_EVEN_ADMIN),
    ("map editor: geocode", lambda w: reverse("locations_admin:geocode") + "?q=SW17+0RG", ADMIN_HOME),
    ("map editor: ward boundaries", named("locations_admin:wards"), ADMIN_HOME),
)

ORGANISATIONS = rows(
    ("organisations", lambda w: snippet(Organisation, "list"), PARTNERS_LIST, B),
    ("organisation chooser", lambda w: chooser(Organisation, "choose"), "login noadm noadm mine ok mine ok ok", B),
    ("organisation: add", lambda w: snippet(Organisation, "add"), LEAD),
    ("organisation B: inspect", lambda w: snippet(Organisation, "inspect", w.org_b.pk), OWNER, B),
    ("organisation B: history", lambda w: snippet(Organisation, "history", w.org_b.pk), OWNER, B),
    ("organisation B: edit", lambda w: snippet(Organisation, "edit", w.org_b.pk), OWNER_READS, B),
    ("organisation B: delete", lambda w: snippet(Organisation, "delete", w.org_b.pk), OWNER_READS, B),
    ("organisation B: copy", lambda w: snippet(Organisation, "copy", w.org_b.pk), OWNER_READS, B),
    ("organisation B: chosen", lambda w: chooser(Organisation, "chosen", w.org_b.pk), OWNER, B),
    ("types of help", lambda w: snippet(ServiceType, "list"), LEAD, "One-to-one and drop-in help"),
    (
        "type of help: edit",
        lambda w: snippet(ServiceType, "edit", w.service_type.pk),
        LEAD,
        "One-to-one and drop-in help",
    ),
)

REPORTS_AND_PARTNERS = rows(
    ("problem reports", named("problem_reports:index"), PARTNERS_LIST, "Phone help"),
    ("problem report B", named("problem_reports:edit", lambda w: w.report_b.pk), OWNER, "Phone help"),
    ("problem report B: history", named("problem_reports:history", lambda w: w.report_b.pk), OWNER),
    ("problem report B: delete", named("problem_reports:delete", lambda w: w.report_b.pk), OWNER_LOOKS),
    ("problem report B: usage", named("problem_reports:usage", lambda w: w.report_b.pk), LIMITED_DENIED),
    ("problem report: add", named("problem_reports:add"), SUPERUSER),
    ("applications to join", named("partner_applications:index"), LEAD, "Roehampton Repair Cafe"),
    (
        "application to join",
        named("partner_applications:inspect", lambda w: w.application.pk),
        LEAD,
        "Roehampton Repair Cafe",
    ),
    ("application: approve", named("partner_applications:approve", lambda w: w.application.pk), LEAD),
    ("application: decline", named("partner_applications:decline", lambda w: w.application.pk), LEAD),
    ("application: delete", named("partner_applications:delete", lambda w: w.application.pk), SUPERUSER),
    ("partner accounts", named("partner_accounts:index"), LEAD, "ben@tootingtech"),
    ("partner account: add", named("partner_accounts:add"), LEAD),
    ("partner account B: remove", named("partner_accounts:delete", lambda w: w.membership_b.pk), LEAD),
)

CSV = rows(
    ("CSV import and export", named("provision_csv:index"), PARTNERS),
    ("CSV: import services", named("provision_csv:import", "services"), PARTNERS),
    ("CSV: import places", named("provision_csv:import", "locations"), LEAD),
    ("CSV: import organisations", named("provision_csv:import", "organisations"), LEAD),
    ("CSV: export services", named("provision_csv:export", "services"), PARTNERS_LIST, "Phone help"),
    (
        "CSV: export services with internal data",
        lambda w: reverse("provision_csv:export", args=["services"]) + "?internal=1",
        LEAD,
        SECRETS["internal notes"],
    ),
    ("CSV: export places", named("provision_csv:export", "locations"), PARTNERS_LIST, "Tooting Community Hall"),
    ("CSV: export organisations", named("provision_csv:export", "organisations"), PARTNERS_LIST, B),
    ("CSV: example services file", named("provision_csv:example", "services"), ADMIN_HOME, "Computer club"),
)

INSIGHT = rows(
    ("insight: gaps", named("insight_gaps"), LEAD),
    ("insight: gaps map feed", named("insight_wards_geojson"), LEAD),
    ("insight: duplication", named("insight_duplication"), LEAD),
    ("insight: funding", named("insight_funding"), LEAD, "Phone help"),
    ("insight: scorecard", named("insight_scorecard"), LEAD),
    ("insight: scorecard CSV", named("insight_scorecard_csv"), LEAD),
)

CHAMPIONS_ADMIN = rows(
    ("champions dashboard", named("champions_admin:dashboard"), LEAD),
    ("champions export form", named("champions_admin:export"), LEAD),
    ("champions group email form", named("champions_admin:email"), LEAD),
    ("champions", named("champions_champion:index"), LEAD, "Yasmin"),
    ("champion Y", named("champions_champion:inspect", lambda w: w.champion_y.pk), LEAD, SECRETS["champion Y's email"]),
    (
        "champion Y: edit",
        named("champions_champion:edit", lambda w: w.champion_y.pk),
        LEAD,
        SECRETS["champion Y's email"],
    ),
    ("champion Y: history", named("champions_champion:history", lambda w: w.champion_y.pk), LEAD),
    ("champion Y: usage", named("champions_champion:usage", lambda w: w.champion_y.pk), LEAD),
    ("champion Y: delete", named("champions_champion:delete", lambda w: w.champion_y.pk), SUPERUSER),
    ("champion Y: change status", named("champions_champion:status", lambda w: w.champion_y.pk), LEAD),
    ("champion Y: erase", named("champions_champion:erase", lambda w: w.champion_y.pk), LEAD),
    ("champion applications", named("champions_application:index"), LEAD, "Zara"),
    (
        "champion application",
        named("champions_application:inspect", lambda w: w.champion_application.pk),
        LEAD,
        SECRETS["champion applicant's email"],
    ),
    (
        "champion application: approve",
        named("champions_application:approve", lambda w: w.champion_application.pk),
        LEAD,
    ),
    (
        "champion application: decline",
        named("champions_application:decline", lambda w: w.champion_application.pk),
        LEAD,
    ),
    ("help sessions", named("champions_helpsession:index"), LEAD, "Tuesday drop-in"),
    ("help session: edit", named("champions_helpsession:edit", lambda w: w.session.pk), LEAD, "Tuesday drop-in"),
    ("help given", named("champions_helplog:index"), LEAD, SECRETS["champion Y's help log"]),
    ("help given by champion Y: edit", named("champions_helplog:edit", lambda w: w.log_y.pk), LEAD),
    ("courses", named("champions_course:index"), LEAD, "Champion essentials"),
    ("course: edit", named("champions_course:edit", lambda w: w.course.pk), LEAD, "Champion essentials"),
    ("training records", named("champions_trainingcompletion:index"), LEAD, "Yasmin"),
    ("training of champion Y: edit", named("champions_trainingcompletion:edit", lambda w: w.completion_y.pk), LEAD),
    ("champion types", named("champions_championtype:index"), LEAD, "Community volunteer"),
    ("DBS checks", named("champions_dbscheck:index"), LEAD, "Yasmin"),
    (
        "DBS check of champion Y",
        named("champions_dbscheck:inspect", lambda w: w.dbs_check.pk),
        LEAD,
        SECRETS["DBS certificate"],
    ),
    ("DBS check of champion Y: edit", named("champions_dbscheck:edit", lambda w: w.dbs_check.pk), LEAD),
    ("DBS check: add", named("champions_dbscheck:add"), LEAD),
    ("agreements and notices", named("champions_policyversion:index"), LEAD),
    ("export log", named("champions_exportlog:index"), LEAD, "Quarterly report"),
    ("export log entry", named("champions_exportlog:inspect", lambda w: w.export_log.pk), LEAD, "Quarterly report"),
    ("export log entry: edit", named("champions_exportlog:edit", lambda w: w.export_log.pk), NOT_EVEN_ADMIN),
    ("export log entry: delete", named("champions_exportlog:delete", lambda w: w.export_log.pk), NOT_EVEN_ADMIN),
    ("group emails", named("champions_groupemail:index"), LEAD, "Training dates"),
    ("group email", named("champions_groupemail:inspect", lambda w: w.group_email.pk), LEAD, "Training dates"),
    ("DBS access log", named("champions_dbsaccesslog:index"), LEAD, "Yasmin"),
    ("DBS access log entry: edit", named("champions_dbsaccesslog:edit", lambda w: w.dbs_log.pk), NOT_EVEN_ADMIN),
)


# Rows that change something ------------------------------------------------------------------------------------


def latest_name(record) -> str:
    return type(record).objects.get(pk=record.pk).latest_revision.content["name"]


SERVICES_CSV = "name,organisation,summary,description,status,types,cost,how_to_access,locations\n"
# A new service in organisation B's name.
PIRATE_ROW = "Pirate listing,Tooting Tech Club,Sneaked in.,Someone else's name.,Active,one-to-one-help,Free,Drop in,\n"
# A new service of partner A's at organisation B's draft place, named by its slug.
GUESSED_PLACE_ROW = "Borrowed hall,Age UK Wandsworth,Help.,At a place we guessed.,Active,one-to-one-help,Free,Drop in,secret-draft-hall\n"


def csv_upload(row):
    """Upload a services file with `row` and, if the dry run lets it, confirm the import."""
    return lambda client, w: import_services(client, SERVICES_CSV + row)


def import_services(client, text):
    upload = io.BytesIO(text.encode())
    upload.name = "services.csv"
    response = client.post(reverse("provision_csv:import", args=["services"]), {"csv_file": upload})
    pending = client.session.get("provision_csv_imports", {}).get("services") if response.status_code == 200 else None
    if not pending:
        return response
    return client.post(reverse("provision_csv:confirm", args=["services"]), {"token": pending["token"]})


def leave_form(w):
    return {"reason": "Moving away", "confirm": "on"}


def help_log_form(w):
    return {
        "date": w.today.strftime("%d/%m/%Y"),
        "location": w.place_a.pk,
        "minutes": "45",
        "people_helped": "9",
        "new_people": "4",
        "topics": ["email"],
    }


CHANGES = rows(
    Row(
        "POST service B: edit (save draft)",
        lambda w: snippet(Service, "edit", w.service_b.pk),
        "login noadm noadm 404 done 404 done done",
        send=post_form(
            lambda w: snippet(Service, "edit", w.service_b.pk),
            name="Hijacked",
        ),
        happened=lambda w: latest_name(w.service_b) == "Hijacked",
    ),
    Row(
        "POST service: add one in organisation B's name",
        lambda w: snippet(Service, "add"),
        "login noadm noadm ok done deny done done",
        shows="Select a valid choice",
        send=post_form(
            lambda w: snippet(Service, "add"),
            name="Sneaky listing",
            organisation=lambda w: str(w.org_b.pk),
            summary="Sneaked in.",
            description="A listing in someone else's name.",
            types=lambda w: [str(w.service_type.pk)],
        ),
        happened=lambda w: Service.objects.filter(name="Sneaky listing", organisation=w.org_b).exists(),
    ),
    Row(
        "POST service A: run it at organisation B's draft place (a guessed id)",
        lambda w: snippet(Service, "edit", w.service_a.pk),
        # Partner A is told the place is not one they may choose, without its name.
        "login noadm noadm ok 404 404 done done",
        shows="Select a valid choice",
        send=post_form(
            lambda w: snippet(Service, "edit", w.service_a.pk),
            **{"service_locations-0-location": lambda w: str(w.draft_place.pk)},
        ),
        happened=lambda w: (
            Service.objects.get(pk=w.service_a.pk).latest_revision.content["service_locations"][0]["location"]
            == w.draft_place.pk
        ),
    ),
    Row(
        "POST editing session ping: service B",
        lambda w: reverse("wagtailadmin_editing_sessions:ping", args=["provision", "service", w.service_b.pk, 0]),
        "login noadm noadm 404 ok 404 ok ok",
        send=post(
            lambda w: reverse("wagtailadmin_editing_sessions:ping", args=["provision", "service", w.service_b.pk, 0])
        ),
        happened=lambda w: EditingSession.objects.filter(object_id=str(w.service_b.pk)).exists(),
        happens_on="ok",
    ),
    Row(
        "POST service B: delete",
        lambda w: snippet(Service, "delete", w.service_b.pk),
        "login noadm noadm 404 deny 404 done done",
        send=post(lambda w: snippet(Service, "delete", w.service_b.pk)),
        happened=lambda w: not Service.objects.filter(pk=w.service_b.pk).exists(),
    ),
    Row(
        "POST service B: unpublish",
        lambda w: snippet(Service, "unpublish", w.service_b.pk),
        "login noadm noadm 404 deny 404 done done",
        send=post(lambda w: snippet(Service, "unpublish", w.service_b.pk)),
        happened=lambda w: not Service.objects.get(pk=w.service_b.pk).live,
    ),
    Row(
        "POST service B: lock",
        lambda w: snippet(Service, "lock", w.service_b.pk),
        "login noadm noadm 404 deny 404 done done",
        send=post(lambda w: snippet(Service, "lock", w.service_b.pk)),
        happened=lambda w: Service.objects.get(pk=w.service_b.pk).locked,
    ),
    Row(
        "POST service waiting for approval: approve",
        lambda w: snippet(Service, "workflow_action", w.pending_service.pk, "approve", w.pending_task.pk),
        "login noadm noadm 404 deny 404 done done",
        send=post(
            lambda w: snippet(Service, "workflow_action", w.pending_service.pk, "approve", w.pending_task.pk),
            {"comment": "Fine"},
        ),
        happened=lambda w: Service.objects.get(pk=w.pending_service.pk).summary == "Borrow a tablet for a month.",
    ),
    Row(
        "POST organisation B: edit",
        lambda w: snippet(Organisation, "edit", w.org_b.pk),
        "login noadm noadm 404 deny 404 done done",
        send=post_form(
            lambda w: snippet(Organisation, "edit", w.org_b.pk),
            name="Renamed Club",
        ),
        happened=lambda w: Organisation.objects.get(pk=w.org_b.pk).name == "Renamed Club",
    ),
    Row(
        "POST place B: edit (save draft)",
        lambda w: snippet(Location, "edit", w.place_b.pk),
        "login noadm noadm 404 done 404 done done",
        send=post_form(
            lambda w: snippet(Location, "edit", w.place_b.pk),
            name="Hijacked Hall",
        ),
        happened=lambda w: latest_name(w.place_b) == "Hijacked Hall",
    ),
    Row(
        "POST place B: delete",
        lambda w: snippet(Location, "delete", w.place_b.pk),
        "login noadm noadm 404 deny 404 done done",
        send=post(lambda w: snippet(Location, "delete", w.place_b.pk)),
        happened=lambda w: not Location.objects.filter(pk=w.place_b.pk).exists(),
    ),
    Row(
        "POST problem report B: mark it fixed",
        named("problem_reports:edit", lambda w: w.report_b.pk),
        "login noadm noadm 404 done 404 done done",
        send=post_form(
            named("problem_reports:edit", lambda w: w.report_b.pk),
            status=ReportStatus.FIXED,
        ),
        happened=lambda w: ProblemReport.objects.get(pk=w.report_b.pk).status == ReportStatus.FIXED,
    ),
    Row(
        "POST problem report B: delete",
        named("problem_reports:delete", lambda w: w.report_b.pk),
        "login noadm noadm 404 deny 404 deny done",
        send=post(named("problem_reports:delete", lambda w: w.report_b.pk)),
        happened=lambda w: not ProblemReport.objects.filter(pk=w.report_b.pk).exists(),
    ),
    Row(
        "POST application to join: approve",
        named("partner_applications:approve", lambda w: w.application.pk),
        "login noadm noadm deny deny deny done done",
        send=post(named("partner_applications:approve", lambda w: w.application.pk), {"message": ""}),
        happened=lambda w: PartnerApplication.objects.get(pk=w.application.pk).status == ApplicationStatus.APPROVED,
    ),
    Row(
        "POST partner account: add partner A to organisation B",
        named("partner_accounts:add"),
        "login noadm noadm deny deny deny done done",
        send=post(
            named("partner_accounts:add"),
            lambda w: {"organisation": w.org_b.pk, "first_name": "Priya", "last_name": "A", "email": w.partner_a.email},
        ),
        happened=lambda w: OrganisationMembership.objects.filter(user=w.partner_a, organisation=w.org_b).exists(),
    ),
    Row(
        "POST partner account B: remove",
        named("partner_accounts:delete", lambda w: w.membership_b.pk),
        "login noadm noadm deny deny deny done done",
        send=post(named("partner_accounts:delete", lambda w: w.membership_b.pk)),
        happened=lambda w: not OrganisationMembership.objects.filter(pk=w.membership_b.pk).exists(),
    ),
    Row(
        "POST CSV: import a service in organisation B's name",
        named("provision_csv:import", "services"),
        "login noadm noadm ok done deny done done",
        shows="You can only list services for Age UK Wandsworth",
        send=csv_upload(PIRATE_ROW),
        happened=lambda w: Service.objects.filter(name="Pirate listing").exists(),
    ),
    Row(
        "POST CSV: import a service at organisation B's draft place (a guessed slug)",
        named("provision_csv:import", "services"),
        # Partner B may not list services for organisation A, which the file names.
        "login noadm noadm ok ok deny done done",
        send=csv_upload(GUESSED_PLACE_ROW),
        happened=lambda w: Service.objects.filter(name="Borrowed hall").exists(),
    ),
    Row(
        "POST user: partner A into the Inclusion lead group",
        named("wagtailusers_users:edit", lambda w: w.partner_a.pk),
        "login noadm noadm deny deny deny deny done",
        send=post_form(
            named("wagtailusers_users:edit", lambda w: w.partner_a.pk),
            form_id=None,
            groups=lambda w: [str(Group.objects.get(name=roles.INCLUSION_LEAD).pk)],
        ),
        happened=lambda w: w.partner_a.groups.filter(name=roles.INCLUSION_LEAD).exists(),
    ),
    Row(
        "POST champion Y: change status to left",
        named("champions_champion:status", lambda w: w.champion_y.pk),
        "login noadm noadm deny deny deny done done",
        send=post(
            named("champions_champion:status", lambda w: w.champion_y.pk),
            {"status": ChampionStatus.LEFT, "reason": "Testing"},
        ),
        happened=lambda w: Champion.objects.get(pk=w.champion_y.pk).status == ChampionStatus.LEFT,
    ),
    Row(
        "POST champion Y: erase",
        named("champions_champion:erase", lambda w: w.champion_y.pk),
        "login noadm noadm deny deny deny done done",
        send=post(named("champions_champion:erase", lambda w: w.champion_y.pk), {"confirm": "on"}),
        happened=lambda w: Champion.objects.get(pk=w.champion_y.pk).erased_at is not None,
    ),
    Row(
        "POST champions export",
        named("champions_admin:export"),
        "login noadm noadm deny deny deny ok ok",
        shows=SECRETS["champion Y's email"],
        send=post(named("champions_admin:export"), {"dataset": "champions", "reason": "Audit"}),
        happened=lambda w: ExportLog.objects.filter(reason="Audit").exists(),
        happens_on="ok",
    ),
    Row(
        "DBS check of champion Y: every look is logged",
        named("champions_dbscheck:inspect", lambda w: w.dbs_check.pk),
        LEAD,
        shows=SECRETS["DBS certificate"],
        happened=lambda w: DBSAccessLog.objects.exclude(pk=w.dbs_log.pk).exists(),
        happens_on="ok",
    ),
    Row(
        "POST help given by champion Y: delete",
        named("champions_helplog:delete", lambda w: w.log_y.pk),
        "login noadm noadm deny deny deny done done",
        send=post(named("champions_helplog:delete", lambda w: w.log_y.pk)),
        happened=lambda w: not HelpLog.objects.filter(pk=w.log_y.pk).exists(),
    ),
    Row(
        "POST portal: log help",
        named("champions:log_help"),
        "signin notch done notch notch notch notch notch",
        send=post(named("champions:log_help"), help_log_form),
        happened=lambda w: HelpLog.objects.filter(people_helped=9).exists(),
    ),
    Row(
        "POST portal: profile",
        named("champions:profile"),
        "signin notch done notch notch notch notch notch",
        send=post(
            named("champions:profile"),
            {
                "phone": "07700 900 999",
                "home_postcode": "SW17 0RG",
                "skills": ["email"],
                "availability": ["tue-morning"],
            },
        ),
        happened=lambda w: (
            Champion.objects.filter(phone="07700900999").exists()
            or Champion.objects.filter(phone="07700 900 999").exists()
        ),
    ),
    Row(
        "POST portal: leave",
        named("champions:leave"),
        "signin notch done notch notch notch notch notch",
        send=post(named("champions:leave"), leave_form),
        happened=lambda w: Champion.objects.filter(status=ChampionStatus.LEFT).exists(),
    ),
)


def champions_views(model, record, views) -> list[Row]:
    """Rows for the other views of /admin/champions/<model>/: `views` maps each to who may open it."""
    rows_ = []
    for view, expect in views.items():
        name = f"champions_{model}:{view}"
        if view in ("index_results", "add"):
            url = named(name)
        else:
            url = named(name, lambda w, record=record: getattr(w, record).pk)
        rows_.append(Row(f"{model}: {view}", url, expect))
    return rows_


# The lead keeps champions' records (their group's model permissions); administrators may also delete them.
CHAMPIONS_ADMIN_VIEWS = [
    *champions_views(
        "champion",
        "champion_y",
        {"index_results": LEAD, "add": SUPERUSER, "history_results": LEAD},
    ),
    *champions_views(
        "application",
        "champion_application",
        {
            "index_results": LEAD,
            "add": SUPERUSER,
            "edit": LEAD,
            "delete": SUPERUSER,
            "history": LEAD,
            "history_results": LEAD,
            "usage": LEAD,
        },
    ),
    *champions_views(
        "championtype",
        "champion_type",
        {
            "index_results": LEAD,
            "add": LEAD,
            "edit": LEAD,
            "delete": SUPERUSER,
            "history": LEAD,
            "history_results": LEAD,
            "usage": LEAD,
        },
    ),
    *champions_views(
        "course",
        "course",
        {
            "index_results": LEAD,
            "add": LEAD,
            "copy": LEAD,
            "delete": LEAD,
            "history": LEAD,
            "history_results": LEAD,
            "usage": LEAD,
        },
    ),
    *champions_views(
        "helpsession",
        "session",
        {
            "index_results": LEAD,
            "add": LEAD,
            "copy": LEAD,
            "delete": LEAD,
            "history": LEAD,
            "history_results": LEAD,
            "usage": LEAD,
        },
    ),
    *champions_views(
        "helplog",
        "log_y",
        {"index_results": LEAD, "add": LEAD, "history": LEAD, "history_results": LEAD, "usage": LEAD},
    ),
    *champions_views(
        "trainingcompletion",
        "completion_y",
        {
            "index_results": LEAD,
            "add": LEAD,
            "delete": LEAD,
            "history": LEAD,
            "history_results": LEAD,
            "usage": LEAD,
        },
    ),
    *champions_views(
        "dbscheck",
        "dbs_check",
        {"index_results": LEAD, "delete": LEAD, "history": LEAD, "history_results": LEAD, "usage": LEAD},
    ),
    *champions_views(
        "policyversion",
        "policy",
        {
            "index_results": LEAD,
            "add": LEAD,
            "edit": LEAD,
            "copy": LEAD,
            "delete": SUPERUSER,
            "history": LEAD,
            "history_results": LEAD,
            "usage": LEAD,
        },
    ),
    # Logs are written by the code: read-only for everyone (champions/permissions.py).
    *champions_views(
        "exportlog",
        "export_log",
        {
            "index_results": LEAD,
            "add": NOT_EVEN_ADMIN,
            "history": NOT_EVEN_ADMIN,
            "history_results": NOT_EVEN_ADMIN,
            "usage": NOT_EVEN_ADMIN,
        },
    ),
    *champions_views(
        "groupemail",
        "group_email",
        {
            "index_results": LEAD,
            "add": NOT_EVEN_ADMIN,
            "edit": NOT_EVEN_ADMIN,
            "delete": NOT_EVEN_ADMIN,
            "history": NOT_EVEN_ADMIN,
            "history_results": NOT_EVEN_ADMIN,
            "usage": NOT_EVEN_ADMIN,
        },
    ),
    *champions_views(
        "dbsaccesslog",
        "dbs_log",
        {
            "index_results": LEAD,
            "add": NOT_EVEN_ADMIN,
            "delete": NOT_EVEN_ADMIN,
            "history": NOT_EVEN_ADMIN,
            "history_results": NOT_EVEN_ADMIN,
            "usage": NOT_EVEN_ADMIN,
        },
    ),
]

OTHER_PAGES = rows(
    ("health check", named("healthz"), EVERYONE),
    ("report a problem with place B", named("report_place_problem", "tooting-community-hall"), EVERYONE),
    ("report a problem with a draft place", named("report_place_problem", "secret-draft-hall"), NOBODY),
    (
        "API taxonomy",
        lambda w: "/api/oruk/taxonomies/" + client_for(None).get("/api/oruk/taxonomies").json()["contents"][0]["id"],
        EVERYONE,
    ),
    (
        "API taxonomy term",
        lambda w: (
            "/api/oruk/taxonomy_terms/" + client_for(None).get("/api/oruk/taxonomy_terms").json()["contents"][0]["id"]
        ),
        EVERYONE,
    ),
    ("champion password: a made-up link", named("champions:set_password", "MQ", "made-up-token"), EVERYONE),
    ("champion password saved", named("champions:password_set"), EVERYONE),
    ("champion password: ask for a link", named("champions:password_reset"), EVERYONE),
    ("champion password: link sent", named("champions:password_link_sent"), EVERYONE),
    ("partner password: a made-up link", named("partner_set_password", "MQ", "made-up-token"), EVERYONE),
    ("partner password saved", named("partner_password_set"), EVERYONE),
    ("partner password: ask for a link", named("partner_new_link"), EVERYONE),
    ("partner password: link sent", named("partner_new_link_sent"), EVERYONE),
    public=True,
) + rows(
    Row(
        "POST champion sign-out",
        named("champions:sign_out"),
        "signin signin signin signin signin signin signin signin",
        send=post(named("champions:sign_out")),
    ),
    ("listings to review: results", named("listings_to_review_results"), PARTNERS),
    ("problem reports: results", named("problem_reports:index_results"), PARTNERS_LIST, "Phone help"),
    ("problem report B: history results", named("problem_reports:history_results", lambda w: w.report_b.pk), OWNER),
    ("applications to join: results", named("partner_applications:index_results"), LEAD, "Roehampton"),
    ("application to join: history", named("partner_applications:history", lambda w: w.application.pk), LEAD),
    (
        "application to join: history results",
        named("partner_applications:history_results", lambda w: w.application.pk),
        LEAD,
    ),
    ("application to join: usage", named("partner_applications:usage", lambda w: w.application.pk), LEAD),
    ("partner accounts: results", named("partner_accounts:index_results"), LEAD, "ben@tootingtech"),
    ("partner account B: history", named("partner_accounts:history", lambda w: w.membership_b.pk), LEAD),
    (
        "partner account B: history results",
        named("partner_accounts:history_results", lambda w: w.membership_b.pk),
        LEAD,
    ),
    ("partner account B: usage", named("partner_accounts:usage", lambda w: w.membership_b.pk), SUPERUSER),
    # Only ever posted to (with the dry run's token), so a GET is refused to everyone who may import.
    (
        "CSV: confirm an import (GET)",
        named("provision_csv:confirm", "services"),
        "login noadm noadm 405 405 deny 405 405",
    ),
)

MATRIX = [
    *PUBLIC,
    *API,
    *PORTAL_ROWS,
    *WAGTAIL,
    *SERVICES,
    *PLACES,
    *ORGANISATIONS,
    *REPORTS_AND_PARTNERS,
    *CSV,
    *INSIGHT,
    *CHAMPIONS_ADMIN,
    *CHAMPIONS_ADMIN_VIEWS,
    *OTHER_PAGES,
    *CHANGES,
]
CELLS = [pytest.param(row, role, id=f"{row.name}-{role}") for row in MATRIX for role in ROLES]


@pytest.mark.parametrize(("row", "role"), CELLS)
def test_permission_matrix(world, row, role):
    w = world
    expected = row.codes()[role]
    client = client_for(w.users[role])
    url = row.url(w)
    response = row.send(client, w) if row.send else client.get(url)
    actual = outcome(response)
    if actual == "ok" and expected == "mine":
        actual = "mine"  # a 200 either way: whose records it holds is checked below
    assert actual == expected, f"{role} at {url}: expected {expected}, got {actual}"

    text = body_of(response)
    if expected == "ok" and row.shows:
        assert row.shows in text, f"{role} at {url}: the page does not show {row.shows!r}"
    if expected == "mine":
        assert row.shows not in text, f"{role} at {url}: the list shows organisation B's {row.shows!r}"
    leaked = [name for name in (SECRETS if row.public else NEVER_SEEN_BY[role]) if SECRETS[name] in text]
    assert not leaked, f"{role} at {url} sees {leaked}"

    if row.happened is not None:
        should_have = expected == row.happens_on
        assert row.happened(w) == should_have, f"{role} at {url}: it {'did not happen' if should_have else 'happened'}"


def url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from url_names(
                pattern.url_patterns, namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            )
        elif pattern.name:
            yield namespace + pattern.name


def test_the_matrix_has_a_row_for_every_url_of_the_platforms_own(world):
    """A new URL in the apps' urls.py, wagtail_hooks.py or viewsets needs a row saying who may open it.

    Wagtail's own URLs (named "wagtail...") are in the matrix where they show data (users, groups, settings,
    reports, choosers, the admin API...), not all of them.
    """
    in_matrix = {resolve(urlsplit(row.url(world)).path).view_name for row in MATRIX}
    ours = {name for name in url_names(get_resolver().url_patterns) if not name.startswith("wagtail")}
    assert sorted(ours - in_matrix) == []
