"""Where the money comes from, and the funding cliff: provision whose funding ends soon."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from provision.models import FundingSource, Service

ENDING_SOON_DAYS = 183  # six months


@dataclass
class FunderTotal:
    funder: str
    annual_amount: Decimal = Decimal(0)
    services: list[Service] = field(default_factory=list)


def funding_sources(today: dt.date | None = None):
    today = today or timezone.localdate()
    sources = list(
        FundingSource.objects.filter(service__in=Service.objects.published())
        .select_related("service", "service__organisation", "funder")
        .order_by("ends_on", "service__name")
    )
    totals: dict[str, FunderTotal] = defaultdict(lambda: FunderTotal(""))
    for source in sources:
        name = str(source)
        total = totals[name]
        total.funder = name
        total.annual_amount += source.annual_amount or 0
        if source.service not in total.services:
            total.services.append(source.service)
    ending_soon = [
        source
        for source in sources
        if source.ends_on and today <= source.ends_on <= today + dt.timedelta(days=ENDING_SOON_DAYS)
    ]
    by_end_month = defaultdict(list)
    for source in sources:
        if source.ends_on and source.ends_on >= today:
            by_end_month[source.ends_on.replace(day=1)].append(source)
    return {
        "by_funder": sorted(totals.values(), key=lambda total: -total.annual_amount),
        "ending_soon": ending_soon,
        "by_end_month": sorted(by_end_month.items()),
        "ended": [source for source in sources if source.ends_on and source.ends_on < today],
    }
