"""Fixtures for the places and geography tests."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

DATA_DIR = Path(__file__).resolve().parents[2] / "locations" / "data"


@pytest.fixture(autouse=True)
def empty_cache():
    """Online geocoder answers are cached: each test starts without any."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def geography(db):
    """The real wards, postcodes, outward codes and DERI scores of the three seed boroughs."""
    call_command("load_geography", data_dir=DATA_DIR, stdout=StringIO())
