"""Applications, champions, their lifecycle events and background (DBS) checks.

Lifecycle states (champions.models.choices.State):

* applied, in review, approved, declined: the application's ``status``, a decision the lead records;
* paused, inactive, left: the champion's stored ``status`` (the lead, the champion or the inactivity command
  sets it);
* approved, onboarding, active, lapsed: computed from training records while a champion is "taking part":
  active once every course their type requires is completed and in date (and, for types that need one, a DBS
  check is cleared); lapsed when a required course has expired and not been renewed; onboarding when some
  training is recorded but not yet all of it; approved before any training is recorded.

``Champion.objects.with_state()`` does that computation in the database (so lists can be filtered by state),
and ``Champion.state`` reads it for one champion. Every change is written down as a LifecycleEvent (who, when,
why): decisions when they are made, computed changes when something notices them (see champions.lifecycle).
"""

import contextlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from champions.models.choices import (
    AVAILABILITY_CHOICES,
    ApplicationStatus,
    ChampionStatus,
    Skill,
    State,
    labels,
)
from champions.models.training import ChampionType, DBSLevel, TrainingCompletion
from locations.models import Location, Postcode, Ward
from locations.postcodes import normalise_postcode
from provision.models import Language, Organisation


def ward_for_postcode(postcode: str) -> Ward | None:
    try:
        normalised = normalise_postcode(postcode)
    except ValidationError:  # an unreadable postcode simply has no ward
        return None
    found = Postcode.objects.filter(postcode=normalised).select_related("ward").first()
    return found.ward if found else None


class PersonDetails(models.Model):
    """What an application and a champion profile both hold about a person."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    home_postcode = models.CharField(max_length=8, blank=True)
    champion_type = models.ForeignKey(ChampionType, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    organisation_name = models.CharField(
        "Organisation (if not listed)", max_length=200, blank=True, help_text="When it is not in the list."
    )
    other_languages = models.CharField(max_length=200, blank=True)
    skills = models.JSONField("Confident helping with", default=list, blank=True)
    availability = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        if self.home_postcode:
            with contextlib.suppress(ValidationError):  # kept as typed; the forms validate it
                self.home_postcode = normalise_postcode(self.home_postcode)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def organisation_display(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name

    @property
    def skill_labels(self) -> list[str]:
        return labels(Skill.choices, self.skills)

    @property
    def availability_labels(self) -> list[str]:
        return labels(AVAILABILITY_CHOICES, self.availability)


class Application(PersonDetails):
    campaign = models.ForeignKey(
        "champions.CampaignPage", on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    # The campaign's title when they applied, kept if the page is later deleted.
    campaign_title = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED)
    languages = models.ManyToManyField(Language, blank=True, related_name="+")
    preferred_places = models.ManyToManyField(Location, blank=True, related_name="+")
    about = models.TextField("Why they would like to be a champion", blank=True, max_length=2000)
    age_confirmed = models.BooleanField("Confirmed they are 18 or over", default=False)
    privacy_notice = models.ForeignKey(
        "champions.PolicyVersion", on_delete=models.PROTECT, related_name="+", verbose_name="privacy notice agreed"
    )
    agreement = models.ForeignKey(
        "champions.PolicyVersion", on_delete=models.PROTECT, related_name="+", verbose_name="champion agreement agreed"
    )
    times_submitted = models.PositiveSmallIntegerField(default=1)
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                FieldPanel("home_postcode"),
            ],
            heading="Contact details",
        ),
        FieldPanel("champion_type"),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("organisation_name")]),
        FieldPanel("about"),
    ]

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["email"]), models.Index(fields=["status", "submitted_at"])]
        permissions = [("decide_application", "Can approve or decline applications")]

    def __str__(self):
        return f"{self.full_name} ({self.get_status_display().lower()})"

    @property
    def is_open(self) -> bool:
        return self.status in {ApplicationStatus.APPLIED, ApplicationStatus.IN_REVIEW}


class ChampionQuerySet(models.QuerySet):
    def with_state(self, today=None):
        """Annotate ``computed_state`` (a State value) and the training counts it is computed from."""
        today = today or timezone.localdate()
        current = Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        required = ChampionType.required_courses.through.objects.filter(championtype_id=OuterRef("champion_type_id"))
        required_completions = TrainingCompletion.objects.filter(
            champion_id=OuterRef("pk"), course__required_for_types=OuterRef("champion_type_id")
        )
        renewed = TrainingCompletion.objects.filter(
            current, champion_id=OuterRef("champion_id"), course_id=OuterRef("course_id")
        )
        return self.annotate(
            required_total=Coalesce(
                Subquery(
                    required.order_by().values("championtype_id").annotate(n=Count("pk")).values("n")[:1],
                    output_field=IntegerField(),
                ),
                0,
            ),
            required_current=Coalesce(
                Subquery(
                    required_completions.filter(current)
                    .order_by()
                    .values("champion_id")
                    .annotate(n=Count("course_id", distinct=True))
                    .values("n")[:1],
                    output_field=IntegerField(),
                ),
                0,
            ),
            has_expired_training=Exists(required_completions.filter(expires_on__lt=today).filter(~Exists(renewed))),
            has_training=Exists(TrainingCompletion.objects.filter(champion_id=OuterRef("pk"))),
            dbs_cleared=Exists(DBSCheck.objects.filter(champion_id=OuterRef("pk"), decision__in=DBS_CLEARED)),
        ).annotate(
            computed_state=Case(
                When(status=ChampionStatus.LEFT, then=Value(State.LEFT.value)),
                When(status=ChampionStatus.INACTIVE, then=Value(State.INACTIVE.value)),
                When(status=ChampionStatus.PAUSED, then=Value(State.PAUSED.value)),
                When(has_expired_training=True, then=Value(State.LAPSED.value)),
                When(
                    Q(required_current__gte=F("required_total"))
                    & (Q(champion_type__needs_dbs=False) | Q(dbs_cleared=True)),
                    then=Value(State.ACTIVE.value),
                ),
                When(has_training=True, then=Value(State.ONBOARDING.value)),
                default=Value(State.APPROVED.value),
                output_field=models.CharField(max_length=16),
            )
        )

    def in_state(self, *states, today=None):
        return self.with_state(today).filter(computed_state__in=[str(state) for state in states])

    def in_network(self):
        """Everyone who has not left (erased people have left)."""
        return self.exclude(status=ChampionStatus.LEFT)


class Champion(PersonDetails):
    """An approved champion's profile, linked to their sign-in once they have set a password."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="champion"
    )
    application = models.OneToOneField(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="champion", editable=False
    )
    ward = models.ForeignKey(Ward, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False)
    languages = models.ManyToManyField(Language, blank=True, related_name="+")
    preferred_places = models.ManyToManyField(Location, blank=True, related_name="+")
    status = models.CharField(max_length=16, choices=ChampionStatus.choices, default=ChampionStatus.TAKING_PART)
    approved_at = models.DateTimeField(default=timezone.now, editable=False)
    # "Keep me active" from the inactivity email, or the lead bringing them back.
    kept_active_at = models.DateTimeField(null=True, blank=True, editable=False)
    inactivity_warning_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    leave_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    erasure_requested = models.BooleanField(
        default=False, editable=False, help_text="They asked us to delete their details when they left."
    )
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    lead_notes = models.TextField(blank=True, help_text="Only the inclusion lead and administrators see these.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ChampionQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                FieldPanel("home_postcode"),
            ],
            heading="Contact details",
        ),
        FieldPanel("champion_type"),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("organisation_name")]),
        FieldPanel("languages"),
        FieldPanel("other_languages"),
        FieldPanel("preferred_places"),
        FieldPanel("lead_notes"),
    ]

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["email"], condition=~Q(email=""), name="unique_champion_email"),
        ]
        permissions = [
            ("export_champion", "Can export champion lists (each export is logged)"),
            ("email_champion", "Can email groups of champions"),
            ("erase_champion", "Can erase a champion's personal details"),
        ]

    def __str__(self):
        return self.full_name if not self.erased_at else f"Erased champion {self.pk}"

    def save(self, *args, **kwargs):
        self.ward = ward_for_postcode(self.home_postcode) if self.home_postcode else None
        super().save(*args, **kwargs)

    @property
    def state(self) -> str:
        """The current lifecycle state (a State value), computed as in ChampionQuerySet.with_state."""
        annotated = getattr(self, "computed_state", None)
        if annotated is not None:
            return annotated
        return Champion.objects.with_state().values_list("computed_state", flat=True).get(pk=self.pk)

    def get_state_display(self) -> str:
        return State(self.state).label

    @property
    def last_activity_at(self):
        """When we last heard from them: help logged, training done, "keep me active", or approval."""
        moments = [self.approved_at, self.kept_active_at]
        last_log = self.help_logs.order_by("-created_at").values_list("created_at", flat=True).first()
        last_training = self.completions.order_by("-confirmed_at").values_list("confirmed_at", flat=True).first()
        return max(moment for moment in [*moments, last_log, last_training] if moment is not None)


class LifecycleEvent(models.Model):
    """One change in someone's lifecycle: who made it (empty: the system), when and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    champion = models.ForeignKey(Champion, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    state = models.CharField(max_length=16, choices=State.choices)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        get_latest_by = ["created_at", "pk"]
        verbose_name = "lifecycle event"

    def __str__(self):
        return f"{self.get_state_display()} on {self.created_at:%d %b %Y}"

    @property
    def actor_display(self) -> str:
        if self.actor_id is None:
            return "Automatic"
        return self.actor.get_full_name() or self.actor.get_username()


class DBSDecision(models.TextChoices):
    PENDING = "pending", "Waiting for the certificate"
    CLEAR = "clear", "Clear"
    ACCEPTED = "accepted", "Accepted after a risk assessment"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


# The decisions that let someone take on a role that needs a check.
DBS_CLEARED = (DBSDecision.CLEAR.value, DBSDecision.ACCEPTED.value)


class DBSCheck(models.Model):
    """A background check's facts. Never a copy of the certificate: there is nowhere to upload one."""

    champion = models.ForeignKey(Champion, on_delete=models.CASCADE, related_name="dbs_checks")
    level = models.CharField(max_length=20, choices=DBSLevel.choices)
    certificate_number = models.CharField(
        max_length=12,
        validators=[RegexValidator(r"^\d{12}$", "A DBS certificate number is 12 digits.")],
        help_text="12 digits. Do not upload or copy the certificate itself.",
    )
    issue_date = models.DateField()
    on_update_service = models.BooleanField("Subscribed to the DBS Update Service", default=False)
    update_service_checked_on = models.DateField("Update Service last checked on", null=True, blank=True)
    decision = models.CharField(max_length=16, choices=DBSDecision.choices, default=DBSDecision.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    notes = models.CharField(
        max_length=300, blank=True, help_text="Practical notes only. Never write down what a certificate says."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("champion"),
        FieldRowPanel([FieldPanel("level"), FieldPanel("certificate_number"), FieldPanel("issue_date")]),
        FieldRowPanel([FieldPanel("on_update_service"), FieldPanel("update_service_checked_on")]),
        FieldRowPanel([FieldPanel("decision"), FieldPanel("decided_on")]),
        FieldPanel("notes"),
    ]

    class Meta:
        ordering = ["-issue_date"]
        verbose_name = "DBS check"

    def __str__(self):
        return f"{self.get_level_display()} DBS check, issued {self.issue_date:%d %b %Y}"

    def clean(self):
        if self.champion_id and not self.champion.champion_type.needs_dbs:
            raise ValidationError(
                {"champion": f"{self.champion.champion_type} champions do not need a DBS check, so none is kept."}
            )
        if self.decision in DBS_CLEARED and not self.decided_on:
            raise ValidationError({"decided_on": "Give the date of the decision."})


class DBSAccess(models.TextChoices):
    LISTED = "listed", "Looked at the list"
    VIEWED = "viewed", "Looked at a check"
    CREATED = "created", "Recorded a check"
    CHANGED = "changed", "Changed a check"
    DELETED = "deleted", "Deleted a check"


class DBSAccessLog(models.Model):
    """Who looked at or changed background checks, and when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    username = models.CharField(max_length=150)
    check_record = models.ForeignKey(DBSCheck, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    champion = models.ForeignKey(Champion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=16, choices=DBSAccess.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = "DBS access log entry"
        verbose_name_plural = "DBS access log"

    def __str__(self):
        return f"{self.username}: {self.get_action_display()} at {self.at:%d %b %Y %H:%M}"
