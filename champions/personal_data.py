"""Everything we hold about a champion, for "download my data" (a subject access request they serve themselves)."""

from champions.models import Champion


def _date(value):
    return value.isoformat() if value else None


def personal_data(champion: Champion) -> dict:
    application = champion.application
    return {
        "about_this_file": "Everything the Digital Champions network holds about you. Help you logged holds "
        "only counts and topics, never the people you helped.",
        "profile": {
            "first_name": champion.first_name,
            "last_name": champion.last_name,
            "email": champion.email,
            "phone": champion.phone,
            "home_postcode": champion.home_postcode,
            "ward": str(champion.ward) if champion.ward else None,
            "champion_type": str(champion.champion_type),
            "organisation": champion.organisation_display,
            "languages": [str(language) for language in champion.languages.all()],
            "other_languages": champion.other_languages,
            "confident_helping_with": champion.skill_labels,
            "usually_free": champion.availability_labels,
            "preferred_places": [str(place) for place in champion.preferred_places.all()],
            "state": champion.get_state_display(),
            "approved_at": _date(champion.approved_at),
            "notes_about_you": champion.lead_notes,
        },
        "application": None
        if application is None
        else {
            "campaign": application.campaign_title,
            "submitted_at": _date(application.submitted_at),
            "why_you_applied": application.about,
            "confirmed_18_or_over": application.age_confirmed,
            "privacy_notice_version": application.privacy_notice.version,
            "champion_agreement_version": application.agreement.version,
            "decision": application.get_status_display(),
            "decided_at": _date(application.decided_at),
        },
        "history": [
            {"state": event.get_state_display(), "when": _date(event.created_at), "why": event.reason}
            for event in champion.events.all()
        ],
        "training": [
            {
                "course": str(completion.course),
                "completed_on": _date(completion.completed_on),
                "expires_on": _date(completion.expires_on),
                "evidence": completion.get_evidence_display(),
                "certificate_reference": completion.certificate_reference,
            }
            for completion in champion.completions.select_related("course")
        ],
        "background_checks": [
            {
                "level": check.get_level_display(),
                "certificate_number": check.certificate_number,
                "issue_date": _date(check.issue_date),
                "on_update_service": check.on_update_service,
                "decision": check.get_decision_display(),
            }
            for check in champion.dbs_checks.all()
        ],
        "sessions": [str(session) for session in champion.sessions.select_related("location")],
        "help_given": [
            {
                "date": _date(log.date),
                "place": log.place_name,
                "minutes": log.minutes,
                "people_helped": log.people_helped,
                "new": log.new_people,
                "returning": log.returning_people,
                "topics": log.topic_labels,
                "signposted_to": log.signpost_labels,
            }
            for log in champion.help_logs.select_related("location")
        ],
    }
