from provision.models.organisations import Organisation, OrganisationKind
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
    "AccessMethod",
    "Audience",
    "CostKind",
    "FundingSource",
    "Language",
    "Organisation",
    "OrganisationKind",
    "Service",
    "ServiceLocation",
    "ServiceSchedule",
    "ServiceSession",
    "ServiceStatus",
    "ServiceType",
]
