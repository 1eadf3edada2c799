"""Model instances to Open Referral UK (HSDS-UK 3.0) objects, as plain dicts ready for JSON.

Only what the public site shows is here: the internal provision-mapping fields (Service.INTERNAL_FIELDS),
funding, lead contacts and anything about champions never reach these functions' output, because nothing
here reads them. Each function takes instances loaded with the prefetching in provision/api/queries.py.

Properties follow the compiled UK profile; an optional property we have no value for is left out (the
schemas allow no nulls). Three HSDS 3.0 properties that the draft UK profile drops are kept, because
without them the objects say nothing a resident can use (see HSDS_BASE_PROPERTIES): a language's `name`
and `code`, and a service's public `phones`.
"""

import datetime as dt

from django.conf import settings

from locations.formatting import clock_time
from locations.models import Facility, Location
from provision.api.ids import make_id, object_id
from provision.api.params import BYDAY
from provision.api.taxonomies import Taxonomy, Term, facility_term, model_term
from provision.models import Organisation, Service, ServiceStatus
from provision.models.services import ScheduleFrequency

PROFILE_URL = "https://openreferraluk.org/developers/specifications"
VERSION = "HSDS-UK-3.0"
# Properties of HSDS 3.0 (not of the draft UK profile) that we publish, by object.
HSDS_BASE_PROPERTIES = {"language": ("name", "code"), "service": ("phones",)}

STATUS = {
    ServiceStatus.ACTIVE: "active",
    ServiceStatus.TEMPORARILY_CLOSED: "temporarily closed",
    ServiceStatus.DEFUNCT: "defunct",
}
# Physical access needs described as HSDS accessibility records.
ACCESSIBILITY_FACILITIES = (Facility.STEP_FREE, Facility.ACCESSIBLE_TOILET, Facility.HEARING_LOOP)


def compact(data: dict) -> dict:
    """Leave out the properties we have no value for (the schemas allow no nulls)."""
    return {key: value for key, value in data.items() if value is not None}


def optional(value):
    """None for a blank text field, so that compact() leaves it out."""
    return value if value not in ("", None) else None


def timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def clock(value: dt.time) -> str:
    return value.strftime("%H:%M")


class Serializer:
    """Serialises for one request: absolute addresses are built from it."""

    def __init__(self, request):
        self.request = request

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    # Taxonomies --------------------------------------------------------------------------------------

    def taxonomy(self, taxonomy: Taxonomy, terms: list[Term] | None = None) -> dict:
        data = {"id": taxonomy.id, "name": taxonomy.name, "description": taxonomy.description}
        if terms is not None:
            data["taxonomy_terms"] = [self.taxonomy_term(term) for term in terms]
        return data

    def taxonomy_term(self, term: Term) -> dict:
        return {
            "id": term.id,
            "name": term.name,
            "description": term.description,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": term.taxonomy.id,
            "term": term.term,
        }

    def attribute(self, link_type: str, link_id: str, term: Term) -> dict:
        return {
            "id": make_id("attribute", link_id, term.id),
            "link_id": link_id,
            "link_type": link_type,
            "taxonomy_term_id": term.id,
            "taxonomy_term": self.taxonomy_term(term),
        }

    # Organisations -----------------------------------------------------------------------------------

    def organization(self, organisation: Organisation) -> dict:
        organization_id = object_id(organisation)
        data = compact(
            {
                "id": organization_id,
                "name": organisation.name,
                "description": organisation.description or organisation.get_kind_display(),
                "email": optional(organisation.email),
                "website": optional(organisation.website),
            }
        )
        if organisation.charity_number:
            number = organisation.charity_number.strip()
            data["organization_identifiers"] = [
                {
                    "id": make_id(organisation._meta.label_lower, organisation.pk, "charity-number"),
                    "organization_id": organization_id,
                    # org-id.guide schemes: Scottish charity numbers start SC; the rest are England and Wales.
                    "identifier_scheme": "GB-SC" if number.upper().startswith("SC") else "GB-CHC",
                    "identifier_type": "Charity number",
                    "identifier": number,
                }
            ]
        return data

    # Locations ---------------------------------------------------------------------------------------

    def location(self, location: Location, full: bool = True) -> dict:
        location_id = object_id(location)
        data = compact(
            {
                "id": location_id,
                "location_type": "physical",
                "name": location.name,
                "description": optional(location.description),
                "latitude": round(location.latitude, 6) if location.latitude is not None else None,
                "longitude": round(location.longitude, 6) if location.longitude is not None else None,
                "external_identifier": optional(location.uprn),
                "external_identifier_type": "UPRN" if location.uprn else None,
            }
        )
        address = self.address(location, location_id)
        if address:
            data["addresses"] = [address]
        if full:
            data["accessibility"] = self.accessibility(location, location_id)
            data["attributes"] = [
                self.attribute("facility", location_id, facility_term(facility)) for facility in location.facilities
            ]
        return data

    def address(self, location: Location, location_id: str) -> dict | None:
        if not (location.address_line_1 or location.address_line_2 or location.postcode):
            return None
        local_authority = location.local_authority
        return compact(
            {
                "id": make_id(location._meta.label_lower, location.pk, "address"),
                "location_id": location_id,
                "address_1": ", ".join(line for line in (location.address_line_1, location.address_line_2) if line),
                "city": location.town or "",
                "region": local_authority.name if local_authority else None,
                "state_province": getattr(settings, "ORUK_STATE_PROVINCE", "Greater London"),
                "postal_code": location.postcode,
                "country": "GB",
                "address_type": "physical",
            }
        )

    def accessibility(self, location: Location, location_id: str) -> list[dict]:
        present = set(location.facilities)
        records = [
            {
                "id": make_id(location._meta.label_lower, location.pk, "accessibility", facility.value),
                "location_id": location_id,
                "accessibility": str(facility.label),
                "description": str(facility.label),
            }
            for facility in ACCESSIBILITY_FACILITIES
            if facility in present
        ]
        if location.accessibility_notes:
            records.append(
                {
                    "id": make_id(location._meta.label_lower, location.pk, "accessibility", "notes"),
                    "location_id": location_id,
                    "description": "Accessibility",
                    "details": location.accessibility_notes,
                }
            )
        return records

    # Services ----------------------------------------------------------------------------------------

    def service_core(self, service: Service) -> dict:
        """The service's own (one-to-one) fields and its organisation: a list item."""
        organisation = service.organisation
        modified = max(service.updated_at, organisation.updated_at)
        return compact(
            {
                "id": object_id(service),
                "organization_id": object_id(organisation),
                "name": service.name,
                "description": service.description or service.summary,
                "url": service.website or self.absolute(service.get_absolute_url()),
                "email": optional(service.email),
                "status": STATUS[service.status],
                "minimum_age": service.minimum_age,
                "maximum_age": service.maximum_age,
                "assured_date": service.last_reviewed.isoformat() if service.last_reviewed else None,
                "alert": "This service is temporarily closed."
                if service.status == ServiceStatus.TEMPORARILY_CLOSED
                else None,
                "last_modified": timestamp(modified),
                "organization": self.organization(organisation),
            }
        )

    def service(self, service: Service) -> dict:
        """A fully nested service (loaded with queries.fully_nested)."""
        service_id = object_id(service)
        links = service.public_links
        data = self.service_core(service)
        data.update(
            {
                "service_at_locations": [
                    {
                        "id": object_id(link),
                        "service_id": service_id,
                        "location_id": object_id(link.location),
                        "location": self.location(link.location),
                    }
                    for link in links
                ],
                "schedules": self.schedules(service, service_id, links),
                "languages": [
                    {
                        "id": make_id("service-language", service.pk, language.pk),
                        "service_id": service_id,
                        "name": language.name,
                        "code": language.code,
                    }
                    for language in service.languages.all()
                ],
                "cost_options": [self.cost_option(service, service_id)],
                "contacts": [
                    {
                        "id": make_id("service-contact", service.pk),
                        "service_id": service_id,
                        "name": service.contact_name,
                    }
                ]
                if service.contact_name
                else [],
                "phones": self.phones(service),
                "attributes": [
                    *(self.attribute("type_of_help", service_id, model_term(term)) for term in service.types.all()),
                    *(self.attribute("audience", service_id, model_term(term)) for term in service.audiences.all()),
                ],
            }
        )
        return data

    def cost_option(self, service: Service, service_id: str) -> dict:
        return compact(
            {
                "id": make_id("service-cost", service.pk),
                "service_id": service_id,
                "option": service.get_cost_display(),
                "amount": 0 if service.is_free else None,
                "amount_description": optional(service.cost_description),
            }
        )

    def phones(self, service: Service) -> list[dict]:
        phones = []
        if service.phone:
            phones.append({"id": make_id("service-phone", service.pk), "number": service.phone, "description": "Phone"})
        if service.booking_phone and service.booking_phone != service.phone:
            phones.append(
                {
                    "id": make_id("service-phone", service.pk, "booking"),
                    "number": service.booking_phone,
                    "description": "To book",
                }
            )
        return phones

    # Schedules: RFC 5545 recurrence in HSDS fields ---------------------------------------------------

    def schedules(self, service: Service, service_id: str, links) -> list[dict]:
        link_at = {link.location_id: link for link in links}
        schedules = list(service.schedules.all())
        sessions = service.upcoming_sessions
        records = [self.repeating(schedule, service_id, link_at.get(schedule.location_id)) for schedule in schedules]
        records += [self.one_off(session, service_id, link_at.get(session.location_id)) for session in sessions]
        # Where a service has no sessions of its own at a place, it is there when the place is open.
        timed_places = {item.location_id for item in (*schedules, *sessions)}
        if None not in timed_places:
            for link in links:
                if link.location_id not in timed_places:
                    records += [
                        self.opening_period(period, service_id, link) for period in link.location.opening_periods.all()
                    ]
        return records

    def repeating(self, schedule, service_id: str, link) -> dict:
        code = BYDAY[schedule.weekday]
        monthly = schedule.frequency == ScheduleFrequency.MONTHLY
        description = schedule.describe()
        if schedule.location_id and link is not None:
            description += f" at {link.location.name}"
        return compact(
            {
                "id": object_id(schedule),
                "service_id": service_id,
                "service_at_location_id": object_id(link) if link is not None else None,
                "valid_from": schedule.valid_from.isoformat() if schedule.valid_from else None,
                "valid_to": schedule.valid_to.isoformat() if schedule.valid_to else None,
                "dtstart": schedule.valid_from.isoformat() if schedule.valid_from else None,
                "freq": "MONTHLY" if monthly else "WEEKLY",
                "interval": 2 if schedule.frequency == ScheduleFrequency.FORTNIGHTLY else 1,
                "byday": f"{schedule.week_of_month}{code}" if monthly and schedule.week_of_month else code,
                "opens_at": clock(schedule.starts),
                "closes_at": clock(schedule.ends),
                "description": description,
                "notes": optional(schedule.notes),
                "attending_type": "in_person" if link is not None else None,
            }
        )

    def one_off(self, session, service_id: str, link) -> dict:
        """A dated session: weekly, but valid for that one day only."""
        day = session.date.isoformat()
        return compact(
            {
                "id": object_id(session),
                "service_id": service_id,
                "service_at_location_id": object_id(link) if link is not None else None,
                "valid_from": day,
                "valid_to": day,
                "dtstart": day,
                "freq": "WEEKLY",
                "interval": 1,
                "byday": BYDAY[session.date.weekday()],
                "opens_at": clock(session.starts),
                "closes_at": clock(session.ends),
                "description": (
                    f"{session.date:%A} {session.date.day} {session.date:%B %Y}, "
                    f"{clock_time(session.starts)} to {clock_time(session.ends)}"
                    + (f" at {link.location.name}" if link is not None else "")
                ),
                "notes": optional(session.notes),
                "attending_type": "in_person" if link is not None else None,
            }
        )

    def opening_period(self, period, service_id: str, link) -> dict:
        return {
            "id": make_id("opening-hours", period.pk, object_id(link)),
            "service_id": service_id,
            "service_at_location_id": object_id(link),
            "freq": "WEEKLY",
            "interval": 1,
            "byday": BYDAY[period.weekday],
            "opens_at": clock(period.opens),
            "closes_at": clock(period.closes),
            "description": (
                f"{period.get_weekday_display()}s, {clock_time(period.opens)} to {clock_time(period.closes)}, "
                f"when {link.location.name} is open"
            ),
            "attending_type": "in_person",
        }

    # Service at location list items -------------------------------------------------------------------

    def service_at_location_item(self, link) -> dict:
        return {
            "id": object_id(link),
            "service_id": object_id(link.service),
            "location_id": object_id(link.location),
            "location": self.location(link.location, full=False),
            "service": self.service_core(link.service),
        }
