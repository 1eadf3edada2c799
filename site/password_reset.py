"""The admin's "Forgotten password?" email goes through the outbox like every other email.

Django's form sends straight away, so an unreachable mail server would turn the request into a server error
and lose the link; queued, the person sees the usual "check your email" page and the link follows later.
"""

from django.template import loader
from wagtail.admin.forms.auth import PasswordResetForm

from provision.outbox import queue_email


class QueuedPasswordResetForm(PasswordResetForm):
    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        queue_email([to_email], subject, body)
