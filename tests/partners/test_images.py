"""A partner editor's image chooser offers their own organisation's images, never another organisation's uploads."""

import pytest
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from locations.factories import LocationFactory
from provision.models import PartnerLocation
from tests.partners.conftest import client_for, partner_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def image(title, uploaded_by=None):
    return get_image_model().objects.create(
        title=title, file=get_test_image_file(filename=f"{title}.png"), uploaded_by_user=uploaded_by
    )


def chooser_titles(user) -> str:
    response = client_for(user).get(reverse("wagtailimages_chooser:choose"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_partner_chooses_from_their_own_organisations_images(org_a, org_b, partner_a, partner_b, lead):
    colleague = partner_of(org_a, username="colleague")
    image("priyas-own-photo", uploaded_by=partner_a)
    image("colleagues-photo", uploaded_by=colleague)
    image("tooting-draft-photo", uploaded_by=partner_b)
    image("council-library-photo", uploaded_by=lead)
    org_a.logo = image("age-uk-logo", uploaded_by=lead)
    org_a.save()

    priya_sees = chooser_titles(partner_a)
    assert "priyas-own-photo" in priya_sees
    assert "colleagues-photo" in priya_sees
    assert "age-uk-logo" in priya_sees  # already on her organisation's record
    assert "tooting-draft-photo" not in priya_sees
    assert "council-library-photo" not in priya_sees

    ben_sees = chooser_titles(partner_b)
    assert "tooting-draft-photo" in ben_sees
    assert "priyas-own-photo" not in ben_sees and "age-uk-logo" not in ben_sees


def test_the_photo_of_a_place_a_partner_added_is_theirs_to_choose(org_a, partner_a, lead):
    place = LocationFactory(photo=image("hall-photo", uploaded_by=lead))
    PartnerLocation.objects.create(organisation=org_a, location=place)

    assert "hall-photo" in chooser_titles(partner_a)


def test_the_lead_and_site_editors_choose_from_every_image(partner_a, partner_b, lead, site_editor):
    image("priyas-own-photo", uploaded_by=partner_a)
    image("tooting-draft-photo", uploaded_by=partner_b)

    for user in (lead, site_editor):
        seen = chooser_titles(user)
        assert "priyas-own-photo" in seen and "tooting-draft-photo" in seen
