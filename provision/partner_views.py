"""Public pages for partners: asking to list services, choosing a password, and "still correct" links."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from provision import ratelimit
from provision.forms import PartnerApplicationForm
from provision.models import Service
from provision.outbox import queue_email
from provision.partners import INVITATION_DAYS, application_received, invitation_tokens, set_password_link
from provision.reviews import already_confirmed, confirm_still_correct, edit_url, read_confirm_token

APPLICATIONS_PER_HOUR = 5
LINKS_PER_HOUR = 5


def privacy_notice_url(request) -> str:
    """The site's privacy notice (a footer page whose title says so), if there is one."""
    from borough_site.context_processors import service

    links = service(request)["service"]["footer_links"]
    return next((link.url for link in links if "privacy" in link.title.lower()), "")


@require_http_methods(["GET", "POST"])
def apply(request):
    """'List your service': no account needed, rate limited, with a honeypot; the lead decides in the admin."""
    form = PartnerApplicationForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.allow(ratelimit.client_key(request, "partner-application"), APPLICATIONS_PER_HOUR, 3600):
            return render(request, "provision/partners/apply_limited.html", status=429)
        if form.is_valid():
            if not form.is_spam:
                application = form.save(commit=False)
                application.consented_at = timezone.now()
                application.save()
                application_received(application)
            return render(
                request,
                "provision/partners/apply_done.html",
                {
                    "organisation_name": form.cleaned_data["organisation_name"],
                    "email": form.cleaned_data["contact_email"],
                },
            )
    return render(request, "provision/partners/apply.html", {"form": form, "privacy_url": privacy_notice_url(request)})


# Choosing a password ---------------------------------------------------------------------------------------


class RateLimitedPostMixin:
    rate_limit_scope = ""
    rate_limit = (LINKS_PER_HOUR, 3600)
    rate_limit_message = "You have asked for too many links. Wait an hour and try again."

    def post(self, request, *args, **kwargs):
        limit, window = self.rate_limit
        if not ratelimit.allow(ratelimit.client_key(request, self.rate_limit_scope), limit, window):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, self.rate_limit_message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class ChooseAPasswordForm(SetPasswordForm):
    error_messages = {"password_mismatch": "The passwords do not match"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_required_attribute = False
        password, again = self.fields["new_password1"], self.fields["new_password2"]
        password.label = "Choose a password"
        password.help_text = "At least 10 characters. A few words strung together work well."
        password.error_messages["required"] = "Enter a password"
        again.label = "Type the password again"
        again.help_text = ""
        again.error_messages["required"] = "Type the password again"


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """From the invitation (or a new link): Django's reset-token flow, which keeps the token out of the address
    bar after the first request. The link works once, for INVITATION_DAYS days."""

    template_name = "provision/partners/set_password.html"
    form_class = ChooseAPasswordForm
    token_generator = invitation_tokens
    success_url = reverse_lazy("partner_password_set")
    post_reset_login = False

    def get_context_data(self, **kwargs):
        return super().get_context_data(days=INVITATION_DAYS, **kwargs)


class PasswordSetView(auth_views.PasswordResetCompleteView):
    template_name = "provision/partners/password_set.html"


class NewLinkForm(PasswordResetForm):
    """Sends a partner editor a new set-password link, through the outbox; says the same whether or not the
    address belongs to an account (so it cannot be used to find out who has one)."""

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Email address"
        email.help_text = "The email address your invitation was sent to."
        email.error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        }

    def get_users(self, email):
        User = get_user_model()
        return User.objects.filter(
            email__iexact=email, is_active=True, organisation_memberships__isnull=False
        ).distinct()

    def save(self, request=None, **kwargs):
        for user in self.get_users(self.cleaned_data["email"]):
            body = render_to_string(
                "provision/emails/new_password_link.txt",
                {"user": user, "link": set_password_link(user), "days": INVITATION_DAYS},
            )
            queue_email([user.email], "Set your password for the digital help directory", body)


class NewLinkView(RateLimitedPostMixin, auth_views.PasswordResetView):
    template_name = "provision/partners/new_link.html"
    form_class = NewLinkForm
    rate_limit_scope = "partner-new-link"
    success_url = reverse_lazy("partner_new_link_sent")


class NewLinkSentView(auth_views.PasswordResetDoneView):
    template_name = "provision/partners/new_link_sent.html"


# "Still correct" -------------------------------------------------------------------------------------------


class ConfirmForm(forms.Form):
    """Nothing to fill in: one button, so that link checkers in mail systems (which only GET) change nothing."""


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_review(request, token):
    try:
        service_pk, reviewed_on = read_confirm_token(token)
    except signing.SignatureExpired:
        return render(request, "provision/partners/confirm_expired.html")
    except signing.BadSignature:
        raise Http404 from None
    service = get_object_or_404(Service.objects.published().select_related("organisation"), pk=service_pk)
    context = {"listing": service, "reviewed_on": reviewed_on}
    if already_confirmed(service, reviewed_on):
        return render(request, "provision/partners/confirm_done.html", {**context, "already": True})
    if request.method == "POST":
        changed = confirm_still_correct(service, reviewed_on)
        return render(request, "provision/partners/confirm_done.html", {**context, "already": not changed})
    return render(request, "provision/partners/confirm.html", {**context, "edit_url": edit_url(service)})
