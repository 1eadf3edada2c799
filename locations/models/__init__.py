from locations.models.geography import LocalAuthority, OutcodeCentroid, Postcode, SmallArea, Ward
from locations.models.places import Facility, Location, LocationKind, OpeningException, OpeningPeriod

__all__ = [
    "Facility",
    "LocalAuthority",
    "Location",
    "LocationKind",
    "OpeningException",
    "OpeningPeriod",
    "OutcodeCentroid",
    "Postcode",
    "SmallArea",
    "Ward",
]
