"""Turn what people type (a postcode, part of one, a ward name) into a point on the map, and place Locations.

    geocode("sw18 2pu")    -> the postcode's centre, from our Postcode table
    geocode("SW18 9ZZ")    -> a postcode we don't hold: the middle of SW18, marked approximate
    geocode("SW18")        -> the middle of SW18, approximate
    geocode("Furzedown")   -> the centre of the ward
    geocode("Putney Hill") -> settings.GEOCODER (e.g. "nominatim") if one is configured, else None

Our own tables always come first: they work offline and cost nothing. An online geopy geocoder is only asked
when they have no answer and settings.GEOCODER names one; if it is down or slow we log it and carry on.
"""

import hashlib
import logging
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from geopy.distance import geodesic
from geopy.exc import GeopyError
from geopy.geocoders import get_geocoder_for_service

from locations import geometry
from locations.models import LocalAuthority, Location, OutcodeCentroid, Postcode, Ward
from locations.models.places import GeocodePrecision
from locations.postcodes import as_outcode, is_full_postcode, looks_like_postcode, normalise_postcode

logger = logging.getLogger(__name__)

# A point further than this from the centre of its own postcode is probably misplaced.
FAR_FROM_POSTCODE_KM = 1.0
# An editor's point this close to the postcode centre is the postcode centre (the map widget puts it there).
SAME_POINT_KM = 0.01
# The ward boundaries we hold are simplified to a few points each, so about 3% of real postcodes fall just
# outside them (up to 270 m in the seed boroughs): only a point further out than this is "outside".
OUTSIDE_COVERAGE_TOLERANCE_KM = 0.5
# Ward names are matched from the start, but not on a letter or two.
MIN_WARD_PREFIX_LENGTH = 3
ONLINE_CACHE_SECONDS = 24 * 60 * 60
# Extra arguments for services that can be told to stay in the UK.
ONLINE_SERVICE_OPTIONS = {"nominatim": {"country_codes": "gb"}}
ATTENTION_NOTE_LENGTH = Location._meta.get_field("attention_note").max_length


@dataclass(frozen=True)
class GeocodeResult:
    latitude: float
    longitude: float
    precision: str  # a GeocodePrecision value
    label: str  # what was found, for "Showing results near ..."
    postcode: str = ""  # normalised, when the query was a full postcode
    outcode: str = ""
    ward: Ward | None = None
    local_authority: LocalAuthority | None = None
    # True when the point is the middle of a district or ward rather than of the place itself.
    is_approximate: bool = False

    @property
    def point(self) -> tuple[float, float]:
        return self.latitude, self.longitude


class OnlineGeocoderUnavailable(Exception):
    """Our own tables could not place the query and the online geocoder, which might have, did not answer."""


def geocode(query: str, *, report_outage: bool = False) -> GeocodeResult | None:
    """The best point we can find for a postcode, partial postcode or ward name; None if there is none.

    With report_outage, a failed online lookup raises OnlineGeocoderUnavailable instead of answering None, so
    a resident can be told to try again later rather than that their postcode is wrong."""
    text = " ".join(str(query or "").split())
    if not text:
        return None
    return (
        _from_postcode_table(text)
        or _from_outcode_table(text)
        or _from_ward_names(text)
        or _from_online(text, report_outage=report_outage)
    )


def _from_postcode_table(text: str) -> GeocodeResult | None:
    if not is_full_postcode(text):
        return None
    postcode = normalise_postcode(text)
    found = Postcode.objects.select_related("ward__local_authority", "local_authority").filter(pk=postcode).first()
    if found is None:
        return None
    return GeocodeResult(
        latitude=found.latitude,
        longitude=found.longitude,
        precision=GeocodePrecision.POSTCODE,
        label=found.postcode,
        postcode=found.postcode,
        outcode=found.outcode,
        ward=found.ward,
        local_authority=found.local_authority or (found.ward.local_authority if found.ward else None),
    )


def _from_outcode_table(text: str) -> GeocodeResult | None:
    outcode = as_outcode(text)
    if outcode is None:
        return None
    centroid = OutcodeCentroid.objects.filter(pk=outcode).first()
    if centroid is None:
        return None
    local_authority = None
    if centroid.main_local_authority_code:
        local_authority = LocalAuthority.objects.filter(pk=centroid.main_local_authority_code).first()
    return GeocodeResult(
        latitude=centroid.latitude,
        longitude=centroid.longitude,
        precision=GeocodePrecision.OUTCODE,
        label=outcode,
        postcode=normalise_postcode(text) if is_full_postcode(text) else "",
        outcode=outcode,
        local_authority=local_authority,
        is_approximate=True,
    )


def _from_ward_names(text: str) -> GeocodeResult | None:
    if looks_like_postcode(text):
        return None
    wards = Ward.objects.select_related("local_authority").exclude(centroid_latitude=None)
    # People write "Borough and Bankside" for "Borough & Bankside".
    names = {text, text.replace(" and ", " & ")}
    ward = next((ward for name in names for ward in wards.filter(name__iexact=name)[:1]), None)
    if ward is None and len(text) >= MIN_WARD_PREFIX_LENGTH:
        ward = next((ward for name in names for ward in wards.filter(name__istartswith=name)[:1]), None)
    if ward is None:
        return None
    return GeocodeResult(
        latitude=ward.centroid_latitude,
        longitude=ward.centroid_longitude,
        precision=GeocodePrecision.WARD,
        label=ward.name,
        ward=ward,
        local_authority=ward.local_authority,
        is_approximate=True,
    )


def _from_online(text: str, *, report_outage: bool = False) -> GeocodeResult | None:
    service = (settings.GEOCODER or "").strip().lower()
    if not service:
        return None
    cache_key = "locations:geocode:" + hashlib.sha256(f"{service}:{text.lower()}".encode()).hexdigest()
    cached = cache.get(cache_key)
    if cached is None:
        try:
            found = _ask_online_geocoder(service, text)
        except GeopyError as error:
            logger.warning("The online geocoder %r could not look up %r: %r", service, text, error)
            if report_outage:
                raise OnlineGeocoderUnavailable(service) from error
            return None
        except Exception as error:
            # A third-party service must never break a resident's search or an editor's save.
            logger.exception("The online geocoder %r failed unexpectedly looking up %r", service, text)
            if report_outage:
                raise OnlineGeocoderUnavailable(service) from error
            return None
        # "Not found" is cached too (as ()), so a popular typo does not hit the service every time.
        cached = (found.latitude, found.longitude, found.address) if found else ()
        cache.set(cache_key, cached, ONLINE_CACHE_SECONDS)
    if not cached:
        return None
    latitude, longitude, address = cached
    ward = LoadedWards().containing(latitude, longitude)
    return GeocodeResult(
        latitude=latitude,
        longitude=longitude,
        precision=GeocodePrecision.ONLINE,
        label=address or text,
        postcode=normalise_postcode(text) if is_full_postcode(text) else "",
        outcode=as_outcode(text) or "",
        ward=ward,
        local_authority=ward.local_authority if ward else None,
    )


def _ask_online_geocoder(service: str, text: str):
    geocoder_class = get_geocoder_for_service(service)
    options = {"user_agent": settings.GEOCODER_USER_AGENT, "timeout": settings.GEOCODER_TIMEOUT}
    if settings.GEOCODER_API_KEY:
        options["api_key"] = settings.GEOCODER_API_KEY
    geocoder = geocoder_class(**options)
    return geocoder.geocode(text, exactly_one=True, **ONLINE_SERVICE_OPTIONS.get(service, {}))


class LoadedWards:
    """The wards we hold boundaries for, read once per use: which one holds a point, and is it in our area."""

    @cached_property
    def wards(self) -> list[Ward]:
        return list(
            Ward.objects.exclude(boundary=None)
            .select_related("local_authority")
            .only("code", "name", "boundary", "local_authority__code", "local_authority__name")
        )

    def containing(self, latitude: float, longitude: float) -> Ward | None:
        return next((ward for ward in self.wards if geometry.contains(ward.boundary, latitude, longitude)), None)

    def covers(self, latitude: float, longitude: float) -> bool:
        """True if the point is in (or just outside the simplified edge of) a loaded ward, or none are loaded."""
        if not self.wards or self.containing(latitude, longitude):
            return True
        return any(
            (distance := geometry.distance_to_edge_km(ward.boundary, latitude, longitude)) is not None
            and distance <= OUTSIDE_COVERAGE_TOLERANCE_KM
            for ward in self.wards
        )

    @property
    def area_names(self) -> str:
        return _and_list(sorted({ward.local_authority.name for ward in self.wards}))


def _and_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def apply_geocoding(location: Location) -> list[str]:
    """Place a Location from its postcode and check the point; returns the warnings it found (may be []).

    Called by Location.save() and Location.save_revision(), so it does nothing when neither the postcode
    nor the point has changed since the place was loaded. Otherwise:

    * the postcode is normalised (`sw182pu` -> `SW18 2PU`);
    * a place with no point, or whose postcode changed while its point did not, is put at the postcode's
      centre (or the middle of its district, flagged, when we don't know the full postcode);
    * a point the editor gave is kept ("placed by an editor"), and the ward and local authority still come
      from the postcode;
    * it is flagged (needs_attention, with a note an editor can act on) when the postcode can't be found,
      the point is more than 1 km from its postcode's centre, or it is outside every loaded borough.

    It never raises: a geocoder that is down means a flagged place, not a failed save.
    """
    warnings: list[str] = []
    typed_postcode = (location.postcode or "").strip()
    postcode = ""
    if typed_postcode:
        try:
            postcode = location.postcode = normalise_postcode(typed_postcode)
        except ValidationError:
            warnings.append(f"“{typed_postcode}” does not look like a postcode: enter a real one, like SW18 2PU.")

    loaded_inputs = location.geocoding_inputs_when_loaded
    point = (location.latitude, location.longitude)
    postcode_changed = loaded_inputs is None or location.postcode != loaded_inputs[0]
    point_moved = loaded_inputs is None or not _same_point(point, loaded_inputs[1:])
    if not postcode_changed and not point_moved and (location.has_point or not postcode):
        if not location.needs_attention:
            # An editor who unticks "needs attention" has checked the point: the old note goes with it.
            location.attention_note = ""
        return []

    # An editor's point is kept unless the postcode changed under it, which means the point is now stale.
    keep_point = location.has_point and (point_moved or not postcode_changed)

    result = geocode(postcode) if postcode else None
    postcode_found = result is not None and result.precision == GeocodePrecision.POSTCODE
    wards = LoadedWards()

    if keep_point:
        near_postcode_centre = postcode_found and _km(location, result) <= SAME_POINT_KM
        location.geocode_precision = GeocodePrecision.POSTCODE if near_postcode_centre else GeocodePrecision.MANUAL
    elif result is not None:
        location.latitude, location.longitude = result.latitude, result.longitude
        location.geocode_precision = result.precision
    elif not location.has_point:
        location.geocode_precision = GeocodePrecision.NONE

    if postcode_found and result.ward is not None:
        location.ward, location.local_authority = result.ward, result.local_authority
    else:
        location.ward = wards.containing(location.latitude, location.longitude) if location.has_point else None
        location.local_authority = (
            location.ward.local_authority if location.ward else (result.local_authority if result else None)
        )

    if postcode and result is None:
        if location.has_point:
            warnings.append(f"We could not find the postcode {postcode}: check it, and check the point on the map.")
        else:
            warnings.append(
                f"We could not find the postcode {postcode}, so this place is not on the map: "
                "check the postcode, or place it on the map."
            )
    elif result is not None and result.precision == GeocodePrecision.OUTCODE and not keep_point:
        warnings.append(
            f"We could not find the postcode {postcode}, so the place is shown in the middle of {result.outcode} "
            "for now: check the postcode, or move the marker to the right place."
        )
    if not typed_postcode and not location.has_point:
        warnings.append("This place has no postcode or map point, so residents cannot find it on the map.")

    if location.has_point:
        if postcode_found and keep_point and (distance := _km(location, result)) > FAR_FROM_POSTCODE_KM:
            warnings.append(f"This point is {distance:.1f} km from the centre of {postcode}: check it on the map.")
        if not wards.covers(location.latitude, location.longitude):
            warnings.append(
                f"This point is outside the areas this site covers ({wards.area_names}): check it on the map."
            )

    location.needs_attention = bool(warnings)
    location.attention_note = Truncator(" ".join(warnings)).chars(ATTENTION_NOTE_LENGTH)
    location.remember_geocoding_inputs()
    return warnings


def _same_point(a: tuple, b: tuple) -> bool:
    """Equal, allowing for the rounding of a float that went through a form (1e-7 degrees is about 1 cm)."""
    if None in a or None in b:
        return a == b
    return abs(a[0] - b[0]) < 1e-7 and abs(a[1] - b[1]) < 1e-7


def _km(location: Location, result: GeocodeResult) -> float:
    return geodesic((location.latitude, location.longitude), result.point).km
