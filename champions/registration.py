"""Turning a submitted application form into an application, kindly, whoever sends it and however often."""

import logging
from dataclasses import dataclass

from django.db import transaction

from champions import emails
from champions.lifecycle import find_champion_by_email, find_open_application, record_event
from champions.models import Application, State

logger = logging.getLogger("champions")

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "home_postcode",
    "champion_type",
    "organisation",
    "organisation_name",
    "other_languages",
    "skills",
    "availability",
    "about",
    "age_confirmed",
)


@dataclass
class Outcome:
    application: Application | None
    kind: str  # "new", "updated" or "already_champion"


@transaction.atomic
def submit_application(form, campaign) -> Outcome:
    data = form.cleaned_data
    email = data["email"]
    champion = find_champion_by_email(email)
    if champion is not None:
        # Already one of us: nothing to update here; tell them where to change their details.
        emails.send_already_champion(champion)
        logger.info("Application from an existing champion (%s): acknowledged, nothing saved", champion.pk)
        return Outcome(None, "already_champion")

    application = find_open_application(email)
    updated = application is not None
    if application is None:
        application = Application(email=email, campaign=campaign, campaign_title=campaign.title if campaign else "")
    else:
        application.times_submitted += 1
    for field in PERSON_FIELDS:
        setattr(application, field, data[field])
    application.organisation_name = "" if data["organisation"] else data["organisation_name"].strip()
    application.privacy_notice = form.privacy_notice
    application.agreement = form.agreement
    application.save()
    application.languages.set(data["languages"])
    application.preferred_places.set(data["preferred_places"])
    if updated:
        where = f" through {campaign.title}" if campaign and campaign.pk != application.campaign_id else ""
        record_event(
            application.status,
            reason=f"Sent the application again{where}; details updated.",
            application=application,
        )
    else:
        record_event(
            State.APPLIED,
            reason=f"Applied through {campaign.title}." if campaign else "Applied.",
            application=application,
        )
    emails.send_acknowledgement(application, updated=updated)
    emails.notify_lead_of_application(application, updated=updated)
    return Outcome(application, "updated" if updated else "new")
