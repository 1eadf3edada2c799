"""Bad input, everywhere the public (and the lead) can type: never a server error, never a half-written record.

Every public form gets a catalogue of hostile values in every field (over-long text, HTML and script,
SQL-like text, NUL and other control characters, right-to-left override, emoji, wrong types); every query
parameter of the public pages, the downloads, the map feed, the API and the lead's insight pages gets them
too; the CSV imports get broken files and hostile cells; hypothesis tries arbitrary text on the postcode
parser and on every search parameter. A value that is accepted and stored is shown escaped wherever it is
shown again. The Open Referral UK API is also run through schemathesis (tests/api/test_schemathesis.py).

Run on SQLite and on PostgreSQL: PostgreSQL refuses NUL in text, so a NUL that reaches the database is a 500
there and not on SQLite.
"""

import codecs
import re
from collections import Counter
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from borough_site import roles
from champions.factories import ActiveChampionFactory, CampaignPageFactory, ChampionTypeFactory
from champions.models import Application, Champion, ChampionStatus, HelpLog, LifecycleEvent, PolicyKind, PolicyVersion
from locations.factories import LocationFactory
from locations.geocoding import geocode
from locations.postcodes import (
    INVALID_POSTCODE_MESSAGE,
    as_outcode,
    is_full_postcode,
    looks_like_postcode,
    normalise_postcode,
)
from provision.csv_import import run_import
from provision.factories import OrganisationFactory
from provision.models import (
    Organisation,
    PartnerApplication,
    ProblemReport,
    QueuedEmail,
    RateLimitCounter,
    Service,
)
from provision.resources import ServiceResource
from tests.api.conftest import API, API_FILTER_PARAMETERS, build_directory
from tests.factories import UserFactory
from tests.provision.test_csv_import import SERVICE_HEADINGS, service_row, services_csv

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
# Markup that must never reach a page unescaped.
RAW_MARKUP = ("<script>alert(1)", "<img src=x onerror")

# What people (and robots) type. Each is tried in every field and every parameter.
HOSTILE = {
    "10,000 characters": "x" * 10_000,
    "script": SCRIPT,
    "attribute break-out": IMG,
    "SQL": "'; DROP TABLE provision_service; --",
    "NUL": "\x00",
    "NUL inside text": "Tooting\x00Library",
    "control characters": "\x01\x07\x08\x0b\x0c\x1b\x7f\x9f",
    "right-to-left override": "\u202efdp.exe\u202c",
    "emoji": "👩🏽‍💻🔥",
    "impossible date": "2026-02-31",
    "enormous number": "9" * 40,
    "negative number": "-1",
    "not a number": "NaN",
    "formula": '=HYPERLINK("http://evil.example","Click")',
    "path traversal": "../../../../etc/passwd",
    "whitespace only": " \t\r\n ",
}
# Bytes a browser cannot send as text: invalid UTF-8, which Django decodes with replacement characters.
RAW_QUERY_VALUES = {"invalid UTF-8": "%FF%FE%ED%A0%80", "lone surrogate as UTF-8": "%ED%B2%80"}

TRIED = Counter()


@pytest.fixture(scope="module", autouse=True)
def count_inputs():
    yield
    # For the README: how much bad input this module throws at the site in one run.
    print("\nBad input tried:", dict(TRIED), "total", sum(TRIED.values()))


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.ORUK_API_RATE_LIMIT = 10**9


def clear_rate_limits():
    """Each hostile post is one visitor's first try: the limits are tested in the apps' own tests."""
    RateLimitCounter.objects.all().delete()


def html_of(response) -> str:
    return response.content.decode(errors="replace")


def assert_polite(response, what):
    """Not a server error, and no markup we were sent comes back unescaped."""
    assert response.status_code < 500, what
    if response.get("Content-Type", "").startswith("text/html"):
        html = html_of(response)
        for raw in RAW_MARKUP:
            assert raw not in html, what


def has_error_summary(response) -> bool:
    return 'class="govuk-error-summary"' in html_of(response)


def hostile_variants(field_value_is_list: bool = False):
    """(label, value) pairs for one field: every hostile value, and the wrong type (a list for a scalar)."""
    for label, value in HOSTILE.items():
        yield label, [value] if field_value_is_list else value
    if field_value_is_list:
        yield "many values", list(HOSTILE.values())
        yield "non-numeric ids", ["abc", "1.5", "9" * 40]
    else:
        yield "a list instead of one value", [SCRIPT, "\x00", "x" * 10_000]


# --- Public forms --------------------------------------------------------------------------------------------


@pytest.fixture
def lead(db):
    user = UserFactory(username="lead", email="lead@example.gov.uk")
    user.groups.add(Group.objects.get(name=roles.INCLUSION_LEAD))
    return user


@pytest.fixture
def directory(db):
    return build_directory()


def try_every_field(client, url, valid, records, list_fields=(), accepted=None):
    """Post `valid` with each field in turn replaced by each hostile value.

    `records()` counts what a submission writes; a rejected post must leave it unchanged and show the
    GOV.UK error summary (or be a 4xx). `accepted(response)` says whether a post was taken.
    """
    for field in valid:
        for label, value in hostile_variants(field in list_fields):
            clear_rate_limits()
            before = records()
            response = client.post(url, {**valid, field: value})
            what = (url, field, label)
            TRIED["form fields"] += 1
            assert_polite(response, what)
            if accepted is not None and accepted(response):
                continue
            assert has_error_summary(response) or 400 <= response.status_code < 500, what
            assert records() == before, what


def counts(*querysets):
    return lambda: tuple(queryset.count() for queryset in querysets)


def test_problem_reports_take_any_input(client, directory):
    service, place = directory["drop_in"], directory["library"]
    valid = {"kind": "times", "details": "The Thursday session has moved.", "reporter_email": "", "website": ""}
    records = counts(ProblemReport.objects.all(), QueuedEmail.objects.all())
    for url in (f"/services/{service.slug}/report/", f"/places/{place.slug}/report/"):
        try_every_field(
            client,
            url,
            valid,
            records,
            accepted=lambda response: "Thank you" in html_of(response) and not has_error_summary(response),
        )
    # A value that was accepted was stored without NUL, and nothing about it was half written.
    for report in ProblemReport.objects.all():
        assert "\x00" not in report.details
        assert report.kind == "times"


def test_a_problem_report_full_of_markup_is_shown_escaped_to_the_lead(client, directory, lead):
    service = directory["drop_in"]
    clear_rate_limits()
    response = client.post(
        f"/services/{service.slug}/report/",
        {"kind": "other", "details": f"{SCRIPT} {IMG} \u202eright to left", "reporter_email": ""},
    )
    assert "Thank you" in html_of(response)
    report = ProblemReport.objects.get()
    assert report.details.startswith(SCRIPT)
    client.force_login(lead)
    page = html_of(client.get(reverse("problem_reports:edit", args=[report.pk])))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for raw in RAW_MARKUP:
        assert raw not in page


PARTNER_APPLICATION = {
    "organisation_name": "Tooting Tech Club",
    "organisation_kind": "charity",
    "organisation_email": "hello@tootingtech.example.org",
    "organisation_phone": "020 7946 0000",
    "organisation_website": "https://tootingtech.example.org",
    "charity_number": "1234567",
    "help_offered": "A weekly drop-in.",
    "areas": "Tooting",
    "contact_name": "Ben Okoro",
    "contact_role": "Coordinator",
    "contact_email": "ben@tootingtech.example.org",
    "contact_phone": "07700 900 982",
    "consent": "on",
    "website": "",
}


def test_the_partner_application_takes_any_input(client, home_page):
    records = counts(PartnerApplication.objects.all(), QueuedEmail.objects.all())
    try_every_field(
        client,
        "/list-your-service/",
        PARTNER_APPLICATION,
        records,
        accepted=lambda response: not has_error_summary(response) and response.status_code == 200,
    )
    for application in PartnerApplication.objects.all():
        for field in PARTNER_APPLICATION:
            assert "\x00" not in str(getattr(application, field, ""))


def test_a_partner_application_full_of_markup_is_shown_escaped_to_the_lead(client, home_page, lead):
    clear_rate_limits()
    data = {
        **PARTNER_APPLICATION,
        "organisation_name": SCRIPT,
        "help_offered": IMG,
        "areas": SCRIPT,
        "contact_name": f"{IMG} \u202eEvil",
        "contact_role": SCRIPT,
    }
    response = client.post("/list-your-service/", data)
    assert not has_error_summary(response)
    assert "&lt;script&gt;" in html_of(response)  # the thank-you page names the organisation
    application = PartnerApplication.objects.get()
    assert application.organisation_name == SCRIPT
    client.force_login(lead)
    for url in (
        reverse("partner_applications:inspect", args=[application.pk]),
        reverse("partner_applications:index"),
    ):
        page = html_of(client.get(url))
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        for raw in RAW_MARKUP:
            assert raw not in page


@pytest.fixture
def campaign(home_page):
    ChampionTypeFactory(name="Resident (test)", slug="resident-test")
    return CampaignPageFactory(parent=home_page, title="Library volunteers", slug="library-volunteers")


def champion_application(**overrides):
    from champions.models import ChampionType

    return {
        "first_name": "Amina",
        "last_name": "Okafor",
        "email": "amina@example.org",
        "phone": "07700 900 982",
        "home_postcode": "sw18 2pu",
        "champion_type": ChampionType.objects.get(slug="resident-test").pk,
        "organisation": "",
        "organisation_name": "",
        "languages": [],
        "other_languages": "",
        "skills": ["email"],
        "availability": ["tue-morning"],
        "preferred_places": [],
        "about": "",
        "age_confirmed": "on",
        "privacy_agreed": "on",
        "agreement_agreed": "on",
        "privacy_version": PolicyVersion.current(PolicyKind.PRIVACY_NOTICE).pk,
        "agreement_version": PolicyVersion.current(PolicyKind.AGREEMENT).pk,
        "website": "",
        **overrides,
    }


def test_champion_registration_takes_any_input(client, campaign):
    records = counts(Application.objects.all(), LifecycleEvent.objects.all(), QueuedEmail.objects.all())
    Application.objects.all().delete()
    valid = champion_application()

    def accepted(response):
        if has_error_summary(response):
            return False
        # Only one application per email address: a second is an update. Start each case afresh.
        Application.objects.all().delete()
        LifecycleEvent.objects.all().delete()
        QueuedEmail.objects.all().delete()
        return True

    try_every_field(
        client,
        campaign.url,
        valid,
        records,
        list_fields={"languages", "skills", "availability", "preferred_places"},
        accepted=accepted,
    )


def test_a_champion_application_full_of_markup_is_shown_escaped_to_the_lead(client, campaign, lead):
    clear_rate_limits()
    data = champion_application(
        first_name=SCRIPT, last_name=IMG, organisation_name=SCRIPT, other_languages=IMG, about=SCRIPT
    )
    response = client.post(campaign.url, data)
    assert not has_error_summary(response)
    application = Application.objects.get()
    assert application.first_name == SCRIPT
    client.force_login(lead)
    for url in (
        reverse("champions_application:inspect", args=[application.pk]),
        reverse("champions_application:index"),
    ):
        page = html_of(client.get(url))
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url
        for raw in RAW_MARKUP:
            assert raw not in page, url


@pytest.fixture
def champion(client, directory):
    champion = ActiveChampionFactory(first_name="Grace", email="grace@example.org")
    client.force_login(champion.user)
    return champion


def test_logging_help_takes_any_input(client, champion, directory):
    valid = {
        "date": timezone.localdate().strftime("%d/%m/%Y"),
        "location": directory["library"].pk,
        "other_place": "",
        "minutes": "60",
        "people_helped": "3",
        "new_people": "1",
        "topics": ["email"],
        "signposted_to": [],
    }
    try_every_field(
        client,
        "/champions/portal/log-help/",
        valid,
        counts(HelpLog.objects.all()),
        list_fields={"topics", "signposted_to"},
        accepted=lambda response: response.status_code == 302,
    )
    for log in HelpLog.objects.all():
        assert "\x00" not in log.other_place


@pytest.mark.parametrize("date", ["2026-02-31", "31/02/2026", "0000-01-01", "9999-12-31", "1/1/10000", "29/02/2025"])
def test_impossible_dates_in_the_help_log_are_a_polite_error(client, champion, date):
    response = client.post(
        "/champions/portal/log-help/",
        {"date": date, "other_place": "By phone", "minutes": "60", "people_helped": "1", "new_people": "0"},
    )
    TRIED["form fields"] += 1
    assert response.status_code == 400
    assert "Enter a real date" in html_of(response) or "The date must be" in html_of(response)
    assert not HelpLog.objects.exists()


def test_help_logged_somewhere_full_of_markup_is_shown_escaped(client, champion):
    response = client.post(
        "/champions/portal/log-help/",
        {
            "date": timezone.localdate().strftime("%d/%m/%Y"),
            "other_place": SCRIPT,
            "minutes": "60",
            "people_helped": "1",
            "new_people": "1",
            "topics": ["email"],
        },
    )
    assert response.status_code == 302
    page = html_of(client.get("/champions/portal/"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for raw in RAW_MARKUP:
        assert raw not in page


def test_the_champion_profile_takes_any_input(client, champion):
    valid = {
        "phone": "020 7946 0000",
        "home_postcode": "SW18 2PU",
        "languages": [],
        "other_languages": "",
        "skills": ["email"],
        "availability": ["mon-evening"],
        "preferred_places": [],
    }
    saved = Champion.objects.filter(pk=champion.pk).values().get()

    def accepted(response):
        return response.status_code == 302

    def unchanged():
        now = Champion.objects.filter(pk=champion.pk).values().get()
        return (now["phone"], now["home_postcode"], now["other_languages"])

    for field in valid:
        for label, value in hostile_variants(field in {"languages", "skills", "availability", "preferred_places"}):
            before = unchanged()
            response = client.post("/champions/portal/profile/", {**valid, field: value})
            TRIED["form fields"] += 1
            assert_polite(response, (field, label))
            if accepted(response):
                continue
            assert has_error_summary(response), (field, label)
            assert unchanged() == before, (field, label)
    assert "\x00" not in Champion.objects.get(pk=champion.pk).other_languages
    assert saved["email"] == Champion.objects.get(pk=champion.pk).email

    response = client.post("/champions/portal/profile/", {**valid, "other_languages": SCRIPT})
    assert response.status_code == 302
    page = html_of(client.get("/champions/portal/profile/"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for raw in RAW_MARKUP:
        assert raw not in page


def test_leaving_takes_any_input_and_leaves_only_when_confirmed(client, champion):
    for label, value in hostile_variants():
        response = client.post("/champions/portal/leave/", {"reason": value, "erase": value})
        TRIED["form fields"] += 1
        assert_polite(response, label)
        assert has_error_summary(response), label
        champion.refresh_from_db()
        assert champion.status != ChampionStatus.LEFT
    response = client.post("/champions/portal/leave/", {"reason": "a\x00b", "confirm": "on"})
    assert has_error_summary(response)
    response = client.post("/champions/portal/leave/", {"reason": SCRIPT, "confirm": "on"})
    assert response.status_code == 302
    champion.refresh_from_db()
    assert champion.status == ChampionStatus.LEFT


# Pages behind a token in the address: a made-up or mangled token is a 404 or a polite page.
TOKEN_PATHS = [
    "/partners/set-password/{}/{}/",
    "/champions/set-password/{}/{}/",
    "/partners/still-correct/{}/",
    "/champions/keep-active/{}/",
]
TOKENS = [
    *HOSTILE.values(),
    "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkw",  # base64 of an enormous user id
    "LTE",  # base64 of -1
    "set-password",
    "eyJzIjoxfQ:1abc:invalid",
]


@pytest.mark.parametrize("path", TOKEN_PATHS)
def test_token_pages_take_any_token(client, directory, path):
    for token in TOKENS:
        if not token.strip() or "/" in token:
            continue
        url = path.format(*[quote(token, safe="")] * path.count("{}"))
        for method in (client.get, client.post):
            clear_rate_limits()
            response = method(url, {"new_password1": token, "new_password2": token})
            TRIED["tokens"] += 1
            assert_polite(response, (url[:80], method.__name__))
            assert response.status_code in (200, 302, 404), (url[:80], response.status_code)


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/partners/new-password-link/", "email"),
        ("/champions/new-password-link/", "email"),
        ("/champions/sign-in/", "email"),
        ("/champions/sign-in/", "password"),
    ],
)
def test_account_forms_take_any_input(client, home_page, url, field):
    valid = {"email": "someone@example.org", "password": "not-their-password"}
    for label, value in hostile_variants():
        clear_rate_limits()
        response = client.post(url, {**valid, field: value})
        TRIED["form fields"] += 1
        assert_polite(response, (url, label))
        # The link forms say "sent" for any well-formed address; anything else comes back with the error summary.
        assert response.status_code == 302 or has_error_summary(response), (url, label, response.status_code)
    assert not QueuedEmail.objects.exists()


def test_a_new_password_is_checked_not_crashed_on(client, lead):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    champion = ActiveChampionFactory()
    uid = urlsafe_base64_encode(force_bytes(champion.user.pk))
    url = f"/champions/set-password/{uid}/{default_token_generator.make_token(champion.user)}/"
    form_url = client.get(url)["Location"]
    for label, value in hostile_variants():
        response = client.post(form_url, {"new_password1": value, "new_password2": value})
        TRIED["form fields"] += 1
        assert_polite(response, label)
        assert has_error_summary(response) or response.status_code == 302, label
        if response.status_code == 302:
            break


# --- Query parameters ----------------------------------------------------------------------------------------

FIND_HELP_PARAMETERS = [
    "postcode",
    "q",
    "near",
    "type",
    "free",
    "audience",
    "language",
    "access",
    "distance",
    "open",
    "page",
]


def get_with(client, path, params: dict, raw: str = ""):
    query = urlencode(params, doseq=True)
    return client.get(f"{path}?{query}{'&' + raw if raw else ''}")


def hostile_queries(parameters, base=None, catalogue=HOSTILE):
    base = base or {}
    for parameter in parameters:
        for label, value in catalogue.items():
            yield (parameter, label), {**base, parameter: value}, ""
        yield (parameter, "repeated"), {**base, parameter: [SCRIPT, "\x00", "2"]}, ""
        for label, raw in RAW_QUERY_VALUES.items():
            yield (parameter, label), base, f"{parameter}={raw}"


@pytest.mark.parametrize("path", ["/find-help/", "/find-help/wifi-and-computers/"])
def test_the_search_takes_any_parameters(client, directory, path):
    for base in ({}, {"postcode": "SW18 2PU"}):
        for what, params, raw in hostile_queries(FIND_HELP_PARAMETERS, base):
            response = get_with(client, path, params, raw)
            TRIED["query parameters"] += 1
            assert_polite(response, what)
            assert response.status_code == 200, what


def test_a_search_full_of_markup_is_echoed_escaped(client, directory):
    response = client.get("/find-help/", {"postcode": SCRIPT})
    html = html_of(response)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # in the box, to correct it
    assert "We could not find that place" in html
    response = client.get("/find-help/", {"postcode": "x" * 101})
    assert "Enter a postcode or the name of an area" in html_of(response)
    response = client.get("/find-help/", {"postcode": "SW18\x002PU"})
    assert response.status_code == 200
    assert "Enter a postcode or the name of an area" in html_of(response)


@pytest.mark.parametrize(
    "path",
    [
        "/find-help/places.geojson",
        "/find-help/download/services.csv",
        "/find-help/download/places.csv",
        "/find-help/download/directory.geojson",
        "/data-sources/",
        "/healthz/",
        "/",
    ],
)
def test_feeds_downloads_and_pages_ignore_any_parameters(client, directory, home_page, path):
    for what, params, raw in hostile_queries(["page", "format", "q", "bbox", "download"]):
        response = get_with(client, path, params, raw)
        TRIED["query parameters"] += 1
        assert_polite(response, what)
        if response.status_code == 400:
            # The map feed explains a bounding box it cannot read.
            assert path == "/find-help/places.geojson" and what[0] == "bbox", what
            assert "bbox must be four numbers" in response.json()["error"]
        else:
            assert response.status_code == 200, what


def test_place_service_and_organisation_pages_take_any_slug_and_parameters(client, directory):
    pages = [
        f"/places/{directory['library'].slug}/",
        f"/services/{directory['drop_in'].slug}/",
        f"/organisations/{directory['charity'].slug}/",
        f"/services/{directory['drop_in'].slug}/report/",
    ]
    for page in pages:
        for what, params, raw in hostile_queries(["page", "kind", "q", "print"]):
            response = get_with(client, page, params, raw)
            TRIED["query parameters"] += 1
            assert_polite(response, (page, what))
            assert response.status_code == 200, (page, what)
    for prefix in ("/places/", "/services/", "/organisations/"):
        for value in [*HOSTILE.values(), *RAW_QUERY_VALUES.values()]:
            response = client.get(prefix + quote(value, safe="%") + "/")
            TRIED["paths"] += 1
            assert_polite(response, (prefix, value[:20]))
            assert response.status_code in (301, 404), (prefix, value[:20], response.status_code)


API_LISTS = ["/services", "/service_at_locations", "/taxonomies", "/taxonomy_terms"]
HUGE_PAGES = ["0", "-1", "-9223372036854775809", "9223372036854775808", "1" + "0" * 30, "1e3", "0x10", "١٢"]


def test_the_api_lists_take_any_filter(client, directory):
    for path in API_LISTS:
        for what, params, raw in hostile_queries(API_FILTER_PARAMETERS, {"postcode": "SW18 2PU"}):
            response = get_with(client, API + path, params, raw)
            TRIED["query parameters"] += 1
            assert response.status_code < 500, (path, what)
            assert response["Content-Type"].startswith("application/"), (path, what)
            assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("parameter", ["page", "per_page"])
def test_huge_negative_and_odd_page_numbers_are_a_400_or_an_empty_page(client, directory, parameter):
    for path in API_LISTS:
        for value in HUGE_PAGES:
            response = client.get(API + path, {parameter: value})
            TRIED["query parameters"] += 1
            assert response.status_code in (200, 400), (path, value)
            body = response.json()
            if response.status_code == 400:
                assert parameter in body["detail"]
            else:
                assert body["contents"] == [] or parameter == "per_page"


def test_api_ids_take_any_value(client, directory):
    for path in ("/services/", "/taxonomies/", "/taxonomy_terms/"):
        for value in [*HOSTILE.values(), *RAW_QUERY_VALUES.values()]:
            response = client.get(API + path + quote(value, safe="%"))
            TRIED["paths"] += 1
            assert response.status_code == 404, (path, value[:20])
            assert response.json()["status"] == 404


INSIGHT_PAGES = {
    "wagtailadmin_home": ["q"],
    "insight_gaps": ["local_authority", "walking_km", "service_type"],
    "insight_wards_geojson": ["local_authority", "walking_km", "service_type"],
    "insight_duplication": ["local_authority", "max_km"],
    "insight_scorecard": ["period", "date", "local_authority", "print"],
    "insight_scorecard_csv": ["period", "date", "local_authority"],
    "insight_funding": ["page"],
}
ADMIN_LISTINGS = [
    ("problem_reports:index", ["q", "status", "kind", "organisation", "p", "ordering"]),
    ("partner_applications:index", ["q", "status", "p", "ordering"]),
    ("champions_application:index", ["q", "status", "campaign", "p", "ordering"]),
    ("champions_champion:index", ["q", "state", "ward", "champion_type", "p", "ordering"]),
    ("champions_admin:export", ["dataset", "state", "ward", "campaign", "status"]),
]


# The admin pages are slow to draw: the values most likely to break a filter or a lookup.
FOR_THE_LEAD = {
    label: HOSTILE[label]
    for label in (
        "10,000 characters",
        "script",
        "NUL inside text",
        "impossible date",
        "enormous number",
        "not a number",
    )
}


def test_the_leads_pages_take_any_parameters(client, directory, lead):
    client.force_login(lead)
    for name, parameters in [*INSIGHT_PAGES.items(), *ADMIN_LISTINGS]:
        url = reverse(name)
        for what, params, raw in hostile_queries(parameters, catalogue=FOR_THE_LEAD):
            response = get_with(client, url, params, raw)
            TRIED["query parameters"] += 1
            assert_polite(response, (name, what))
            assert response.status_code in (200, 302, 400, 404), (name, what, response.status_code)


@pytest.mark.parametrize(
    "date", ["0001-01-01", "0001-01-02", "9999-12-31", "9999-06-30", "2026-02-31", "1900-02-29", "10000-01-01"]
)
@pytest.mark.parametrize("period", ["month", "quarter", "year", "financial_year", ""])
def test_the_scorecard_takes_the_first_and_last_days_of_the_calendar(client, lead, period, date):
    client.force_login(lead)
    for name in ("insight_scorecard", "insight_scorecard_csv"):
        response = client.get(reverse(name), {"period": period, "date": date})
        TRIED["query parameters"] += 1
        assert response.status_code == 200, (name, period, date)


# --- Hypothesis: the postcode parser and the search ----------------------------------------------------------

# Any text at all, surrogates and NUL included: the parser is plain Python and must not care.
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=40)
POSTCODE_PARSER = settings(max_examples=300, deadline=None)


@POSTCODE_PARSER
@given(ANY_TEXT)
def test_the_postcode_parser_takes_any_text(text):
    TRIED["hypothesis: postcode parser"] += 1
    try:
        postcode = normalise_postcode(text)
    except Exception as error:
        assert error.messages == [INVALID_POSTCODE_MESSAGE]
    else:
        assert re.fullmatch(r"[A-Z0-9]{2,4} [0-9][A-Z]{2}", postcode)
        assert is_full_postcode(text)
    outcode = as_outcode(text)
    assert outcode is None or re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]?", outcode)
    assert looks_like_postcode(text) in (True, False)


# What a query string can carry: anything but lone surrogates (which Django receives as U+FFFD).
QUERY_TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=120)
SEARCH_VALUES = st.one_of(
    QUERY_TEXT,
    st.sampled_from(
        ["SW18 2PU", "sw182pu", "SW18", "Fairfield", "free-wifi", "now", "monday", "0.5", "10", "on", "pl", "\x00"]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats().map(str),
)
SEARCH_QUERIES = st.dictionaries(
    st.sampled_from([*FIND_HELP_PARAMETERS, "print"]), st.one_of(SEARCH_VALUES, st.lists(SEARCH_VALUES, max_size=3))
)
WEB_FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@WEB_FUZZ
@given(query=SEARCH_QUERIES, access_only=st.booleans())
def test_the_search_takes_any_combination_of_parameters(client, directory, query, access_only):
    TRIED["hypothesis: search parameters"] += 1
    path = "/find-help/wifi-and-computers/" if access_only else "/find-help/"
    response = client.get(path, query)
    assert_polite(response, query)
    assert response.status_code == 200


@settings(WEB_FUZZ, max_examples=100)
@given(query=QUERY_TEXT)
def test_geocoding_takes_any_text(directory, query):
    TRIED["hypothesis: geocoder"] += 1
    if "\x00" in query:
        query = query.replace("\x00", "")  # the search form refuses NUL before it gets here
    result = geocode(query)
    assert result is None or -90 <= result.latitude <= 90


# --- Imports -------------------------------------------------------------------------------------------------

IMPORT_URL = reverse("provision_csv:import", args=["services"])


def upload(client, content: bytes, name="services.csv"):
    return client.post(IMPORT_URL, {"csv_file": SimpleUploadedFile(name, content, "text/csv")})


@pytest.fixture
def listings(db):
    return {
        "organisation": OrganisationFactory(name="Age UK Wandsworth"),
        "place": LocationFactory(name="Battersea Library", slug="battersea-library"),
    }


BROKEN_FILES = {
    "empty": b"",
    "only blank lines": b"\r\n\r\n  \r\n",
    "header only": ",".join(SERVICE_HEADINGS).encode(),
    "wrong headers": b"colour,flavour\r\nred,sweet\r\n",
    "binary": bytes(range(256)) * 40,
    "a PNG": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
    "NUL bytes": b"name,organisation\x00\r\nA\x00,B\r\n",
    "UTF-16 without a byte order mark": "name,organisation\r\nCafé,B\r\n".encode("utf-16-le"),
    "10 MB in one cell": b"name,summary\r\nA," + b"x" * (10 * 1024 * 1024) + b"\r\n",
    "an unclosed quote": b'name,summary\r\n"A,never closed\r\n',
    "more cells than headings": b"name\r\nA,B,C\r\n",
}


@pytest.mark.parametrize("kind", list(BROKEN_FILES))
def test_a_broken_file_is_refused_politely_and_writes_nothing(client, lead, listings, kind):
    client.force_login(lead)
    before = Service.objects.count(), Organisation.objects.count()
    response = upload(client, BROKEN_FILES[kind])
    TRIED["import files"] += 1
    assert response.status_code < 500, kind
    html = html_of(response)
    assert has_error_summary(response) or "error" in html.lower(), kind
    assert "Import 1" not in html
    assert (Service.objects.count(), Organisation.objects.count()) == before


def file_in(encoding: str, text: str) -> bytes:
    if encoding == "utf-16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return text.encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16"])
def test_files_saved_in_other_encodings_are_read(client, lead, listings, encoding):
    client.force_login(lead)
    OrganisationFactory(name="Café Collective")
    text = services_csv(service_row(name="Café computers", organisation="Café Collective", locations=""))
    response = upload(client, file_in(encoding, text))
    TRIED["import files"] += 1
    html = html_of(response)
    assert response.status_code == 200
    assert "Café computers" in html, encoding
    assert not has_error_summary(response), encoding


HOSTILE_CELLS = {
    **{label: value for label, value in HOSTILE.items() if label not in ("10,000 characters",)},
    "10,000 characters": "x" * 10_000,
    "formula =": '=HYPERLINK("http://evil.example","Click")',
    "formula +": "+cmd|' /C calc'!A0",
    "formula -": "-2+3+cmd|' /C calc'!A0",
    "formula @": "@SUM(1+1)*cmd|' /C calc'!A0",
    "formula tab": "\t=1+1",
    "formula CR": "\r=1+1",
}


def test_hostile_cells_are_rejected_by_row_and_nothing_is_written(lead, listings):
    for column in SERVICE_HEADINGS:
        for label, value in HOSTILE_CELLS.items():
            text = services_csv(service_row(**{column: value}), service_row(name="Second row"))
            report = run_import(ServiceResource, text, user=lead, dry_run=False)
            TRIED["import cells"] += 1
            what = (column, label)
            if report.has_errors:
                assert not report.committed, what
                assert report.messages(), what
                assert all(re.match(r"Row [23]\b", message) for message in report.messages()), what
                assert not Service.objects.exists(), what
            else:
                assert report.committed, what
                for service in Service.objects.all():
                    for field in ("name", "summary", "description", "cost_description", "email", "phone", "website"):
                        assert "\x00" not in getattr(service, field), what
                Service.objects.all().delete()


def test_an_imported_service_full_of_markup_is_shown_escaped(client, lead, listings):
    text = services_csv(service_row(name=SCRIPT, summary=IMG, description=SCRIPT, cost_description=IMG))
    report = run_import(ServiceResource, text, user=lead, dry_run=False)
    assert report.committed
    service = Service.objects.get()
    assert service.name == SCRIPT
    client.force_login(lead)
    for url in (reverse("wagtailsnippets_provision_service:list"), f"/services/{service.slug}/"):
        page = html_of(client.get(url))
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url
        for raw in RAW_MARKUP:
            assert raw not in page, url


# --- CSV exports: no cell a spreadsheet would run as a formula -----------------------------------------------

FORMULAS = {
    "=": '=HYPERLINK("http://evil.example","Click")',
    "+": "+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "carriage return": "\r=1+1",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_rows(response) -> list[list[str]]:
    import csv
    import io

    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def assert_no_formulas(rows, what):
    """Every cell a spreadsheet would run starts with an apostrophe instead; numbers stay numbers."""
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        if cell.startswith(FORMULA_STARTS):
            try:
                float(cell)
            except ValueError:
                pytest.fail(f"{what}: {cell!r} would run as a formula")
    TRIED["export cells"] += len(cells)
    return cells


@pytest.fixture
def formulas_everywhere(db, home_page):
    from champions.factories import HelpLogFactory
    from locations.factories import WardFactory
    from provision.factories import ServiceTypeFactory

    ward = WardFactory(name=FORMULAS["+"])
    organisation = OrganisationFactory(name=FORMULAS["="], description=FORMULAS["@"])
    place = LocationFactory(name=FORMULAS["-"], address_line_1=FORMULAS["tab"], ward=ward, description=FORMULAS["="])
    service_type = ServiceTypeFactory(name=FORMULAS["carriage return"], slug="formula-type")
    from provision.factories import ServiceFactory

    ServiceFactory(
        name=FORMULAS["@"],
        summary=FORMULAS["="],
        description=FORMULAS["+"],
        cost_description=FORMULAS["tab"],
        contact_name=FORMULAS["-"],
        organisation=organisation,
        locations=[place],
        types=[service_type.slug],
    )
    champion = ActiveChampionFactory(first_name=FORMULAS["="], last_name=FORMULAS["@"], other_languages=FORMULAS["+"])
    HelpLogFactory(champion=champion, other_place=FORMULAS["-"], location=None)
    return FORMULAS


def test_public_downloads_defuse_formulas(client, formulas_everywhere):
    for name in ("download_services_csv", "download_places_csv"):
        cells = assert_no_formulas(csv_rows(client.get(reverse(name))), name)
        assert "'" + FORMULAS["-"] in cells


def test_admin_csv_exports_defuse_formulas(client, lead, formulas_everywhere):
    client.force_login(lead)
    for dataset in ("organisations", "locations", "services"):
        response = client.get(reverse("provision_csv:export", args=[dataset]))
        assert response.status_code == 200
        cells = assert_no_formulas(csv_rows(response), dataset)
        assert any(cell.startswith("'") for cell in cells), dataset
    response = client.get(reverse("provision_csv:export", args=["services"]), {"internal": "1"})
    assert_no_formulas(csv_rows(response), "services with internal data")


def test_champion_exports_defuse_formulas(client, lead, formulas_everywhere):
    client.force_login(lead)
    for dataset in ("champions", "applications", "training", "help"):
        response = client.post(reverse("champions_admin:export"), {"dataset": dataset, "reason": "Bad input test"})
        assert response.status_code == 200, dataset
        assert_no_formulas(csv_rows(response), dataset)
    champions = csv_rows(client.post(reverse("champions_admin:export"), {"dataset": "champions", "reason": "Test"}))
    assert "'" + FORMULAS["="] in [cell for row in champions for cell in row]


def test_the_scorecard_csv_defuses_formulas(client, lead, formulas_everywhere):
    client.force_login(lead)
    cells = assert_no_formulas(csv_rows(client.get(reverse("insight_scorecard_csv"))), "scorecard")
    assert "'" + FORMULAS["carriage return"] in cells


# The open-data import commands: a broken file is one clear CommandError, and nothing is written.
BROKEN_DATA_FILES = {
    **{kind: BROKEN_FILES[kind] for kind in ("empty", "header only", "wrong headers", "binary", "a PNG")},
    "NUL in a cell": b"pcds,lat,long\r\nSW18 2PU,51.45\x00,-0.19\r\n",
    "UTF-16": codecs.BOM_UTF16_LE + "pcds,lat,long\r\n".encode("utf-16-le"),
    "not JSON": b"{ this is not geojson",
}


@pytest.mark.parametrize(
    "command", ["import_postcodes", "import_outcodes", "import_deri", "import_libraries", "import_wards"]
)
def test_the_data_import_commands_refuse_broken_files(tmp_path, command):
    from django.core.management import CommandError, call_command

    from locations.models import Location, OutcodeCentroid, Postcode, Ward

    def records():
        return tuple(model.objects.count() for model in (Location, OutcodeCentroid, Postcode, Ward))

    before = records()
    for kind, content in BROKEN_DATA_FILES.items():
        path = tmp_path / f"{kind}.csv"
        path.write_bytes(content)
        TRIED["import files"] += 1
        with pytest.raises(CommandError):
            call_command(command, str(path), verbosity=0)
        assert records() == before, (command, kind)
