"""The inclusion lead's insight pages in the Wagtail admin."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from locations.models import Ward
from provision.downloads import cell
from provision.insight.duplication import find_duplication
from provision.insight.forms import CoverageForm, DuplicationForm, ScorecardForm, cleaned
from provision.insight.funding import funding_sources
from provision.insight.gaps import ward_coverage
from provision.insight.scorecard import Period, build_scorecard
from provision.models import Service

INSIGHT_PERMISSION = "provision.view_insight"


def _require_insight(request):
    if not request.user.has_perm(INSIGHT_PERMISSION):
        raise PermissionDenied


def gaps(request):
    _require_insight(request)
    form = CoverageForm(request.GET or None)
    params = cleaned(form)
    service_type = params.get("service_type")
    local_authority = params.get("local_authority")
    rows = ward_coverage(
        local_authority_code=local_authority.code if local_authority else None, walking_km=params["walking_km"]
    )
    if service_type:
        for row in rows:
            row.selected = next(c for c in row.coverage if c.service_type.pk == service_type.pk)
    return render(
        request,
        "provision/insight/gaps.html",
        {
            "form": form,
            "rows": rows,
            "service_type": service_type,
            "walking_km": params["walking_km"],
            "service_types": [coverage.service_type for coverage in rows[0].coverage] if rows else [],
            "geojson_query": request.GET.urlencode(),
        },
    )


def wards_geojson(request):
    """Ward boundaries with their DERI score and, for a chosen type, coverage: the choropleth's data."""
    _require_insight(request)
    params = cleaned(CoverageForm(request.GET or None))
    local_authority = params.get("local_authority")
    rows = ward_coverage(
        local_authority_code=local_authority.code if local_authority else None, walking_km=params["walking_km"]
    )
    service_type = params.get("service_type")
    boundaries = dict(Ward.objects.filter(pk__in=[row.ward.pk for row in rows]).values_list("code", "boundary"))
    features = []
    for row in rows:
        coverage = next((c for c in row.coverage if service_type and c.service_type.pk == service_type.pk), None)
        features.append(
            {
                "type": "Feature",
                "geometry": boundaries.get(row.ward.pk),
                "properties": {
                    "code": row.ward.pk,
                    "name": row.ward.name,
                    "deri": float(row.deri_score) if row.deri_score is not None else None,
                    "coverage_percent": coverage.percent if coverage else None,
                    "lacking": [service_type.name for service_type in row.lacking],
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


def duplication(request):
    _require_insight(request)
    form = DuplicationForm(request.GET or None)
    params = cleaned(form)
    local_authority = params.get("local_authority")
    overlaps = find_duplication(params["max_km"], local_authority.code if local_authority else None)
    return render(request, "provision/insight/duplication.html", {"form": form, "overlaps": overlaps})


def funding(request):
    _require_insight(request)
    if not request.user.has_perm("provision.view_internal_data"):
        raise PermissionDenied
    return render(
        request,
        "provision/insight/funding.html",
        {
            **funding_sources(),
            "unfunded": Service.objects.published().filter(funding_sources__isnull=True).order_by("name"),
        },
    )


def _scorecard(request):
    params = cleaned(ScorecardForm(request.GET or None))
    period = Period.containing(params.get("period") or "quarter", params.get("date") or timezone.localdate())
    local_authority = params.get("local_authority")
    sections = build_scorecard(period, local_authority.code if local_authority else None)
    for section in sections:
        largest = max((figure.value for figure in section.figures), default=0) or 1
        for figure in section.figures:
            figure.bar_percent = round(100 * figure.value / largest)
    return period, local_authority, sections


def scorecard(request):
    _require_insight(request)
    period, local_authority, sections = _scorecard(request)
    template = (
        "provision/insight/scorecard_print.html" if "print" in request.GET else "provision/insight/scorecard.html"
    )
    return render(
        request,
        template,
        {
            "form": ScorecardForm(request.GET or None),
            "period": period,
            "local_authority": local_authority,
            "sections": sections,
            "query": request.GET.urlencode(),
        },
    )


def scorecard_csv(request):
    _require_insight(request)
    period, local_authority, sections = _scorecard(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="scorecard-{period.kind}-{period.start:%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(["Section", "Figure", period.label, period.previous.label, "Change"])
    for section in sections:
        for figure in section.figures:
            # Labels include names people type (types of help, wards): a spreadsheet must not run them.
            row = [section.title, figure.label, figure.value, figure.previous, figure.change]
            writer.writerow([cell(value) for value in row])
    return response
