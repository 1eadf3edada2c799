"""factory_boy factories for places and geography (a test dependency: install the `dev` extras).

Coordinates are in Wandsworth. A WardFactory ward is a small square around its centre, so a
LocationFactory place inside it (or a PostcodeFactory postcode) is inside the "loaded borough":

    ward = WardFactory(centroid_latitude=51.45, centroid_longitude=-0.19)
    postcode = PostcodeFactory(postcode="SW18 2PU", ward=ward)  # at the ward's centre unless told otherwise
    place = LocationFactory(postcode="SW18 2PU")                # placed at the postcode on save
"""

import datetime as dt

import factory
from factory import fuzzy

from locations.models import (
    LocalAuthority,
    Location,
    LocationKind,
    OpeningException,
    OpeningPeriod,
    OutcodeCentroid,
    Postcode,
    Ward,
)

WANDSWORTH_CENTRE = (51.4571, -0.1931)
# Letters allowed in the last two characters of a postcode.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def square_around(latitude: float, longitude: float, half_side: float = 0.01) -> dict:
    """A GeoJSON MultiPolygon square (about 2 km across) centred on the point."""
    west, east = longitude - half_side, longitude + half_side
    south, north = latitude - half_side, latitude + half_side
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}


def nth_postcode(n: int) -> str:
    """A well-formed postcode for any n, in the made-up district ZZ9 so it never clashes with real data."""
    first, second = divmod(n // 10 % (len(INWARD_LETTERS) ** 2), len(INWARD_LETTERS))
    return f"ZZ9 {n % 10}{INWARD_LETTERS[first]}{INWARD_LETTERS[second]}"


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("code",)

    code = "E09000032"
    name = "Wandsworth"


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E05{900000 + n}")
    name = factory.Sequence(lambda n: f"Test Ward {n}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    centroid_latitude = WANDSWORTH_CENTRE[0]
    centroid_longitude = WANDSWORTH_CENTRE[1]
    boundary = factory.LazyAttribute(lambda ward: square_around(ward.centroid_latitude, ward.centroid_longitude))
    deri_score = fuzzy.FuzzyDecimal(1.5, 3.5, precision=3)
    deri_lsoa_count = 8


class PostcodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Postcode
        django_get_or_create = ("postcode",)

    postcode = factory.Sequence(nth_postcode)
    ward = factory.SubFactory(WardFactory)
    local_authority = factory.LazyAttribute(lambda postcode: postcode.ward.local_authority if postcode.ward else None)
    latitude = factory.LazyAttribute(lambda postcode: postcode.ward.centroid_latitude if postcode.ward else 51.4571)
    longitude = factory.LazyAttribute(lambda postcode: postcode.ward.centroid_longitude if postcode.ward else -0.1931)
    quality = 10


class OutcodeCentroidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcodeCentroid
        django_get_or_create = ("outcode",)

    outcode = "SW18"
    latitude = 51.45149
    longitude = -0.19144
    postcode_count = 1000
    main_local_authority_code = "E09000032"


class LocationFactory(factory.django.DjangoModelFactory):
    """A published place in Wandsworth with no postcode (so saving it never depends on loaded postcodes).

    Give a postcode to have it placed there, or latitude/longitude of your own. It is saved with a published
    revision, as if an editor had pressed "Publish"; pass `publish=False` for a never-published draft.
    """

    class Meta:
        model = Location
        skip_postgeneration_save = True  # the publish hook below saves

    name = factory.Sequence(lambda n: f"Test Community Centre {n}")
    kind = LocationKind.COMMUNITY_CENTRE
    description = "A place where people can get free help with computers and the internet."
    address_line_1 = factory.Sequence(lambda n: f"{n + 1} High Street")
    town = "London"
    postcode = ""
    latitude = fuzzy.FuzzyFloat(WANDSWORTH_CENTRE[0] - 0.02, WANDSWORTH_CENTRE[0] + 0.02)
    longitude = fuzzy.FuzzyFloat(WANDSWORTH_CENTRE[1] - 0.03, WANDSWORTH_CENTRE[1] + 0.03)
    has_free_wifi = True
    public_computers = 4
    live = True

    @factory.post_generation
    def publish(self, create, extracted, **kwargs):
        if not create:
            return
        revision = self.save_revision(clean=False)
        if extracted if extracted is not None else self.live:
            revision.publish()
        else:
            Location.objects.filter(pk=self.pk).update(live=False, has_unpublished_changes=True)
        self.refresh_from_db()


class OpeningPeriodFactory(factory.django.DjangoModelFactory):
    """Mondays, 9am to 5pm, unless told otherwise."""

    class Meta:
        model = OpeningPeriod

    location = factory.SubFactory(LocationFactory)
    weekday = 0
    opens = dt.time(9, 0)
    closes = dt.time(17, 0)


class OpeningExceptionFactory(factory.django.DjangoModelFactory):
    """Closed for a bank holiday (Christmas Day 2026) unless told otherwise."""

    class Meta:
        model = OpeningException

    location = factory.SubFactory(LocationFactory)
    date = dt.date(2026, 12, 25)
    closed = True
    reason = "Bank holiday"
