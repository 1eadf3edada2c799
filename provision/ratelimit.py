"""A fixed-window rate limit for public forms, counted in the database (shared by every app server).

django-ratelimit needs a cache with atomic increments (Redis, Memcached); we run on the database alone.
"""

import hashlib
import logging
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from provision.models import RateLimitCounter

logger = logging.getLogger(__name__)


def client_address(request) -> str:
    """The visitor's address; behind our proxy, the last address it appended to X-Forwarded-For."""
    if getattr(settings, "RATE_LIMIT_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def client_key(request, scope: str) -> str:
    # Hashed so that the table never holds visitors' IP addresses.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]
    return f"{scope}:{digest}"


def allow(key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `key`; False once there have been more than `limit` in the current window.

    If the counter cannot be written (a database busy with writers), the visitor is let through: refusing a
    resident's search or form because of our own bookkeeping would be worse than one uncounted attempt.
    """
    try:
        with transaction.atomic():
            return _count_attempt(key, limit, window_seconds)
    except OperationalError as error:
        logger.warning("Rate limit for %s not counted (%s); the request is allowed", key.split(":")[0], error)
        return True


def _count_attempt(key: str, limit: int, window_seconds: int) -> bool:
    now = timezone.now().timestamp()
    window_start = datetime.fromtimestamp(now - now % window_seconds, tz=UTC)
    updated = RateLimitCounter.objects.filter(key=key, window_start=window_start).update(count=F("count") + 1)
    if not updated:
        try:
            with transaction.atomic():
                RateLimitCounter.objects.create(key=key, window_start=window_start, count=1)
        except IntegrityError:
            # Another server created the window between our update and insert.
            RateLimitCounter.objects.filter(key=key, window_start=window_start).update(count=F("count") + 1)
    count = RateLimitCounter.objects.filter(key=key, window_start=window_start).values_list("count", flat=True)[0]
    return count <= limit


def purge_expired(older_than_seconds: int = 86400) -> int:
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    deleted, _ = RateLimitCounter.objects.filter(window_start__lt=cutoff).delete()
    return deleted
