"""Fixtures shared by every test. Factories are in tests/factories.py, browser fixtures in tests/browser/."""

import pytest
from django.core.cache import caches
from wagtail.models import Page

from borough_site.home.models import HomePage
from tests.wagtail_tree import ensure_home_page, ensure_wagtail_tree

# A small borough (a ward, postcodes, places and a service) for directory, API and browser tests.
pytest_plugins = ["tests.directory_fixtures"]


@pytest.fixture
def home_page(db) -> HomePage:
    """The site's HomePage, served by the default Site (created if a flush or a fresh database lacks it)."""
    return ensure_home_page()


@pytest.fixture
def root_page(db) -> Page:
    """Wagtail's root page (depth 1), with the default locale and root collection in place."""
    return ensure_wagtail_tree()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as a fresh deployment does (cached feeds and figures)."""
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()
