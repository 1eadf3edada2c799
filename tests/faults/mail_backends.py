"""Email backends for the fault tests: a mail server that cannot be reached, as settings.EMAIL_BACKEND."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class MailServerDown(BaseEmailBackend):
    """Every send fails the way smtplib fails when the server is down or drops the connection."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPConnectError(421, "Service not available, closing transmission channel")


class ConnectionRefused(BaseEmailBackend):
    """Nothing listens on the mail server's port."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")
