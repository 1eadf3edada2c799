"""Signing in to the champion portal, and setting a password from the invitation (or a new link)."""

from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from champions.emails import absolute
from champions.models import ChampionStatus
from provision import ratelimit
from provision.outbox import queue_email


class SignInForm(forms.Form):
    """Email address and password (the portal's sign-in; the Wagtail admin has its own)."""

    use_required_attribute = False

    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})

    def clean(self):
        email, password = self.cleaned_data.get("email"), self.cleaned_data.get("password")
        if email and password:
            User = get_user_model()
            candidates = User.objects.filter(email__iexact=email, is_active=True).order_by("pk")
            for candidate in candidates:
                user = authenticate(self.request, username=candidate.get_username(), password=password)
                if user is not None:
                    self.user_cache = user
                    break
            else:
                raise forms.ValidationError("Enter the email address and password of your champion account")
        return self.cleaned_data

    def get_user(self):
        return self.user_cache


SIGN_INS_PER_15_MINUTES = 10
LINKS_PER_HOUR = 5


class RateLimitedPostMixin:
    """Counts every POST from the same address; past the limit, the form comes back with a plain message."""

    rate_limit_scope = ""
    rate_limit = (10, 900)
    rate_limit_message = "You have tried too many times. Wait 15 minutes and try again."

    def post(self, request, *args, **kwargs):
        limit, window = self.rate_limit
        if not ratelimit.allow(ratelimit.client_key(request, self.rate_limit_scope), limit, window):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, self.rate_limit_message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class SignInView(RateLimitedPostMixin, auth_views.LoginView):
    template_name = "champions/registration/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    next_page = reverse_lazy("champions:portal")
    rate_limit_scope = "champion-sign-in"
    rate_limit = (SIGN_INS_PER_15_MINUTES, 900)


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("champions:sign_in")


class ChooseAPasswordForm(SetPasswordForm):
    error_messages = {"password_mismatch": "The passwords do not match"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_required_attribute = False
        self.fields["new_password1"].label = "Choose a password"
        self.fields["new_password1"].help_text = "At least 10 characters. A few words strung together work well."
        self.fields["new_password1"].error_messages["required"] = "Enter a password"
        self.fields["new_password2"].label = "Type the password again"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].error_messages["required"] = "Type the password again"


class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "champions/registration/set_password.html"
    form_class = ChooseAPasswordForm
    success_url = reverse_lazy("champions:password_set")
    post_reset_login = False


class PasswordSetView(auth_views.PasswordResetCompleteView):
    template_name = "champions/registration/password_set.html"


class NewLinkForm(PasswordResetForm):
    """Sends a set-password link to a champion, through the outbox, whether or not they have a password yet."""

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].help_text = "The email address you applied with."
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        }

    def get_users(self, email):
        User = get_user_model()
        return (
            User.objects.filter(email__iexact=email, is_active=True, champion__isnull=False)
            .exclude(champion__status=ChampionStatus.LEFT)
            .distinct()
        )

    def save(self, request=None, **kwargs):
        email = self.cleaned_data["email"]
        for user in self.get_users(email):
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            link = absolute(
                str(
                    reverse_lazy(
                        "champions:set_password",
                        kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)},
                    )
                )
            )
            body = render_to_string("champions/emails/new_link.txt", {"user": user, "link": link})
            queue_email([user.email], "Set your Digital Champion password", body)


class NewLinkView(RateLimitedPostMixin, auth_views.PasswordResetView):
    template_name = "champions/registration/new_link.html"
    rate_limit_scope = "champion-new-link"
    rate_limit = (LINKS_PER_HOUR, 3600)
    rate_limit_message = "You have asked for too many links. Wait an hour and try again."
    form_class = NewLinkForm
    success_url = reverse_lazy("champions:password_link_sent")


class NewLinkSentView(auth_views.PasswordResetDoneView):
    template_name = "champions/registration/new_link_sent.html"
