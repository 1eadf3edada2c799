"""The admin's "Forgotten password?" link survives a mail server outage and arrives later."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db

RESET_URL = "/admin/password_reset/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", "editor@example.org", "old-password", is_staff=True)


def test_the_reset_link_is_emailed(client, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESET_URL, {"email": "editor@example.org"}, follow=True)

    assert response.status_code == 200
    assert [message.to for message in mail.outbox] == [["editor@example.org"]]
    assert "/admin/password_reset/confirm/" in mail.outbox[0].body


def test_with_the_mail_server_down_the_person_is_told_to_check_their_email_and_the_link_follows(
    client, editor, django_capture_on_commit_callbacks
):
    down = override_settings(EMAIL_BACKEND="tests.faults.mail_backends.MailServerDown")
    with down, django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(RESET_URL, {"email": "editor@example.org"}, follow=True)

    assert response.status_code == 200
    assert b"Check your email" in response.content or b"check your email" in response.content.lower()
    assert callbacks, "the email was not even attempted"
    assert mail.outbox == []

    call_command("send_queued_emails")

    assert [message.to for message in mail.outbox] == [["editor@example.org"]]
    assert "/admin/password_reset/confirm/" in mail.outbox[0].body
