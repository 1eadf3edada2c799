"""Fault: two editors save the same record. A lock keeps the other out; without one, a save from a form opened
before the other's save is refused with who saved and when, and goes through only when pressed again.

Both editors drive the real admin edit form (locations/admin_conflicts.py holds the stale-save check for places
and services, site/admin_conflicts.py for CMS pages).
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from borough_site import roles
from locations.factories import LocationFactory
from provision.factories import ServiceFactory
from provision.models import Service
from tests.factories import UserFactory
from tests.partners.helpers import editor_form, snippet_url

pytestmark = pytest.mark.django_db


def editor_named(first_name, last_name, role=roles.INCLUSION_LEAD) -> Client:
    user = UserFactory(username=first_name.lower(), first_name=first_name, last_name=last_name)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editors(db):
    return editor_named("Lena", "Lead"), editor_named("Omar", "Other")


def published(factory, **fields):
    record = factory(description="What it was before.", **fields)
    record.save_revision().publish()
    return record


def publish(client, url, form, description):
    form["description"] = description
    form["action-publish"] = "action-publish"
    return client.post(url, form)


def current_description(record):
    record = type(record).objects.get(pk=record.pk)
    return record.description, record.get_latest_revision_as_object().description


@pytest.mark.parametrize("factory", [ServiceFactory, LocationFactory], ids=["service", "place"])
def test_a_save_from_a_form_opened_before_someone_elses_save_is_refused_until_pressed_again(editors, factory):
    lena, omar = editors
    record = published(factory)
    url = snippet_url(type(record), "edit", record.pk)
    lenas_form, omars_form = editor_form(lena, url), editor_form(omar, url)

    assert publish(lena, url, lenas_form, "Lena's correction.").status_code == 302
    refused = publish(omar, url, omars_form, "Omar's correction.")

    assert refused.status_code == 200
    page = " ".join(refused.content.decode().split())
    noun = type(record)._meta.verbose_name
    assert f"Your changes have not been saved: Lena Lead saved this {noun} on " in page
    assert "save again to replace their version with yours" in page
    assert current_description(record) == ("Lena's correction.", "Lena's correction.")
    # Omar's words are still in the form he gets back; pressing Publish again is his decision to replace hers.
    form_again = querydict_from_html(refused.content.decode(), form_id="w-editor-form")
    assert form_again["description"].strip() == "Omar's correction."

    assert publish(omar, url, form_again, "Omar's correction.").status_code == 302
    assert current_description(record) == ("Omar's correction.", "Omar's correction.")


def test_saving_twice_from_one_form_is_not_a_conflict(editors):
    lena, _ = editors
    service = published(ServiceFactory)
    url = snippet_url(Service, "edit", service.pk)

    first = publish(lena, url, editor_form(lena, url), "First go.")
    second = publish(lena, url, editor_form(lena, url), "Second go.")

    assert (first.status_code, second.status_code) == (302, 302)
    assert current_description(service) == ("Second go.", "Second go.")


@pytest.mark.parametrize("model_factory", [ServiceFactory, LocationFactory], ids=["service", "place"])
def test_a_record_locked_by_one_editor_cannot_be_saved_by_another(editors, model_factory):
    lena, omar = editors
    record = published(model_factory)
    model = type(record)
    url = snippet_url(model, "edit", record.pk)

    assert lena.post(snippet_url(model, "lock", record.pk)).status_code == 302
    omars_view = omar.get(url).content.decode()
    refused = publish(omar, url, editor_form(omar, url), "Omar's correction.")

    assert "was locked</b> by <b>Lena Lead</b>" in " ".join(omars_view.split())
    assert refused.status_code == 200
    assert f"The {model._meta.verbose_name} could not be saved as it is locked" in refused.content.decode()
    assert current_description(record) == ("What it was before.", "What it was before.")
    assert model.objects.get(pk=record.pk).locked_by.username == "lena"
    # The editor who locked it can still save.
    assert publish(lena, url, editor_form(lena, url), "Lena's correction.").status_code == 302
    assert current_description(record) == ("Lena's correction.", "Lena's correction.")


def page_form(client, url):
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    return querydict_from_html(page.content.decode(), form_id="page-edit-form")


def publish_page(client, url, form, title):
    form = form.copy()
    form["title"] = title
    # The page's StreamField body is serialised by the admin's script on submit; an empty body will do here.
    form.setdefault("body-count", "0")
    form["action-publish"] = "action-publish"
    return client.post(url, form)


def test_a_cms_page_saved_from_a_stale_form_is_refused_too(home_page):
    home_page.save_revision().publish()
    sam = editor_named("Sam", "Site", role=roles.SITE_EDITOR)
    tara = editor_named("Tara", "Other", role=roles.SITE_EDITOR)
    url = reverse("wagtailadmin_pages:edit", args=[home_page.pk])
    sams_form, taras_form = page_form(sam, url), page_form(tara, url)

    assert publish_page(sam, url, sams_form, "Sam's title").status_code == 302
    refused = publish_page(tara, url, taras_form, "Tara's title")

    assert refused.status_code == 200
    page = " ".join(refused.content.decode().split())
    assert "Your changes have not been saved: Sam Site saved this page on " in page
    assert type(home_page).objects.get(pk=home_page.pk).title == "Sam's title"
    form_again = querydict_from_html(refused.content.decode(), form_id="page-edit-form")
    assert form_again["title"] == "Tara's title"

    assert publish_page(tara, url, form_again, "Tara's title").status_code == 302
    assert type(home_page).objects.get(pk=home_page.pk).title == "Tara's title"


def test_a_cms_page_saved_twice_from_fresh_forms_is_not_a_conflict(home_page):
    home_page.save_revision().publish()
    sam = editor_named("Sam", "Site", role=roles.SITE_EDITOR)
    url = reverse("wagtailadmin_pages:edit", args=[home_page.pk])

    for title in ("First go", "Second go"):
        assert publish_page(sam, url, page_form(sam, url), title).status_code == 302
    assert type(home_page).objects.get(pk=home_page.pk).title == "Second go"


@pytest.mark.parametrize("factory", [ServiceFactory, LocationFactory], ids=["service", "place"])
def test_a_new_record_is_not_autosaved_so_a_quick_press_cannot_make_it_twice(editors, factory):
    lena, _ = editors
    record = published(factory)
    model = type(record)

    add_form = lena.get(snippet_url(model, "add")).content.decode()
    edit_form = lena.get(snippet_url(model, "edit", record.pk)).content.decode()

    assert "data-w-autosave-interval-value" not in add_form
    assert "data-w-autosave-interval-value" in edit_form
