"""Public pages: the search, a place, a service and an organisation."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import condition

from locations.models import Location
from locations.postcodes import looks_like_postcode
from provision import ratelimit
from provision.filters import DEFAULT_DISTANCE, DISTANCE_CHOICES, DirectoryFilter, SearchForm
from provision.forms import ProblemReportForm
from provision.geojson import directory_version, last_modified, places_feed
from provision.models import Organisation, ProblemReport, Service
from provision.notifications import notify_problem_report
from provision.search import DirectorySearch, resolve_origin

RESULTS_PER_PAGE = 10
# A printed handout lists more on one sheet of paper, and has no pages to click through.
PRINT_RESULTS = 30


def find_help(request, access_only: bool = False):
    search_form = SearchForm(request.GET)
    data = request.GET.copy()
    data.setdefault("distance", DEFAULT_DISTANCE)
    directory_filter = DirectoryFilter(data, queryset=_searchable_places(access_only), access_only=access_only)
    query = search_form.place_query
    context = {
        "query": query,
        "search_form": search_form,
        "filter": directory_filter,
        "form": directory_filter.form,
        "access_only": access_only,
        "searched": bool(query),
    }
    if not query:
        if "postcode" in request.GET or "q" in request.GET:
            context["query_error"] = "Enter a postcode or the name of an area"
        return render(request, "provision/find_help.html", context)

    if not directory_filter.is_valid():
        return render(request, "provision/find_help.html", context)

    origin = resolve_origin(query)
    if origin is None:
        context["query_error"] = (
            "We could not find that postcode. Check it and try again, or enter the name of an area"
            if looks_like_postcode(query)
            else "We could not find that place. Enter a postcode, like SW18 2PU, or the name of an area"
        )
        return render(request, "provision/find_help.html", context, status=200)

    search = DirectorySearch(directory_filter, origin, now=timezone.localtime())
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
    template = "provision/find_help_print.html" if printing else "provision/find_help.html"
    return render(request, template, context)


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
    links = (
        place.service_locations.filter(service__in=Service.objects.published())
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


def _feed_etag(request):
    return f'"directory-{directory_version()}"'


def _feed_last_modified(request):
    return last_modified()


@condition(etag_func=_feed_etag, last_modified_func=_feed_last_modified)
def places_geojson(request):
    response = JsonResponse(places_feed(), content_type="application/geo+json")
    # Browsers revalidate with the ETag; the shared cache does the heavy lifting.
    response["Cache-Control"] = "public, max-age=60"
    return response


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
