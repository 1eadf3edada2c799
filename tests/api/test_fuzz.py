"""Whatever is in the query string or the path, the API answers with JSON and never a server error."""

import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.api.conftest import API, API_FILTER_PARAMETERS

pytestmark = pytest.mark.django_db

# Anything a browser can put in a query string (no lone surrogates, which cannot be encoded).
TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60)
VALUES = st.one_of(
    TEXT,
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.uuids().map(str),
    st.sampled_from(["SW18 2PU", "SW18", "Fairfield", "MO", "09:30", "2025-01-01T00:00:00Z", "1000", ","]),
)
QUERIES = st.dictionaries(st.one_of(st.sampled_from(API_FILTER_PARAMETERS), TEXT), VALUES, max_size=6)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_answered(response):
    assert response.status_code < 500, response.content[:300]
    assert response["Access-Control-Allow-Origin"] == "*"
    json.loads(response.content)


LISTS = st.sampled_from(["/services", "/service_at_locations", "/taxonomies", "/taxonomy_terms"])


@settings(FUZZ, max_examples=120)
@given(path=LISTS, query=QUERIES)
def test_list_endpoints_take_any_query(client, directory, path, query):
    assert_answered(client.get(API + path, query))


@FUZZ
@given(identifier=TEXT)
@example(identifier="/\n")  # once fell through to the site's HTML 404 page
@example(identifier="")
def test_id_endpoints_take_any_id(client, directory, identifier):
    for path in ("/services/", "/taxonomies/", "/taxonomy_terms/"):
        assert_answered(client.get(API + path + quote(identifier, safe="")))
