"""Abuse protections that need code: the admin's Content Security Policy, the sign-in lockout page, the CSRF page.

The settings (site/settings/base.py) hold the policy itself; this module only holds what cannot be a setting.
"""

import math
from functools import cache

from axes.helpers import get_cool_off
from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from wagtail.admin.views import account
from wagtail.admin.views.account import password_reset_enabled

from provision import ratelimit

ADMIN_PASSWORD_RESETS_PER_HOUR = 5

# What the Wagtail 8.0 admin needs on top of the site's policy, and only there (see admin_prefix()). Found by
# loading the dashboard, the page editor and the snippet editors under the site's policy (tests/browser/
# test_content_security_policy.py proves both that they work and that they still need this):
# - script-src-elem 'unsafe-inline': Wagtail writes small executable <script> blocks into its forms (chooser
#   widgets for pages, images and snippets; InlinePanel; date and time pickers), and its own scripts run the
#   ones inside HTML they insert. They carry no nonce we could add and change with every form, so hashes
#   will not do. Only for <script> elements (and javascript: links): inline event handlers (onclick=,
#   onerror=) stay blocked, because script-src itself is unchanged.
# - style-src-elem 'unsafe-inline': the page editor's scripts add a <style> element whose content varies.
#   style="" attributes stay blocked (style-src is unchanged).
# - frame-ancestors 'self': the page editor shows its live preview by framing the admin's own preview view.
ADMIN_DIRECTIVES = {
    "script-src-elem": ["'self'", "'unsafe-inline'"],
    "style-src-elem": ["'self'", "'unsafe-inline'"],
    "frame-ancestors": ["'self'"],
}


@cache
def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


def is_admin(request) -> bool:
    return request.path_info.startswith(admin_prefix())


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's few relaxations applied to admin paths alone."""

    def process_response(self, request, response):
        if is_admin(request) and HEADER in response and not getattr(response, "_csp_exempt", False):
            # Wagtail's preview renders the page through the whole middleware stack, for a made-up request with
            # the page's public path, so the response comes back with the public policy: in the admin, where
            # the preview is framed, the admin's applies.
            del response[HEADER]
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.replace is None and is_admin(request):
            parts.replace = ADMIN_DIRECTIVES
        return parts


def permissions_policy_middleware(get_response):
    """Switches off browser features (camera, location, ...) that no page of ours uses."""

    def middleware(request):
        response = get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' AXES_LOCKOUT_CALLABLE: a GOV.UK page saying how long to wait and how to reset the password."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    if request.path_info.startswith(reverse("champions:sign_in")):
        reset_url = reverse("champions:password_reset")
    else:
        reset_url = _admin_password_reset_url()
    response = render(
        request,
        "security/locked_out.html",
        {"minutes": math.ceil(seconds / 60), "reset_url": reset_url},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    if seconds:
        response["Retry-After"] = str(seconds)
    return response


def _admin_password_reset_url() -> str:
    if not password_reset_enabled():
        return ""
    try:
        return reverse("wagtailadmin_password_reset")
    except NoReverseMatch:
        return ""


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: most often a form left open for hours or cookies blocked; say so and offer the way back."""
    return render(request, "security/csrf_failure.html", {"form_url": request.get_full_path()}, status=403)


_wagtail_password_reset = account.PasswordResetView.as_view()


def admin_password_reset(request, *args, **kwargs):
    """Wagtail's "forgotten password" form sends email to whoever it is given: rate limited like our own forms."""
    if request.method == "POST" and not ratelimit.allow(
        ratelimit.client_key(request, "admin-password-reset"), ADMIN_PASSWORD_RESETS_PER_HOUR, 3600
    ):
        return render(request, "security/too_many_requests.html", {"form_url": request.get_full_path()}, status=429)
    return _wagtail_password_reset(request, *args, **kwargs)
