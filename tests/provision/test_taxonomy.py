"""The managed lists every borough starts with come from a data migration."""

import pytest

from provision.models import Audience, Language, ServiceType

pytestmark = pytest.mark.django_db


def test_the_types_of_help_are_seeded_with_short_slugs():
    assert set(ServiceType.objects.values_list("slug", flat=True)) >= {
        "free-wifi",
        "public-computers",
        "device-lending",
        "device-donation",
        "free-sims-and-data",
        "digital-skills-course",
        "one-to-one-help",
        "online-safety",
        "council-and-government-services",
        "benefits-and-jobs",
        "assistive-technology",
        "social-tariff-advice",
    }
    assert ServiceType.objects.get(slug="free-wifi").name == "Free Wi-Fi"


def test_only_wifi_and_computers_are_access_points():
    access_points = ServiceType.objects.filter(is_access_point=True)
    assert sorted(access_points.values_list("slug", flat=True)) == ["free-wifi", "public-computers"]


def test_types_keep_the_order_they_were_listed_in():
    assert list(ServiceType.objects.values_list("slug", flat=True)[:3]) == [
        "free-wifi",
        "public-computers",
        "device-lending",
    ]


def test_audiences_are_seeded():
    assert list(Audience.objects.values_list("name", flat=True)) == [
        "Older people",
        "Families",
        "Young people",
        "Disabled people",
        "Jobseekers",
        "People with low English",
    ]


def test_languages_have_iso_codes_and_english_comes_first():
    codes = dict(Language.objects.values_list("name", "code"))
    assert codes["British Sign Language"] == "bfi"
    assert codes["Somali"] == "so"
    assert codes["Tigrinya"] == "ti"
    assert len(codes) >= 17
    assert Language.objects.first().name == "English"
