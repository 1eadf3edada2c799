"""Driving the Wagtail admin's editor forms through the Django test client, as a person pressing buttons would."""

from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from provision.models import QueuedEmail


def snippet_url(model, view, *args, **kwargs):
    return reverse(model.snippet_viewset.get_url_name(view), args=[quote(arg) for arg in args], kwargs=kwargs or None)


def editor_form(client, url):
    """The editor form on `url` as the browser would post it (inline formsets included)."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    return querydict_from_html(page.content.decode(), form_id="w-editor-form")


def post_editor(client, url, changes=None, action=None, lists=None):
    """Fill in the form on `url` and press a button: None is "Save draft", or "action-submit", "action-publish"."""
    form = editor_form(client, url)
    for name, value in (changes or {}).items():
        form[name] = value
    for name, values in (lists or {}).items():
        form.setlist(name, values)
    if action:
        form[action] = action
    return client.post(url, form)


def workflow_action(client, listing, action, comment=""):
    """The lead presses "Approve" (or "Request changes") on a listing waiting for them, with a comment."""
    task_state = listing.current_workflow_task_state
    url = snippet_url(type(listing), "workflow_action", listing.pk, action, task_state.pk)
    return client.post(url, {"comment": comment})


def emails_to(address):
    return [email for email in QueuedEmail.objects.order_by("pk") if address in email.recipients]
