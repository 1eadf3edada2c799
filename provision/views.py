"""Public pages: the search, a place, a service and an organisation."""

import gzip
import math
import re

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.gzip import gzip_page

from locations.geocoding import OnlineGeocoderUnavailable
from locations.models import Location
from locations.postcodes import looks_like_postcode
from provision import ratelimit
from provision.filters import DEFAULT_DISTANCE, DISTANCE_CHOICES, DirectoryFilter, SearchForm
from provision.forms import ProblemReportForm
from provision.geojson import (
    build_places_feed,
    directory_version,
    feed_json,
    gzipped,
    last_modified,
    places_feed_gzip,
)
from provision.models import Organisation, ProblemReport, Service, ServiceStatus
from provision.notifications import notify_problem_report
from provision.page_cache import kept_for_the_minute, this_minute
from provision.search import DirectorySearch, origin_from_point, resolve_origin

RESULTS_PER_PAGE = 10
# A printed handout lists more on one sheet of paper, and has no pages to click through.
PRINT_RESULTS = 30


# Compressed: a results page is mostly repeated markup (a fifth of the bytes gzipped), and it holds no secret
# (no CSRF token, nothing personal) for a compression attack to guess at.
@gzip_page
@kept_for_the_minute
def find_help(request, access_only: bool = False):
    search_form = SearchForm(request.GET)
    data = request.GET.copy()
    data.setdefault("distance", DEFAULT_DISTANCE)
    directory_filter = DirectoryFilter(data, queryset=_searchable_places(access_only), access_only=access_only)
    query = search_form.place_query
    near = search_form.near_point
    context = {
        "query": query,
        # The point as the resident's browser sent it, kept in the links and the form as they change filters.
        "near": f"{near[0]},{near[1]}" if near else "",
        "search_form": search_form,
        "filter": directory_filter,
        "form": directory_filter.form,
        "access_only": access_only,
        "searched": bool(query or near),
    }
    if search_form.near_is_invalid:
        context["query_error"] = "We could not use your location. Enter your postcode instead"
        return render(request, "provision/find_help.html", context)
    if not query and not near:
        if "postcode" in request.GET or "q" in request.GET:
            context["query_error"] = "Enter a postcode or the name of an area"
        return render(request, "provision/find_help.html", context)

    if not directory_filter.is_valid():
        return render(request, "provision/find_help.html", context)

    try:
        origin = origin_from_point(*near) if near else resolve_origin(query)
    except OnlineGeocoderUnavailable:
        context["query_error"] = (
            "We cannot look that up at the moment. Try again in a few minutes, or enter a different postcode "
            "or the name of an area"
        )
        return render(request, "provision/find_help.html", context, status=200)
    if origin is None:
        context["query_error"] = (
            "We could not find that postcode. Check it and try again, or enter the name of an area"
            if looks_like_postcode(query)
            else "We could not find that place. Enter a postcode, like SW18 2PU, or the name of an area"
        )
        return render(request, "provision/find_help.html", context, status=200)

    search = DirectorySearch(directory_filter, origin, now=this_minute())
    nearby = search.nearby()
    printing = "print" in request.GET
    page = Paginator(nearby, PRINT_RESULTS if printing else RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    context.update(
        {
            "origin": origin,
            "radius": search.radius,
            "page": page,
            "results": search.results_for(list(page.object_list)),
            "result_count": len(nearby),
            "remote_services": [] if access_only else list(search.remote_services()),
            "wider_distances": [value for value, _ in DISTANCE_CHOICES if float(value) > search.radius],
            "now": search.now,
        }
    )
    context["map_bbox"] = _map_bbox(origin, context["results"])
    template = "provision/find_help_print.html" if printing else "provision/find_help.html"
    return render(request, template, context)


def _map_bbox(origin, results) -> str:
    """The box around the search point and the places listed, for the results map's feed: "west,south,east,north",
    rounded outwards to about 100 metres so that nearby searches share a URL (and the browser's cached copy)."""
    latitudes = [origin.latitude] + [result.place.latitude for result in results]
    longitudes = [origin.longitude] + [result.place.longitude for result in results]
    return ",".join(
        f"{value:.3f}"
        for value in (
            math.floor(min(longitudes) * 1000) / 1000,
            math.floor(min(latitudes) * 1000) / 1000,
            math.ceil(max(longitudes) * 1000) / 1000,
            math.ceil(max(latitudes) * 1000) / 1000,
        )
    )


def _searchable_places(access_only: bool):
    places = Location.objects.published().filter(latitude__isnull=False, longitude__isnull=False)
    if access_only:
        places = places.filter(Q(has_free_wifi=True) | Q(public_computers__gt=0))
    return places


def place_detail(request, slug):
    place = get_object_or_404(
        Location.objects.published()
        .select_related("ward", "local_authority", "photo")
        .prefetch_related("opening_periods", "opening_exceptions"),
        slug=slug,
    )
    now = timezone.localtime()
    # A join on the service's own columns (Service.objects.published()'s conditions), not `service_id IN
    # (published services)`: SQLite would probe the (service, place) index once per published service.
    links = (
        place.service_locations.filter(service__live=True)
        .exclude(service__status=ServiceStatus.DEFUNCT)
        .select_related("service", "service__organisation")
        .prefetch_related("service__types", "service__schedules", "service__sessions")
    )
    week = [(now.date() + timezone.timedelta(days=offset)) for offset in range(7)]
    upcoming_exceptions = [exc for exc in place.opening_exceptions.all() if exc.date >= now.date()]
    return render(
        request,
        "provision/place_detail.html",
        {
            "place": place,
            "now": now,
            "open_now": place.is_open_at(now),
            "closes_at": place.closes_at(now),
            "week": [(day, place.opening_spans_on(day), place.exception_on(day)) for day in week],
            "upcoming_exceptions": upcoming_exceptions,
            "services_here": [(link.service, link.service.next_session(now)) for link in links],
        },
    )


def service_detail(request, slug):
    service = get_object_or_404(
        Service.objects.published()
        .select_related("organisation")
        .prefetch_related("types", "audiences", "languages", "schedules__location", "sessions__location"),
        slug=slug,
    )
    now = timezone.localtime()
    places = [
        link.location for link in service.service_locations.select_related("location").filter(location__live=True)
    ]
    return render(
        request,
        "provision/service_detail.html",
        {
            "listing": service,
            "places": places,
            "now": now,
            "next_session": service.next_session(now),
            "upcoming_sessions": [session for session in service.sessions.all() if session.date >= now.date()],
        },
    )


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    services = organisation.services.published().prefetch_related("types")
    return render(request, "provision/organisation_detail.html", {"organisation": organisation, "services": services})


# The widest area a bounding box may ask for, in degrees: a borough is a tenth of a degree across, and a
# larger box would rebuild most of the national feed on every request rather than read it from the cache.
MAX_BBOX_DEGREES = 1.0
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def places_geojson(request):
    """The map feed: the whole directory (cached, gzipped) or, with ?bbox=west,south,east,north, one area."""
    bbox = None
    if "bbox" in request.GET:
        bbox = _parse_bbox(request.GET["bbox"])
        if bbox is None:
            return JsonResponse(
                {
                    "error": "bbox must be four numbers, west,south,east,north in degrees, at most "
                    f"{MAX_BBOX_DEGREES:g} degree across. Leave it out for the whole map."
                },
                status=400,
            )
        version, modified = directory_version(), last_modified()
    else:
        version, whole_feed, modified = places_feed_gzip()
    # Weak: the gzipped and the plain body are the same feed, so either revalidates the other.
    etag = f'W/"directory-{version}"'
    response = get_conditional_response(
        request, etag=etag, last_modified=int(modified.timestamp()) if modified else None
    )
    if response is None:
        accepts_gzip = bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
        if bbox is not None:
            plain = feed_json(build_places_feed(bbox))
            body = gzipped(plain) if accepts_gzip else plain
        else:
            body = whole_feed if accepts_gzip else gzip.decompress(whole_feed)
        response = HttpResponse(body, content_type="application/geo+json")
        if accepts_gzip:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    if modified:
        response["Last-Modified"] = http_date(modified.timestamp())
    # Browsers revalidate with the ETag; the shared cache does the heavy lifting.
    response["Cache-Control"] = "public, max-age=60"
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _parse_bbox(value: str) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) from "west,south,east,north", or None when it is not a sensible box."""
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        return None
    if not all(math.isfinite(number) for number in (west, south, east, north)):
        return None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        return None
    if east - west > MAX_BBOX_DEGREES or north - south > MAX_BBOX_DEGREES:
        return None
    return west, south, east, north


REPORTS_PER_HOUR = 5


def report_problem(request, kind: str, slug: str):
    """'Report a problem with this page' for a service or a place: no account needed, rate limited."""
    if kind == "service":
        subject = get_object_or_404(Service.objects.published().select_related("organisation"), slug=slug)
        report = ProblemReport(service=subject, organisation=subject.organisation)
    else:
        subject = get_object_or_404(Location.objects.published(), slug=slug)
        # A place one partner added lands in that partner's queue as well as the lead's.
        partners = list(subject.partner_links.values_list("organisation_id", flat=True)[:2])
        report = ProblemReport(location=subject, organisation_id=partners[0] if len(partners) == 1 else None)
    form = ProblemReportForm(request.POST or None, instance=report)
    if request.method == "POST":
        if not ratelimit.allow(ratelimit.client_key(request, "problem-report"), REPORTS_PER_HOUR, 3600):
            return render(request, "provision/report_problem_limited.html", {"subject": subject}, status=429)
        if form.is_valid():
            if not form.is_spam:
                notify_problem_report(form.save())
            return render(request, "provision/report_problem_done.html", {"subject": subject})
    return render(
        request,
        "provision/report_problem.html",
        {"form": form, "subject": subject},
    )
