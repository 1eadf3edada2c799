"""Published help sessions appear in the public directory as one-to-one and drop-in help.

A HelpSession that is published (and has not ended) gets a provision Service run by the council's
"Digital Champions network" organisation, at the session's place, with its times; when the session is
unpublished, ends or is deleted, the Service is unpublished. Only what residents need goes into the
listing: never the names of the champions on the rota.
"""

import logging

from django.utils import timezone

from champions.models import Frequency, HelpSession
from provision.models import (
    AccessMethod,
    CostKind,
    Organisation,
    OrganisationKind,
    Service,
    ServiceLocation,
    ServiceSchedule,
    ServiceSession,
    ServiceStatus,
    ServiceType,
)

logger = logging.getLogger("champions")

NETWORK_NAME = "Digital Champions network"
DROP_IN_TYPE_SLUG = "one-to-one-and-drop-in-help"
DROP_IN_TYPE_NAME = "One-to-one and drop-in help"


def network_organisation() -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=NETWORK_NAME,
        defaults={
            "kind": OrganisationKind.COUNCIL,
            "description": "Trained volunteers and staff who give free, friendly help to get online, "
            "run by the council's digital inclusion team.",
        },
    )
    return organisation


def drop_in_type() -> ServiceType:
    found = (
        ServiceType.objects.filter(slug=DROP_IN_TYPE_SLUG).first()
        or ServiceType.objects.filter(name__iexact=DROP_IN_TYPE_NAME).first()
    )
    if found is None:
        found = ServiceType.objects.create(
            slug=DROP_IN_TYPE_SLUG,
            name=DROP_IN_TYPE_NAME,
            description="Bring your device and a question and get help.",
        )
    return found


def _listing(session: HelpSession) -> dict:
    schedules, sessions = [], []
    if session.frequency == Frequency.ONE_OFF:
        sessions.append((session.location_id, session.date, session.starts, session.ends))
    else:
        schedules.append(
            (
                session.location_id,
                session.frequency,
                session.weekday,
                session.week_of_month if session.frequency == Frequency.MONTHLY else None,
                session.starts,
                session.ends,
                session.date if session.frequency == Frequency.FORTNIGHTLY else None,
                session.valid_to,
            )
        )
    return {
        "name": session.title,
        "summary": f"Free one-to-one help from a Digital Champion: {session.describe_when()}."[:240],
        "description": session.description or session.title,
        "locations": [session.location_id],
        "schedules": schedules,
        "sessions": sessions,
        "languages": sorted(language.pk for language in session.languages.all()),
    }


def _current_listing(service: Service) -> dict:
    return {
        "name": service.name,
        "summary": service.summary,
        "description": service.description,
        "locations": [link.location_id for link in service.service_locations.all()],
        "schedules": [
            (s.location_id, s.frequency, s.weekday, s.week_of_month, s.starts, s.ends, s.valid_from, s.valid_to)
            for s in service.schedules.all()
        ],
        "sessions": [(s.location_id, s.date, s.starts, s.ends) for s in service.sessions.all()],
        "languages": sorted(language.pk for language in service.languages.all()),
    }


def sync_session_listing(session: HelpSession, user=None) -> Service | None:
    """Create, update or unpublish the session's directory listing. Safe to call any number of times."""
    if session.should_be_listed:
        return publish_listing(session, user)
    service = Service.objects.filter(pk=session.service_id).first() if session.service_id else None
    if service is not None and service.live:
        service.unpublish(user=user)
        logger.info("Help session %s: listing %s unpublished", session.pk, service.pk)
    return service


def publish_listing(session: HelpSession, user=None) -> Service:
    wanted = _listing(session)
    service = Service.objects.filter(pk=session.service_id).first() if session.service_id else None
    if service is not None and service.live and _current_listing(service) == wanted:
        return service  # nothing has changed: no new revision
    if service is None:
        service = Service(organisation=network_organisation())
    service.name = wanted["name"]
    service.summary = wanted["summary"]
    service.description = wanted["description"]
    service.status = ServiceStatus.ACTIVE
    service.cost = CostKind.FREE
    service.how_to_access = AccessMethod.DROP_IN
    service.last_reviewed = timezone.localdate()
    service.service_locations = [ServiceLocation(location_id=session.location_id)]
    service.schedules = [
        ServiceSchedule(
            location_id=location,
            frequency=frequency,
            weekday=weekday,
            week_of_month=week_of_month,
            starts=starts,
            ends=ends,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        for location, frequency, weekday, week_of_month, starts, ends, valid_from, valid_to in wanted["schedules"]
    ]
    service.sessions = [
        ServiceSession(location_id=location, date=date, starts=starts, ends=ends)
        for location, date, starts, ends in wanted["sessions"]
    ]
    service.save()
    service.types.set([drop_in_type()])
    service.languages.set(wanted["languages"])
    service.save()
    revision = service.save_revision(user=user, clean=False)
    revision.publish(user=user, skip_permission_checks=True)
    service.refresh_from_db()
    if session.service_id != service.pk:
        HelpSession.objects.filter(pk=session.pk).update(service=service)
    session.service = service
    logger.info("Help session %s: listing %s published", session.pk, service.pk)
    return service


def unpublish_ended_sessions(today=None) -> int:
    """Unpublish the listings of sessions whose last date has passed (run daily)."""
    today = today or timezone.localdate()
    count = 0
    for session in HelpSession.objects.filter(service__live=True).select_related("service", "location"):
        if session.has_ended(today):
            session.service.unpublish()
            count += 1
            logger.info("Help session %s has ended: listing %s unpublished", session.pk, session.service_id)
    return count
