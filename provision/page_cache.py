"""Search results and open data API pages, as visitors who are not signed in get them, kept for the minute.

Such a page is the same for everyone not signed in who asks the same thing, until something in the directory is
published or the minute changes ("Open now, closes 5pm" is worked out to the minute). Library staff and
champions repeat the same searches all day and API consumers poll the same pages, and a page is cheapest made
once. Each process keeps its own copies (Django's local-memory cache, bounded by PAGE_CACHE_ENTRIES), so a request
writes nothing to the shared database cache, and a publish anywhere (the shared directory version) retires every
copy at once. Anything else that changes without a publish (a renamed type of help, a site setting) shows within
the minute.
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone

from provision.geojson import directory_version

CACHE_ALIAS = "pages"
# What else a kept HTML page shows that can change without a publish in the directory (the site's menu and
# footer, registered by the site): each is asked on every request and a change in its answer retires the copies.
_also_varies_on: list[Callable[[], object]] = []


def vary_on(function: Callable[[], object]) -> Callable[[], object]:
    if function not in _also_varies_on:
        _also_varies_on.append(function)
    return function


def this_minute() -> dt.datetime:
    """The moment a page is made for: this minute, so that a copy kept for the minute is exactly right."""
    return timezone.localtime().replace(second=0, microsecond=0)


def kept_for_the_minute(view=None, *, html: bool = True):
    """A view's answers kept for the minute; `html=False` for answers without the site's menu and footer."""
    if view is None:
        return lambda view: kept_for_the_minute(view, html=html)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        cache = caches[CACHE_ALIAS]
        key = _key(request, kwargs, html)
        kept = cache.get(key)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), seconds)
        return response

    return wrapper


def _key(request, view_kwargs, html: bool) -> str:
    # The order of the parameters in the address does not change the answer.
    asked = repr(
        (
            request.path,
            sorted(request.GET.lists()),
            sorted(view_kwargs.items()),
            [function() for function in _also_varies_on] if html else [],
        )
    )
    return ":".join(
        [
            "page",
            str(directory_version()),
            this_minute().strftime("%Y%m%d%H%M"),
            hashlib.sha256(asked.encode()).hexdigest(),
        ]
    )
