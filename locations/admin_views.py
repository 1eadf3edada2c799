"""JSON for the Location edit form's map (see locations/panels.py); served under /admin/, so editors only."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from locations.geocoding import geocode
from locations.models import Ward


@require_GET
def geocode_view(request):
    """Where a postcode (or part of one, or a ward) is: {latitude, longitude, label, approximate} or 404."""
    result = geocode(request.GET.get("q", ""))
    if result is None:
        return JsonResponse({"error": "We could not find that place."}, status=404)
    return JsonResponse(
        {
            "latitude": result.latitude,
            "longitude": result.longitude,
            "label": result.label,
            "approximate": result.is_approximate,
        }
    )


@require_GET
@cache_control(private=True, max_age=60 * 60)
def wards_view(request):
    """The loaded wards' boundaries as a GeoJSON FeatureCollection, for drawing on the map."""
    wards = Ward.objects.exclude(boundary=None).select_related("local_authority")
    features = [
        {
            "type": "Feature",
            "properties": {"code": ward.code, "name": ward.name, "local_authority": ward.local_authority.name},
            "geometry": ward.boundary,
        }
        for ward in wards
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features}, content_type="application/geo+json")


app_name = "locations_admin"
urlpatterns = [
    path("geocode/", geocode_view, name="geocode"),
    path("wards.geojson", wards_view, name="wards"),
]
