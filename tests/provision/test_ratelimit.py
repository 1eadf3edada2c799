"""The database-backed rate limit: counts per visitor and window, and never blocks anyone because of itself."""

import logging

import pytest
from django.db import OperationalError, connection

from provision.models import RateLimitCounter
from provision.ratelimit import allow

pytestmark = pytest.mark.django_db


def test_attempts_beyond_the_limit_are_refused_and_other_visitors_are_not_affected():
    answers = [allow("form:visitor-a", limit=3, window_seconds=3600) for _ in range(5)]

    assert answers == [True, True, True, False, False]
    assert allow("form:visitor-b", limit=3, window_seconds=3600)


def test_a_database_too_busy_to_count_lets_the_visitor_through_and_says_so_in_the_log(caplog):
    def locked(execute, sql, params, many, context):
        if "ratelimitcounter" in sql.lower():
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(locked), caplog.at_level(logging.WARNING, logger="provision.ratelimit"):
        allowed = allow("form:visitor-a", limit=1, window_seconds=3600)

    assert allowed
    assert "not counted" in caplog.text
    # The failed write left the connection usable for the rest of the request.
    assert RateLimitCounter.objects.count() == 0
