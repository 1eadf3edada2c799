"""Downloads of the public directory: services and places as CSV (for spreadsheets), and every place as GeoJSON.

    /find-help/download/services.csv
    /find-help/download/places.csv
    /find-help/download/directory.geojson

Published records and public fields only, as on the public pages; internal provision-mapping fields
(Service.INTERNAL_FIELDS), funding and drafts are never read here. Each row carries the record's Open
Referral UK id, so the files join up with the API at /api/oruk/.
"""

import csv
import io

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify

from locations.formatting import clock_time
from locations.models import Location
from provision.api.ids import object_id
from provision.models import Service, ServiceLocation
from provision.models.services import ServiceSession

# A spreadsheet would run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def filename(kind: str, extension: str) -> str:
    prefix = slugify(getattr(settings, "SERVICE_NAME", "directory")) or "directory"
    return f"{prefix}-{kind}-{timezone.localdate():%Y-%m-%d}.{extension}"


def csv_response(rows: list[list], kind: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([[cell(value) for value in row] for row in rows])
    # With the byte order mark, Excel reads the file as UTF-8 (pound signs, accents, other scripts).
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(kind, "csv")}"'
    return open_data(response)


def open_data(response: HttpResponse) -> HttpResponse:
    """Cacheable for a few minutes, and readable by any web page (it is open data)."""
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def published_places():
    return Location.objects.published().select_related("ward", "local_authority")


def public_services():
    places = Location.objects.published()
    return (
        Service.objects.published()
        .select_related("organisation")
        .prefetch_related(
            "types",
            "audiences",
            "languages",
            Prefetch(
                "service_locations",
                queryset=ServiceLocation.objects.filter(location__in=places)
                .select_related("location")
                .order_by("sort_order", "pk"),
                to_attr="public_links",
            ),
            "schedules__location",
            Prefetch(
                "sessions",
                queryset=ServiceSession.objects.filter(date__gte=timezone.localdate()).select_related("location"),
                to_attr="upcoming_sessions",
            ),
        )
        .order_by("name", "pk")
    )


def when(service: Service) -> str:
    """Its sessions in words: 'Tuesdays, 10am to 12 noon at Battersea Library; 3 March 2026, 2pm to 4pm'."""
    described = []
    for schedule in service.schedules.all():
        text = schedule.describe()
        if schedule.location is not None and schedule.location.live:
            text += f" at {schedule.location.name}"
        described.append(text)
    for session in service.upcoming_sessions:
        text = f"{session.date.day} {session.date:%B %Y}, {clock_time(session.starts)} to {clock_time(session.ends)}"
        if session.location is not None and session.location.live:
            text += f" at {session.location.name}"
        described.append(text)
    return "; ".join(described)


SERVICE_COLUMNS = [
    "Service",
    "Organisation",
    "Summary",
    "Description",
    "Types of help",
    "Who it is for",
    "Languages",
    "Cost",
    "What it costs",
    "How to get it",
    "Access notes",
    "Booking link",
    "Booking phone",
    "Minimum age",
    "Maximum age",
    "Online",
    "By phone",
    "Contact name",
    "Email",
    "Phone",
    "Website",
    "Places",
    "When",
    "Status",
    "Last reviewed",
    "Page on this site",
    "Open Referral UK id",
    "Sample (invented for the demonstration)",
]


def services_csv(request):
    rows = [SERVICE_COLUMNS]
    for service in public_services():
        rows.append(
            [
                service.name,
                service.organisation.name,
                service.summary,
                service.description,
                "; ".join(term.name for term in service.types.all()),
                "; ".join(term.name for term in service.audiences.all()) or "Everyone",
                "; ".join(language.name for language in service.languages.all()),
                service.get_cost_display(),
                service.cost_description,
                service.get_how_to_access_display(),
                service.access_notes,
                service.booking_url,
                service.booking_phone,
                service.minimum_age,
                service.maximum_age,
                yes_no(service.offered_online),
                yes_no(service.offered_by_phone),
                service.contact_name,
                service.email,
                service.phone,
                service.website,
                "; ".join(f"{link.location.name}, {link.location.address}" for link in service.public_links),
                when(service),
                service.get_status_display(),
                service.last_reviewed.isoformat() if service.last_reviewed else "",
                request.build_absolute_uri(service.get_absolute_url()),
                object_id(service),
                yes_no(service.is_sample),
            ]
        )
    return csv_response(rows, "services")


def opening_hours(place: Location) -> str:
    return "; ".join(
        f"{period.get_weekday_display()} {clock_time(period.opens)} to {clock_time(period.closes)}"
        for period in place.opening_periods.all()
    )


PLACE_COLUMNS = [
    "Place",
    "Kind of place",
    "Description",
    "Address line 1",
    "Address line 2",
    "Town",
    "Postcode",
    "Latitude",
    "Longitude",
    "Ward",
    "Local authority",
    "UPRN",
    "Phone",
    "Email",
    "Website",
    "Opening hours",
    "Free Wi-Fi",
    "Wi-Fi network name",
    "Wi-Fi time limit",
    "Public computers",
    "Printing and scanning",
    "Devices to use here",
    "Devices to take home",
    "Assistive technology",
    "Assistive technology notes",
    "Step-free access",
    "Accessible toilet",
    "Hearing loop",
    "Baby changing",
    "Accessibility notes",
    "How to get there",
    "Services here",
    "Last reviewed",
    "Page on this site",
    "Open Referral UK id",
    "Sample (invented for the demonstration)",
]


def places_with_services():
    links = ServiceLocation.objects.filter(service__in=Service.objects.published()).select_related("service")
    return (
        published_places()
        .prefetch_related("opening_periods", Prefetch("service_locations", queryset=links, to_attr="published_links"))
        .order_by("name", "pk")
    )


def services_here(place: Location) -> list[str]:
    return sorted({link.service.name for link in place.published_links})


def places_csv(request):
    rows = [PLACE_COLUMNS]
    for place in places_with_services():
        rows.append(
            [
                place.name,
                place.get_kind_display(),
                place.description,
                place.address_line_1,
                place.address_line_2,
                place.town,
                place.postcode,
                round(place.latitude, 6) if place.latitude is not None else None,
                round(place.longitude, 6) if place.longitude is not None else None,
                place.ward.name if place.ward else "",
                place.local_authority.name if place.local_authority else "",
                place.uprn,
                place.phone,
                place.email,
                place.website,
                opening_hours(place),
                yes_no(place.has_free_wifi),
                place.wifi_network_name,
                place.wifi_time_limit,
                place.public_computers,
                yes_no(place.has_printing),
                yes_no(place.has_devices_on_site),
                yes_no(place.has_devices_to_take_home),
                yes_no(place.has_assistive_technology),
                place.assistive_technology_notes,
                yes_no(place.has_step_free_access),
                yes_no(place.has_accessible_toilet),
                yes_no(place.has_hearing_loop),
                yes_no(place.has_baby_changing),
                place.accessibility_notes,
                place.how_to_get_there,
                "; ".join(services_here(place)),
                place.last_reviewed.isoformat() if place.last_reviewed else "",
                request.build_absolute_uri(place.get_absolute_url()),
                object_id(place),
                yes_no(place.is_sample),
            ]
        )
    return csv_response(rows, "places")


def directory_geojson(request):
    """Every published place on the map (places without a point are in places.csv only)."""
    features = []
    for place in places_with_services().filter(latitude__isnull=False, longitude__isnull=False):
        features.append(
            {
                "type": "Feature",
                "id": object_id(place),
                "geometry": {"type": "Point", "coordinates": [round(place.longitude, 6), round(place.latitude, 6)]},
                "properties": {
                    "name": place.name,
                    "kind": place.get_kind_display(),
                    "address": place.address,
                    "postcode": place.postcode,
                    "ward": place.ward.name if place.ward else "",
                    "local_authority": place.local_authority.name if place.local_authority else "",
                    "uprn": place.uprn,
                    "phone": place.phone,
                    "email": place.email,
                    "website": place.website,
                    "opening_hours": opening_hours(place),
                    "facilities": [str(facility.label) for facility in place.facilities],
                    "public_computers": place.public_computers,
                    "services": [
                        {
                            "name": link.service.name,
                            "url": request.build_absolute_uri(link.service.get_absolute_url()),
                            "oruk_id": object_id(link.service),
                        }
                        for link in sorted(place.published_links, key=lambda link: (link.service.name, link.pk))
                    ],
                    "url": request.build_absolute_uri(place.get_absolute_url()),
                    "sample": place.is_sample,
                },
            }
        )
    response = JsonResponse({"type": "FeatureCollection", "features": features}, content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="{filename("directory", "geojson")}"'
    return open_data(response)


# Included from provision/urls.py at find-help/download/.
urlpatterns = [
    path("services.csv", services_csv, name="download_services_csv"),
    path("places.csv", places_csv, name="download_places_csv"),
    path("directory.geojson", directory_geojson, name="download_directory_geojson"),
]
