"""Abuse protections: sign-in lockout, CSRF on every form, rate limits on the forms that send email, the
Content Security Policy and the other security headers, and the purge of what they keep about people."""

import datetime as dt
import io
import json

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from champions.factories import ActiveChampionFactory, CampaignPageFactory
from champions.models import Application
from provision.models import PartnerApplication, ProblemReport, QueuedEmail, RateLimitCounter
from provision.reviews import make_confirm_token
from tests.factories import TEST_PASSWORD, SuperuserFactory, UserFactory
from tests.test_production_settings import manage

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
LOCKED_OUT = "You have tried to sign in too many times"
CSRF_PAGE = "Sorry, your form could not be sent"


def sign_in(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def signed_in_as(client):
    return client.session.get(SESSION_KEY)


# Sign-in lockout -------------------------------------------------------------------------------------------


@pytest.fixture
def editor(db):
    return SuperuserFactory(username="editor")


def lock_out(client, username="editor", **extra):
    return [sign_in(client, username, "wrong password", **extra).status_code for _ in range(5)]


def test_five_wrong_passwords_lock_the_admin_sign_in_even_with_the_right_one(client, editor):
    statuses = lock_out(client)
    response = sign_in(client, "editor", TEST_PASSWORD)

    # Four times the form says the password is wrong; the fifth, and everything after, is the lockout page.
    assert statuses == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    assert signed_in_as(client) is None
    assert client.get("/admin/").status_code == 302
    page = response.content.decode()
    assert LOCKED_OUT in page
    assert "Try again in 15 minutes" in page
    assert 'href="/admin/password_reset/"' in page
    assert 'class="govuk-heading-l"' in page
    assert response["Retry-After"] == "900"


def test_the_lockout_is_for_that_account_from_that_address(client, editor):
    UserFactory(username="colleague", is_superuser=True)
    lock_out(client)

    colleague = Client()
    elsewhere = Client(REMOTE_ADDR="192.0.2.20")

    assert sign_in(colleague, "colleague", TEST_PASSWORD).status_code == 302
    assert sign_in(elsewhere, "editor", TEST_PASSWORD).status_code == 302
    assert signed_in_as(elsewhere) == str(editor.pk)


def test_the_lockout_ends_after_the_cool_off(client, editor):
    lock_out(client)
    assert sign_in(client, "editor", TEST_PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    response = sign_in(client, "editor", TEST_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert signed_in_as(client) == str(editor.pk)


def test_the_limit_and_the_wait_come_from_settings(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=30)

    statuses = [sign_in(client, "editor", "wrong password").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert "Try again in 30 minutes" in sign_in(client, "editor", TEST_PASSWORD).content.decode()


def test_a_successful_sign_in_clears_earlier_mistakes(client, editor):
    for _ in range(4):
        sign_in(client, "editor", "wrong password")
    assert sign_in(client, "editor", TEST_PASSWORD).status_code == 302
    client.post("/admin/logout/")

    statuses = [sign_in(client, "editor", "wrong password").status_code for _ in range(4)]

    assert statuses == [200] * 4


def test_behind_the_proxy_the_lockout_follows_the_forwarded_address(client, editor, settings):
    settings.RATE_LIMIT_TRUST_X_FORWARDED_FOR = True
    lock_out(client, HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1")

    # Every visitor arrives from the proxy's address: only the one that made the mistakes is locked out.
    assert sign_in(client, "editor", TEST_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert sign_in(client, "editor", TEST_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302


def test_the_champion_portal_sign_in_locks_out_too(client):
    ActiveChampionFactory(email="grace@example.org")
    attempts = [
        client.post("/champions/sign-in/", {"email": "grace@example.org", "password": "guess"}).status_code
        for _ in range(5)
    ]
    response = client.post("/champions/sign-in/", {"email": "grace@example.org", "password": TEST_PASSWORD})

    assert attempts == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()
    assert 'href="/champions/new-password-link/"' in response.content.decode()
    assert signed_in_as(client) is None


def test_sign_ins_are_not_logged_and_attempts_keep_no_passwords(client, editor):
    sign_in(client, "editor", "my secret guess")
    sign_in(client, "editor", TEST_PASSWORD)
    client.post("/admin/logout/")
    sign_in(client, "editor", "my secret guess")

    assert AccessLog.objects.count() == 0
    (attempt,) = AccessAttempt.objects.all()
    assert "my secret guess" not in attempt.post_data


# CSRF ------------------------------------------------------------------------------------------------------


@pytest.fixture
def forms(home_page, places):
    """Every form that changes something, public or in the champion portal, with data it would accept."""
    campaign = CampaignPageFactory(parent=home_page, title="Library volunteers", slug="library-volunteers")
    service = places["drop_in"]
    return {
        LOGIN: {"username": "editor", "password": TEST_PASSWORD},
        "/admin/password_reset/": {"email": "editor@example.org"},
        "/champions/sign-in/": {"email": "grace@example.org", "password": TEST_PASSWORD},
        "/champions/sign-out/": {},
        "/champions/new-password-link/": {"email": "grace@example.org"},
        "/champions/set-password/MQ/set-password/": {"new_password1": "x" * 12, "new_password2": "x" * 12},
        "/champions/keep-active/some-token/": {},
        "/champions/portal/profile/": {"first_name": "Grace"},
        "/champions/portal/log-help/": {"people_helped": "3"},
        "/champions/portal/leave/": {"confirm": "on"},
        campaign.url: {"first_name": "Amina", "email": "amina@example.org"},
        "/list-your-service/": {"organisation_name": "Balham Digital Hub"},
        "/partners/set-password/MQ/set-password/": {"new_password1": "x" * 12, "new_password2": "x" * 12},
        "/partners/new-password-link/": {"email": "dee@example.org"},
        f"/partners/still-correct/{make_confirm_token(service, timezone.localdate())}/": {},
        f"/places/{places['library'].slug}/report/": {"kinds": ["times"], "details": "Closed on Tuesdays"},
        f"/services/{service.slug}/report/": {"kinds": ["times"], "details": "No longer runs"},
    }


def test_every_form_refuses_a_post_without_its_csrf_token(forms, editor):
    champion = ActiveChampionFactory(email="grace@example.org")
    for path, data in forms.items():
        client = Client(enforce_csrf_checks=True)
        if "/portal/" in path or "sign-out" in path:
            client.force_login(champion.user)

        response = client.post(path, data)

        assert response.status_code == 403, path
        assert CSRF_PAGE in response.content.decode(), path
    # Nothing was written or sent.
    assert not (PartnerApplication.objects.exists() or ProblemReport.objects.exists() or Application.objects.exists())
    assert not (QueuedEmail.objects.exists() or mail.outbox)


def test_the_csrf_page_is_a_polite_govuk_page(home_page):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/list-your-service/", {"organisation_name": "Balham Digital Hub"})

    page = response.content.decode()
    assert response.status_code == 403
    assert '<h1 class="govuk-heading-l">Sorry, your form could not be sent</h1>' in page
    assert "if your browser blocks cookies from this website" in page
    assert 'href="/list-your-service/"' in page
    assert "govuk-footer" in page
    assert "CSRF" not in page
    assert "<style" not in page


def views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


OUR_APPS = ("borough_site", "provision", "champions", "locations")
# The read-only Open Referral UK API: GET only, no cookies read, every other method answered with a JSON 405
# (exempt so that a POST gets that JSON answer rather than the HTML CSRF page). Nothing else may be exempt.
MAY_BE_CSRF_EXEMPT = "provision.api.views"


def test_no_view_of_ours_is_csrf_exempt_but_the_read_only_api():
    exempt = {
        route: callback.__module__
        for route, callback in views(get_resolver().url_patterns)
        if getattr(callback, "csrf_exempt", False) and callback.__module__.startswith(OUR_APPS)
    }

    assert exempt, "the API's endpoints should be found here"
    assert set(exempt.values()) == {MAY_BE_CSRF_EXEMPT}
    assert all(route.startswith("api/oruk/") for route in exempt)


def test_the_exempt_api_changes_nothing_on_a_post(db):
    response = Client(enforce_csrf_checks=True).post("/api/oruk/services", {"name": "x"})

    assert response.status_code == 405
    assert json.loads(response.content)["status"] == 405


# Rate limits on the forms that send email (the others are tested with their apps) ----------------------------


@pytest.mark.parametrize(
    "path", ["/admin/password_reset/", "/champions/new-password-link/", "/partners/new-password-link/"]
)
def test_asking_for_password_emails_is_rate_limited(client, home_page, path):
    statuses = [client.post(path, {"email": f"person{n}@example.org"}).status_code for n in range(5)]
    limited = client.post(path, {"email": "person5@example.org"})
    elsewhere = client.post(path, {"email": "person6@example.org"}, REMOTE_ADDR="192.0.2.30")

    assert statuses == [302] * 5
    assert limited.status_code == 429
    assert "an hour" in limited.content.decode()
    assert elsewhere.status_code == 302


def test_the_admin_password_reset_still_sends_its_email(client, editor, home_page):
    response = client.post("/admin/password_reset/", {"email": "editor@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/password_reset/done/"
    # Every email goes through the outbox.
    assert [email.recipients for email in QueuedEmail.objects.all()] == [["editor@example.org"]]


# Content Security Policy and headers -------------------------------------------------------------------------


def parse_policy(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


def directives(response) -> dict[str, list[str]]:
    return parse_policy(response["Content-Security-Policy"])


def test_the_public_site_allows_nothing_inline_and_nothing_from_elsewhere(client, home_page):
    policy = directives(client.get("/"))

    assert policy == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


def test_the_admin_policy_is_relaxed_only_where_wagtail_needs_it(client, editor):
    client.force_login(editor)

    admin = directives(client.get("/admin/"))
    public = directives(client.get("/find-help/"))

    assert admin["script-src-elem"] == admin["style-src-elem"] == ["'self'", "'unsafe-inline'"]
    assert admin["frame-ancestors"] == ["'self'"]
    assert admin["script-src"] == admin["style-src"] == ["'self'"]
    assert "script-src-elem" not in public
    assert public["frame-ancestors"] == ["'none'"]


def test_a_configured_tile_server_may_serve_map_images():
    from borough_site.settings.base import origin_of

    assert origin_of("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert origin_of("https://{s}.tiles.example.com/{z}/{x}/{y}.png?key=1") == "https://*.tiles.example.com"
    assert origin_of("") == ""


def test_production_sends_the_security_headers_and_secure_cookies(tmp_path):
    script = (
        "import json; from django.conf import settings; from django.test import Client; "
        "r = Client().get('/robots.txt', secure=True); "
        "print(json.dumps({'headers': dict(r.headers), 'settings': {name: getattr(settings, name) for name in "
        "['SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SECURE', "
        "'CSRF_COOKIE_SAMESITE']}}))"
    )
    result = manage(
        "shell",
        "-c",
        script,
        SECRET_KEY="x" * 60 + "-long-random-key",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        MAP_TILE_URL="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    headers = answer["headers"]

    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "geolocation=(self)" in headers["Permissions-Policy"]
    # django-csp does not promise an order of directives, so compare them one by one.
    policy = parse_policy(headers["Content-Security-Policy"])
    assert policy["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert answer["settings"] == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
    }


# Keeping little about people ---------------------------------------------------------------------------------


def test_the_daily_purge_removes_old_attempts_and_counters(client, editor):
    sign_in(client, "editor", "wrong password")
    sign_in(client, "someone", "wrong password", REMOTE_ADDR="192.0.2.40")
    AccessAttempt.objects.filter(username="someone").update(attempt_time=timezone.now() - dt.timedelta(minutes=20))
    RateLimitCounter.objects.create(key="old", window_start=timezone.now() - dt.timedelta(days=2), count=3)
    RateLimitCounter.objects.create(key="new", window_start=timezone.now(), count=1)

    out = io.StringIO()
    call_command("purge_security_records", stdout=out)

    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["editor"]
    assert list(RateLimitCounter.objects.values_list("key", flat=True)) == ["new"]
    assert "1 rate-limit counter(s), 1 sign-in attempt record(s)" in out.getvalue()
