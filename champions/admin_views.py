"""The lead's custom admin views: dashboard, CSV export, group email, decisions, status changes and erasure.

Served under /admin/ (so Wagtail's admin login is required) and each checks its own permission.
"""

import csv
import datetime as dt
import logging
from collections import Counter

from django.contrib import messages
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from champions import lifecycle
from champions.admin_forms import ChampionFilterForm, DecisionForm, EraseForm, ExportForm, GroupEmailForm, StatusForm
from champions.emails import _queue
from champions.models import (
    Application,
    ApplicationStatus,
    Champion,
    ChampionStatus,
    ExportLog,
    GroupEmail,
    HelpLog,
    HelpSession,
    State,
    TrainingCompletion,
)
from champions.models.choices import HelpTopic, labels
from champions.permissions import (
    DECIDE_APPLICATIONS,
    EMAIL_CHAMPIONS,
    ERASE_CHAMPIONS,
    EXPORT_CHAMPIONS,
    VIEW_CHAMPIONS,
    require_permission,
)

logger = logging.getLogger("champions")


def help_totals(logs) -> dict:
    totals = logs.aggregate(
        people=Sum("people_helped"),
        new=Sum("new_people"),
        returning=Sum("returning_people"),
        minutes=Sum("minutes"),
        logs=Count("pk"),
    )
    return {key: value or 0 for key, value in totals.items()}


def _breadcrumbs(*items):
    return [
        {"url": reverse("wagtailadmin_home"), "label": "Home"},
        *[{"url": url, "label": label} for url, label in items],
    ]


def _render(request, template, title, context, status=200):
    context = {
        "page_title": title,
        "header_title": title,
        "header_icon": "group",
        "breadcrumbs_items": _breadcrumbs((reverse("champions_admin:dashboard"), "Digital Champions"), ("", title)),
        **context,
    }
    return TemplateResponse(request, template, context, status=status)


# Dashboard ------------------------------------------------------------------------------------------------


def _months(today: dt.date, count: int = 12) -> list[dt.date]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


@require_permission(VIEW_CHAMPIONS)
def dashboard(request):
    today = timezone.localdate()
    champions = Champion.objects.with_state().select_related("champion_type", "organisation", "ward")
    states = Counter(champion.computed_state for champion in champions)
    in_network = [champion for champion in champions if champion.computed_state != State.LEFT]

    application_states = [
        ApplicationStatus.APPLIED,
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.APPROVED,
        ApplicationStatus.DECLINED,
    ]
    by_campaign = {}
    for row in Application.objects.values("campaign_title", "status").annotate(n=Count("pk")):
        by_campaign.setdefault(row["campaign_title"] or "No campaign", Counter())[row["status"]] += row["n"]
    pipeline = [
        {
            "campaign": campaign,
            "counts": [counts.get(status, 0) for status in application_states],
            "total": sum(counts.values()),
        }
        for campaign, counts in sorted(by_campaign.items())
    ]

    def tally(key):
        counter = Counter(key(champion) for champion in in_network)
        return sorted(counter.items(), key=lambda item: (-item[1], item[0]))

    soon = today + dt.timedelta(days=30)
    expiring = [
        completion
        for completion in TrainingCompletion.objects.filter(expires_on__gte=today, expires_on__lte=soon)
        .exclude(champion__status=ChampionStatus.LEFT)
        .select_related("champion", "course")
        .order_by("expires_on")
        if not TrainingCompletion.objects.filter(
            champion=completion.champion_id, course=completion.course_id, completed_on__gt=completion.completed_on
        ).exists()
    ]

    months = _months(today)
    since = months[0]
    logs = HelpLog.objects.filter(date__gte=since)
    per_month = {
        row["month"]: row
        for row in logs.annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(people=Sum("people_helped"), new=Sum("new_people"), logs=Count("pk"))
    }
    monthly = [
        {
            "month": month,
            "people": (per_month.get(month) or {}).get("people") or 0,
            "new": (per_month.get(month) or {}).get("new") or 0,
        }
        for month in months
    ]
    per_place = (
        logs.values("location__name", "other_place")
        .annotate(people=Sum("people_helped"), minutes=Sum("minutes"), logs=Count("pk"))
        .order_by("-people")
    )
    topics = Counter()
    for log_topics in logs.values_list("topics", flat=True):
        topics.update(log_topics or [])

    places = _active_places(today)
    context = {
        "today": today,
        "state_counts": [
            (State(state).label, states.get(state.value, 0), state.value) for state in CHAMPION_STATE_ORDER
        ],
        "application_states": [status.label for status in application_states],
        "pipeline": pipeline,
        "by_type": tally(lambda c: str(c.champion_type)),
        "by_organisation": tally(lambda c: c.organisation_display or "None"),
        "by_ward": tally(lambda c: str(c.ward) if c.ward_id else "Unknown (postcode outside the loaded area)"),
        "expiring": expiring,
        "monthly": monthly,
        "max_month": max([row["people"] for row in monthly] + [1]),
        "per_place": [
            {"place": row["location__name"] or row["other_place"] or "Somewhere else", **row} for row in per_place
        ],
        "totals": help_totals(logs),
        "topics": [(label, topics[value]) for value, label in HelpTopic.choices if topics[value]],
        "places": places,
        "map_points": [
            {
                "name": p["name"],
                "lat": p["latitude"],
                "lng": p["longitude"],
                "sessions": p["sessions"],
                "people": p["people"],
            }
            for p in places
            if p["latitude"] is not None
        ],
        "erasure_requests": Champion.objects.filter(erasure_requested=True, erased_at__isnull=True),
        "can_export": request.user.has_perm(EXPORT_CHAMPIONS),
        "can_email": request.user.has_perm(EMAIL_CHAMPIONS),
    }
    return _render(request, "champions/admin/dashboard.html", "Digital Champions", context)


CHAMPION_STATE_ORDER = [
    State.APPROVED,
    State.ONBOARDING,
    State.ACTIVE,
    State.PAUSED,
    State.LAPSED,
    State.INACTIVE,
    State.LEFT,
]


def _active_places(today):
    """Places with a session that has active champions on its rota, or help logged in the last 90 days."""
    places = {}
    active_ids = set(Champion.objects.in_state(State.ACTIVE).values_list("pk", flat=True))
    for session in HelpSession.objects.select_related("location").prefetch_related("champions"):
        if session.has_ended(today) or not any(c.pk in active_ids for c in session.champions.all()):
            continue
        place = places.setdefault(session.location_id, _place_row(session.location))
        place["sessions"] += 1
    recent = HelpLog.objects.filter(date__gte=today - dt.timedelta(days=90), location__isnull=False)
    for row in recent.values("location").annotate(people=Sum("people_helped")):
        if row["location"] not in places:
            from locations.models import Location

            places[row["location"]] = _place_row(Location.objects.get(pk=row["location"]))
        places[row["location"]]["people"] = row["people"]
    return sorted(places.values(), key=lambda place: place["name"])


def _place_row(location):
    return {
        "name": location.name,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "sessions": 0,
        "people": 0,
    }


# Export ---------------------------------------------------------------------------------------------------


EXPORT_COLUMNS = {
    "champions": [
        "First name",
        "Last name",
        "Email",
        "Phone",
        "State",
        "Type",
        "Organisation",
        "Ward",
        "Languages",
        "Approved on",
    ],
    "applications": [
        "First name",
        "Last name",
        "Email",
        "Phone",
        "Status",
        "Type",
        "Organisation",
        "Campaign",
        "Applied on",
    ],
    "training": ["Champion", "Course", "Completed on", "Runs out on", "Evidence", "Confirmed by"],
    "help": ["Date", "Place", "Champion", "Minutes", "People helped", "New", "Returning", "Topics"],
}


def _export_rows(form):
    dataset = form.cleaned_data["dataset"]
    champions = form.filter(Champion.objects.all())
    if dataset == "champions":
        for c in champions.select_related("champion_type", "organisation", "ward").prefetch_related("languages"):
            yield [
                c.first_name,
                c.last_name,
                c.email,
                c.phone,
                State(c.computed_state).label,
                str(c.champion_type),
                c.organisation_display,
                str(c.ward or ""),
                ", ".join(str(language) for language in c.languages.all()),
                timezone.localtime(c.approved_at).date().isoformat(),
            ]
    elif dataset == "applications":
        applications = Application.objects.select_related("champion_type", "organisation")
        data = form.cleaned_data
        if data.get("application_status"):
            applications = applications.filter(status=data["application_status"])
        if data.get("campaign"):
            applications = applications.filter(campaign=data["campaign"])
        if data.get("champion_type"):
            applications = applications.filter(champion_type=data["champion_type"])
        if data.get("organisation"):
            applications = applications.filter(organisation=data["organisation"])
        for a in applications:
            yield [
                a.first_name,
                a.last_name,
                a.email,
                a.phone,
                a.get_status_display(),
                str(a.champion_type),
                a.organisation_display,
                a.campaign_title,
                timezone.localtime(a.submitted_at).date().isoformat(),
            ]
    elif dataset == "training":
        for t in TrainingCompletion.objects.filter(champion__in=champions.values("pk")).select_related(
            "champion", "course", "confirmed_by"
        ):
            yield [
                str(t.champion),
                str(t.course),
                t.completed_on.isoformat(),
                t.expires_on.isoformat() if t.expires_on else "",
                t.get_evidence_display(),
                t.confirmed_by.get_full_name() if t.confirmed_by else "",
            ]
    else:
        logs = HelpLog.objects.select_related("location", "champion")
        if form.description():
            logs = logs.filter(champion__in=champions.values("pk"))
        for log in logs:
            yield [
                log.date.isoformat(),
                log.place_name,
                str(log.champion or ""),
                log.minutes,
                log.people_helped,
                log.new_people,
                log.returning_people,
                "; ".join(labels(HelpTopic.choices, log.topics)),
            ]


def _csv_safe(value):
    """Stop spreadsheet programs running a cell as a formula."""
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else value


@require_permission(EXPORT_CHAMPIONS)
def export(request):
    if request.method == "POST":
        form = ExportForm(request.POST)
        if form.is_valid():
            dataset = form.cleaned_data["dataset"]
            rows = list(_export_rows(form))
            filters = form.description()
            if dataset == "applications":
                filters.pop("State", None)
                filters.pop("Ward", None)
            else:
                filters.pop("Application status", None)
                filters.pop("Campaign", None)
            ExportLog.objects.create(
                user=request.user,
                username=request.user.get_username(),
                dataset=dict(form.fields["dataset"].choices)[dataset],
                reason=form.cleaned_data["reason"].strip(),
                filters=filters,
                row_count=len(rows),
            )
            logger.info("%s exported %s rows of %s", request.user.get_username(), len(rows), dataset)
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="champions-{dataset}-{timezone.localdate():%Y-%m-%d}.csv"'
            )
            response["Cache-Control"] = "no-store"
            writer = csv.writer(response)
            writer.writerow(EXPORT_COLUMNS[dataset])
            for row in rows:
                writer.writerow([_csv_safe(value) for value in row])
            return response
    else:
        form = ExportForm(initial={"dataset": "champions", **request.GET.dict()})
    return _render(
        request, "champions/admin/export.html", "Export to CSV", {"form": form}, status=400 if form.errors else 200
    )


# Email a group --------------------------------------------------------------------------------------------


@require_permission(EMAIL_CHAMPIONS)
def email_group(request):
    filters = ChampionFilterForm(request.POST if request.method == "POST" else request.GET)
    recipients = filters.filter(Champion.objects.exclude(status=ChampionStatus.LEFT).exclude(email=""))
    if request.method == "POST":
        form = GroupEmailForm(request.POST)
        if form.is_valid():
            sent = 0
            for champion in recipients:
                _queue(
                    [champion.email],
                    form.cleaned_data["subject"],
                    "group_email",
                    {"champion": champion, "body": form.cleaned_data["body"]},
                )
                sent += 1
            GroupEmail.objects.create(
                sent_by=request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                filters=form.description(),
                recipient_count=sent,
            )
            logger.info("%s emailed %s champions", request.user.get_username(), sent)
            messages.success(request, f"Your email is on its way to {sent} champion{'s' if sent != 1 else ''}.")
            return redirect("champions_admin:dashboard")
    else:
        form = GroupEmailForm(initial=request.GET.dict())
    return _render(
        request,
        "champions/admin/email_group.html",
        "Email a group of champions",
        {"form": form, "recipient_count": recipients.count(), "filters": filters.description()},
        status=400 if form.errors else 200,
    )


# Decisions, status and erasure ----------------------------------------------------------------------------


@require_permission(DECIDE_APPLICATIONS)
def approve(request, pk):
    return _decide(request, pk, approve=True)


@require_permission(DECIDE_APPLICATIONS)
def decline(request, pk):
    return _decide(request, pk, approve=False)


def _decide(request, pk, *, approve: bool):
    application = get_object_or_404(Application, pk=pk)
    inspect_url = reverse("champions_application:inspect", args=[pk])
    if not application.is_open:
        messages.error(request, "This application has already been decided.")
        return redirect(inspect_url)
    form = DecisionForm(request.POST if request.method == "POST" else None, reason_required=not approve)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"].strip()
        if approve:
            champion = lifecycle.approve(application, request.user, reason)
            messages.success(
                request,
                f"{application.full_name} is now a Digital Champion. We have emailed them a link to set up their account.",
            )
            return redirect("champions_champion:inspect", champion.pk)
        lifecycle.decline(application, request.user, reason)
        messages.success(
            request, f"{application.full_name}'s application has been declined and they have been emailed."
        )
        return redirect(inspect_url)
    title = f"{'Approve' if approve else 'Decline'} {application.full_name}"
    return _render(
        request,
        "champions/admin/decide.html",
        title,
        {"form": form, "application": application, "approve": approve, "cancel_url": inspect_url},
        status=400 if form.errors else 200,
    )


@require_permission("champions.change_champion")
def change_status(request, pk):
    champion = get_object_or_404(Champion, pk=pk, erased_at__isnull=True)
    form = StatusForm(request.POST if request.method == "POST" else None, initial={"status": champion.status})
    if request.method == "POST" and form.is_valid():
        status = form.cleaned_data["status"]
        if status == ChampionStatus.LEFT:
            lifecycle.leave(champion, actor=request.user, reason=form.cleaned_data["reason"])
        else:
            lifecycle.set_status(champion, status, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"{champion.full_name} is now {State(champion.state).label.lower()}.")
        return redirect("champions_champion:inspect", champion.pk)
    return _render(
        request,
        "champions/admin/status.html",
        f"Change {champion.full_name}'s status",
        {"form": form, "champion": champion, "cancel_url": reverse("champions_champion:inspect", args=[pk])},
        status=400 if form.errors else 200,
    )


@require_permission(ERASE_CHAMPIONS)
def erase(request, pk):
    champion = get_object_or_404(Champion, pk=pk, erased_at__isnull=True)
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        lifecycle.erase(champion, actor=request.user)
        messages.success(request, "Their personal details have been erased. The help they gave is still counted.")
        return redirect("champions_champion:index")
    counts = help_totals(champion.help_logs.all())
    return _render(
        request,
        "champions/admin/erase.html",
        f"Erase {champion.full_name}",
        {
            "form": form,
            "champion": champion,
            "counts": counts,
            "cancel_url": reverse("champions_champion:inspect", args=[pk]),
        },
        status=400 if form.errors else 200,
    )
