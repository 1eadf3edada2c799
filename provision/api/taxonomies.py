"""Our managed vocabularies as HSDS taxonomies: types of help and audiences (editable lists in the database)
and the facilities of a place (a fixed list in code). Each term is linked to services or locations through
HSDS `attributes`."""

from dataclasses import dataclass

from locations.models import Facility
from provision.api.ids import make_id
from provision.models import Audience, ServiceType


@dataclass(frozen=True)
class Term:
    """A taxonomy term, whichever list it comes from."""

    id: str
    name: str
    description: str
    term: str  # the code people use in our own search addresses (a slug, or the facility's value)
    taxonomy: "Taxonomy"


@dataclass(frozen=True)
class Taxonomy:
    key: str
    name: str
    description: str
    model: type | None = None  # None for the facilities, which are not stored

    @property
    def id(self) -> str:
        return make_id("taxonomy", self.key)

    def terms(self) -> list[Term]:
        if self.model is None:
            return [facility_term(facility) for facility in Facility]
        return [model_term(item, self) for item in self.model.objects.order_by("sort_order", "name", "pk")]


SERVICE_TYPES = Taxonomy(
    key="service-type",
    name="Types of digital help",
    description="What kind of digital inclusion help a service gives: free Wi-Fi, devices, skills, support.",
    model=ServiceType,
)
AUDIENCES = Taxonomy(
    key="audience",
    name="Who it is for",
    description="The groups of people a service is meant for. A service with none is for everyone.",
    model=Audience,
)
FACILITIES = Taxonomy(
    key="facility",
    name="Facilities at places",
    description="What a place has for visitors: free Wi-Fi, public computers, printing, devices and access.",
)
TAXONOMIES = (SERVICE_TYPES, AUDIENCES, FACILITIES)
BY_MODEL = {ServiceType: SERVICE_TYPES, Audience: AUDIENCES}


def model_term(item, taxonomy: Taxonomy | None = None) -> Term:
    taxonomy = taxonomy or BY_MODEL[type(item)]
    return Term(
        id=make_id(item._meta.label_lower, item.pk),
        name=item.name,
        description=item.description or item.name,
        term=item.slug,
        taxonomy=taxonomy,
    )


def facility_term(facility: Facility) -> Term:
    facility = Facility(facility)
    return Term(
        id=make_id("locations.facility", facility.value),
        name=str(facility.label),
        description=f"A place with {str(facility.label)[:1].lower()}{str(facility.label)[1:]}.",
        term=facility.value,
        taxonomy=FACILITIES,
    )


def all_terms() -> list[Term]:
    return [term for taxonomy in TAXONOMIES for term in taxonomy.terms()]


def taxonomy_by_id(taxonomy_id: str) -> Taxonomy | None:
    return next((taxonomy for taxonomy in TAXONOMIES if taxonomy.id == taxonomy_id), None)


def term_by_id(term_id: str) -> Term | None:
    return next((term for term in all_terms() if term.id == term_id), None)
