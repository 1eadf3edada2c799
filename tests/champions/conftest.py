import pytest
from django.contrib.auth.models import Group

from borough_site import roles
from champions.factories import ChampionTypeFactory, CourseFactory
from tests.factories import UserFactory


def user_in(role: str, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def lead(db):
    return user_in(roles.INCLUSION_LEAD, username="lead", first_name="Lena", last_name="Lead")


@pytest.fixture
def partner_editor(db):
    return user_in(roles.PARTNER_EDITOR, username="partner")


@pytest.fixture
def site_editor(db):
    return user_in(roles.SITE_EDITOR, username="editor")


@pytest.fixture
def courses(db):
    return [
        CourseFactory(name="Test essentials", validity_months=36),
        CourseFactory(name="Test safeguarding", validity_months=24),
    ]


@pytest.fixture
def resident_type(courses):
    return ChampionTypeFactory(name="Test volunteer", slug="test-volunteer", required_courses=courses)
