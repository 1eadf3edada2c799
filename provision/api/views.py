"""The Open Referral UK endpoints. Every response, errors included, is JSON with CORS open to any origin."""

import math
import time
from functools import wraps

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.gzip import gzip_page

from provision import ratelimit
from provision.api import queries, taxonomies
from provision.api.ids import parse_uuid
from provision.api.openapi import openapi_document
from provision.api.params import ApiError, Paging, ServiceFilters, nearness, paging, uuid_list
from provision.api.serializers import PROFILE_URL, VERSION, Serializer
from provision.page_cache import kept_for_the_minute

DEFAULT_RATE_LIMIT = 600  # requests per address ...
DEFAULT_RATE_WINDOW = 60  # ... per this many seconds
TITLES = {400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 429: "Too Many Requests"}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Expose-Headers": "Retry-After",
}


def problem(status: int, detail: str) -> JsonResponse:
    body = {"status": status, "title": TITLES.get(status, "Error"), "detail": detail}
    return JsonResponse(body, status=status, content_type="application/problem+json")


def with_cors(response: HttpResponse) -> HttpResponse:
    for header, value in CORS_HEADERS.items():
        response[header] = value
    return response


def throttled(request) -> int | None:
    """Seconds to wait when this address has made too many requests in the current window, else None."""
    limit = int(getattr(settings, "ORUK_API_RATE_LIMIT", DEFAULT_RATE_LIMIT))
    window = int(getattr(settings, "ORUK_API_RATE_WINDOW", DEFAULT_RATE_WINDOW))
    if ratelimit.allow(ratelimit.client_key(request, "api"), limit, window):
        return None
    now = time.time()
    return max(1, math.ceil(window - now % window))


def endpoint(view):
    """GET (and HEAD) only, preflight answered, throttled (every request counts, kept or not), answered from a
    page kept for the minute where there is one, and every error as a JSON problem."""
    view = kept_for_the_minute(view, html=False)

    # Compressed for clients that accept it: pages of JSON shrink to a fifth, and they hold no secrets.
    @csrf_exempt
    @gzip_page
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Headers"] = request.headers.get("Access-Control-Request-Headers", "*")
            response["Access-Control-Max-Age"] = "86400"
            return with_cors(response)
        if request.method not in ("GET", "HEAD"):
            response = problem(405, "This API is read only: use GET.")
            response["Allow"] = "GET, HEAD, OPTIONS"
            return with_cors(response)
        if (wait := throttled(request)) is not None:
            response = problem(429, f"Too many requests: try again in {wait} seconds.")
            response["Retry-After"] = str(wait)
            return with_cors(response)
        try:
            response = view(request, *args, **kwargs)
        except ApiError as error:
            response = problem(error.status, error.detail)
        return with_cors(response)

    return wrapped


def page_object(paging_: Paging, total: int, contents: list) -> dict:
    total_pages = math.ceil(total / paging_.per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging_.page,
        "size": len(contents),
        "first_page": paging_.page == 1,
        "last_page": paging_.page >= total_pages,
        "empty": total == 0,
        "contents": contents,
    }


def page_of_queryset(queryset, paging_: Paging) -> tuple[int, list]:
    total = queryset.count()
    if paging_.offset >= total:
        return total, []  # past the end: no query with an enormous offset
    return total, list(queryset[paging_.offset : paging_.offset + paging_.per_page])


def page_of_list(items: list, paging_: Paging) -> list:
    return items[paging_.offset : paging_.offset + paging_.per_page] if paging_.offset < len(items) else []


def path_id(value: str, what: str) -> str:
    parsed = parse_uuid(value)
    if parsed is None:
        raise ApiError(404, f"There is no {what} with the id {value!r}: ids are UUIDs.")
    return parsed


# Endpoints ---------------------------------------------------------------------------------------------


@endpoint
def index(request):
    return JsonResponse(
        {
            "version": VERSION,
            "profile": PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("oruk:openapi")),
        }
    )


@endpoint
def openapi(request):
    server = request.build_absolute_uri(reverse("oruk:index")).rstrip("/")
    return JsonResponse(openapi_document(server))


@endpoint
def services(request):
    paging_ = paging(request.GET)
    filters = ServiceFilters.from_params(request.GET)
    # A page of ids first, which the name-order index answers without reading the table, then only its rows.
    total, ids = page_of_queryset(queries.filtered_services(filters).values_list("pk", flat=True), paging_)
    page = queries.services_for_page(ids)
    serializer = Serializer(request)
    return JsonResponse(page_object(paging_, total, [serializer.service_core(service) for service in page]))


@endpoint
def service(request, service_id: str):
    found = queries.find_public_service(path_id(service_id, "service"))
    if found is None:
        raise ApiError(404, f"There is no published service with the id {service_id!r}.")
    return JsonResponse(Serializer(request).service(found))


@endpoint
def service_at_locations(request):
    paging_ = paging(request.GET)
    filters = ServiceFilters.from_params(request.GET)
    near = nearness(request.GET)
    links = queries.filtered_links(filters)
    if near is None:
        total, page = page_of_queryset(queries.links_for_list(links), paging_)
    else:
        ids = queries.nearest_link_ids(links, near)
        total, page = len(ids), queries.links_for_page(page_of_list(ids, paging_))
    serializer = Serializer(request)
    return JsonResponse(page_object(paging_, total, [serializer.service_at_location_item(link) for link in page]))


@endpoint
def taxonomy_list(request):
    paging_ = paging(request.GET)
    items = list(taxonomies.TAXONOMIES)
    serializer = Serializer(request)
    contents = [serializer.taxonomy(taxonomy) for taxonomy in page_of_list(items, paging_)]
    return JsonResponse(page_object(paging_, len(items), contents))


@endpoint
def taxonomy(request, taxonomy_id: str):
    found = taxonomies.taxonomy_by_id(path_id(taxonomy_id, "taxonomy"))
    if found is None:
        raise ApiError(404, f"There is no taxonomy with the id {taxonomy_id!r}.")
    return JsonResponse(Serializer(request).taxonomy(found, found.terms()))


@endpoint
def taxonomy_term_list(request):
    paging_ = paging(request.GET)
    wanted = uuid_list(request.GET, "taxonomy_id")
    if wanted:
        terms = [term for taxonomy in taxonomies.TAXONOMIES if taxonomy.id in wanted for term in taxonomy.terms()]
    else:
        terms = taxonomies.all_terms()
    serializer = Serializer(request)
    contents = [serializer.taxonomy_term(term) for term in page_of_list(terms, paging_)]
    return JsonResponse(page_object(paging_, len(terms), contents))


@endpoint
def taxonomy_term(request, term_id: str):
    found = taxonomies.term_by_id(path_id(term_id, "taxonomy term"))
    if found is None:
        raise ApiError(404, f"There is no taxonomy term with the id {term_id!r}.")
    return JsonResponse(Serializer(request).taxonomy_term(found))


@endpoint
def not_found(request, path: str = ""):
    raise ApiError(404, "There is no such endpoint: see openapi.json for the ones there are.")
