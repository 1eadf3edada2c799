from provision.models.history import ListingLogEntry
from provision.models.organisations import Organisation, OrganisationKind
from provision.models.outbox import QueuedEmail
from provision.models.partners import (
    ApplicationStatus,
    OrganisationMembership,
    PartnerApplication,
    PartnerLocation,
    ReminderKind,
    ReviewReminder,
)
from provision.models.reports import ProblemKind, ProblemReport, RateLimitCounter, ReportStatus
from provision.models.services import (
    AccessMethod,
    CostKind,
    FundingSource,
    Service,
    ServiceLocation,
    ServiceSchedule,
    ServiceSession,
    ServiceStatus,
)
from provision.models.taxonomy import Audience, Language, ServiceType

__all__ = [
    "ApplicationStatus",
    "ListingLogEntry",
    "OrganisationMembership",
    "PartnerApplication",
    "PartnerLocation",
    "ReminderKind",
    "ReviewReminder",
    "AccessMethod",
    "Audience",
    "CostKind",
    "FundingSource",
    "Language",
    "Organisation",
    "OrganisationKind",
    "ProblemKind",
    "ProblemReport",
    "QueuedEmail",
    "RateLimitCounter",
    "ReportStatus",
    "Service",
    "ServiceLocation",
    "ServiceSchedule",
    "ServiceSession",
    "ServiceStatus",
    "ServiceType",
]
