"""The champion portal: my profile, my training and certificates, my sessions, log help given, my data, leave."""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_GET

from champions import lifecycle
from champions.emails import read_keep_active_token
from champions.forms import HelpLogForm, LeaveForm, ProfileForm
from champions.models import Champion, ChampionStatus, State, TrainingCompletion
from champions.personal_data import personal_data

SIGN_IN = reverse_lazy("champions:sign_in")


def champion_required(view):
    """Signed in, with a champion profile that has not been erased; anyone else is told, with a 403."""

    @login_required(login_url=SIGN_IN)
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        champion = Champion.objects.filter(user=request.user, erased_at__isnull=True).first()
        if champion is None:
            return render(request, "champions/portal/not_a_champion.html", status=403)
        request.champion = champion
        return view(request, *args, **kwargs)

    return wrapper


def _portal_context(request, **extra):
    champion = request.champion
    return {
        "champion": champion,
        "state": champion.state,
        "State": State,
        "has_left": champion.status == ChampionStatus.LEFT,
        **extra,
    }


@champion_required
def home(request):
    champion = request.champion
    today = timezone.localdate()
    logs = champion.help_logs.select_related("location")
    totals = logs.aggregate(people=Sum("people_helped"), minutes=Sum("minutes"))
    return render(
        request,
        "champions/portal/home.html",
        _portal_context(
            request,
            training=lifecycle.required_training_status(champion, today),
            sessions=champion.sessions.select_related("location"),
            recent_logs=logs[:5],
            people_helped=totals["people"] or 0,
            hours=round((totals["minutes"] or 0) / 60, 1),
        ),
    )


@champion_required
def profile(request):
    champion = request.champion
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            for field in ("phone", "home_postcode", "other_languages", "skills", "availability"):
                setattr(champion, field, data[field])
            champion.save()
            champion.languages.set(data["languages"])
            champion.preferred_places.set(data["preferred_places"])
            messages.success(request, "Your details have been saved.")
            return redirect("champions:portal")
    else:
        form = ProfileForm(
            initial={
                "phone": champion.phone,
                "home_postcode": champion.home_postcode,
                "languages": champion.languages.all(),
                "other_languages": champion.other_languages,
                "skills": champion.skills,
                "availability": champion.availability,
                "preferred_places": champion.preferred_places.all(),
            }
        )
    return render(
        request,
        "champions/portal/profile.html",
        _portal_context(request, form=form),
        status=400 if form.errors else 200,
    )


@champion_required
def training(request):
    champion = request.champion
    today = timezone.localdate()
    return render(
        request,
        "champions/portal/training.html",
        _portal_context(
            request,
            today=today,
            required=lifecycle.required_training_status(champion, today),
            completions=champion.completions.select_related("course"),
        ),
    )


@champion_required
def certificate(request, reference):
    completion = get_object_or_404(
        TrainingCompletion.objects.select_related("course", "champion"),
        certificate_reference=reference,
        champion=request.champion,
    )
    return render(
        request,
        "champions/portal/certificate.html",
        _portal_context(
            request, completion=completion, modules=completion.course.modules.all(), today=timezone.localdate()
        ),
    )


@champion_required
def sessions(request):
    return render(
        request,
        "champions/portal/sessions.html",
        _portal_context(
            request, sessions=request.champion.sessions.select_related("location").prefetch_related("champions")
        ),
    )


@champion_required
def log_help(request):
    champion = request.champion
    if champion.status == ChampionStatus.LEFT:
        return redirect("champions:portal")
    if request.method == "POST":
        form = HelpLogForm(request.POST, champion=champion)
        if form.is_valid():
            log = form.save(request.user)
            messages.success(
                request,
                f"Thank you. We have logged {log.people_helped} {'person' if log.people_helped == 1 else 'people'} helped at {log.place_name}.",
            )
            return redirect("champions:portal")
    else:
        form = HelpLogForm(champion=champion)
    return render(
        request,
        "champions/portal/log_help.html",
        _portal_context(request, form=form),
        status=400 if form.errors else 200,
    )


@champion_required
@require_GET
def my_data(request):
    data = personal_data(request.champion)
    response = HttpResponse(json.dumps(data, indent=2, default=str), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-digital-champion-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@champion_required
def leave(request):
    champion = request.champion
    if champion.status == ChampionStatus.LEFT:
        return redirect("champions:portal")
    form = LeaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        lifecycle.leave(
            champion,
            actor=request.user,
            reason=form.cleaned_data["reason"].strip(),
            erase_requested=form.cleaned_data["erase"],
        )
        messages.success(request, "You have left the Digital Champions network. Thank you for all your help.")
        return redirect("champions:portal")
    return render(
        request, "champions/portal/leave.html", _portal_context(request, form=form), status=400 if form.errors else 200
    )


def keep_active(request, token):
    """The signed link in the inactivity emails: no sign-in needed. GET asks, POST does it (link scanners GET)."""
    champion_pk = read_keep_active_token(token)
    champion = Champion.objects.filter(pk=champion_pk, erased_at__isnull=True).first() if champion_pk else None
    if champion is None or champion.status == ChampionStatus.LEFT:
        return render(request, "champions/keep_active.html", {"invalid": True}, status=404)
    if request.method == "POST":
        lifecycle.keep_active(champion, actor=request.user if request.user.is_authenticated else None)
        return render(request, "champions/keep_active.html", {"done": True, "champion": champion})
    return render(request, "champions/keep_active.html", {"champion": champion})
