"""Schemathesis against the OpenAPI document we serve: every operation, with input that fits the document and
input that does not, sent to the app in-process. No server errors; only the status codes and content types the
document declares; and every 200 matches the Open Referral UK profile (the vendored schemas in schemas/, as
the document's own response schemas point at files on GitHub, which a test may not fetch).
"""

import json
from urllib.parse import urlsplit

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from borough_site.wsgi import application
from provision.api.ids import object_id
from provision.api.openapi import openapi_document
from provision.api.taxonomies import TAXONOMIES, all_terms
from tests.api.schema import check_response

pytestmark = pytest.mark.django_db

# Read from the document itself, so that an operation added to it is tested without editing this file.
DOCUMENT = openapi_document("")
OPERATIONS = [(path, "get") for path, item in DOCUMENT["paths"].items() if "get" in item]
# Invalid input needs a parameter to be invalid in: the list endpoints' query parameters.
WITH_QUERY = [(path, method) for path, method in OPERATIONS if DOCUMENT["paths"][path][method].get("parameters")]
CASES_TO_RUN = [(path, method, GenerationMode.POSITIVE) for path, method in OPERATIONS] + [
    (path, method, GenerationMode.NEGATIVE) for path, method in WITH_QUERY
]
# Examples per operation and generation mode: enough to reach every parameter, well under a minute in all.
EXAMPLES = 25
CASES = {"sent": 0}


def matches_the_profile(ctx, response, case):
    """A 200 is what the Open Referral UK profile describes for its path (the document's 200 schema)."""
    if response.status_code == 200 and case.operation.path != "/":
        check_response(case.operation.path, json.loads(response.content))


@pytest.fixture
def keep_the_test_connection():
    """Requests straight to the WSGI application close the database connection when they finish, which on
    PostgreSQL would end the test's transaction; Django's test client stops that in the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def schema(directory, keep_the_test_connection):
    # Loaded as a client would: from the served document, through the WSGI application.
    return schemathesis.openapi.from_wsgi("/api/oruk/openapi.json", application)


@pytest.fixture
def known_ids(directory):
    """Real ids for the {id} paths, so that some cases find a record rather than all being 404s."""
    return {
        "/services/{id}": [object_id(directory[name]) for name in ("wifi", "drop_in", "course", "phone_line")],
        "/taxonomies/{id}": [taxonomy.id for taxonomy in TAXONOMIES],
        "/taxonomy_terms/{id}": [term.id for term in all_terms()[:10]],
    }


def with_known_id(ids):
    def use(case, index):
        case.path_parameters = {**(case.path_parameters or {}), "id": ids[index % len(ids)]}
        return case

    return use


@pytest.mark.parametrize(("path", "method", "mode"), CASES_TO_RUN)
def test_no_operation_gives_a_server_error(schema, known_ids, path, method, mode):
    operation = schema[path][method.upper()]
    strategy = operation.as_strategy(generation_mode=mode)
    if path in known_ids and mode == GenerationMode.POSITIVE:
        strategy = st.one_of(strategy, st.builds(with_known_id(known_ids[path]), strategy, st.integers(0, 20)))
    checks = [not_a_server_error, status_code_conformance, content_type_conformance]
    if mode == GenerationMode.POSITIVE:
        checks.append(matches_the_profile)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        CASES["sent"] += 1
        # Schemathesis's WSGI transport asks for gzip but does not decompress (compression has its own test).
        response = case.call(headers={"Accept-Encoding": "identity"})
        assert urlsplit(response.request.url).path.startswith("/api/oruk")
        case.validate_response(response, checks=checks)

    run()


def test_the_served_document_is_the_one_tested(client, directory):
    served = json.loads(client.get("/api/oruk/openapi.json").content)
    assert served["paths"].keys() == DOCUMENT["paths"].keys()
    assert sorted(OPERATIONS) == sorted((path, "get") for path in served["paths"])


@pytest.fixture(scope="module", autouse=True)
def count_cases():
    yield
    # For the README: how many requests schemathesis made.
    print(f"\nschemathesis cases sent: {CASES['sent']}")
