"""The fixed vocabularies of the Digital Champions network."""

from django.db import models


class State(models.TextChoices):
    """Where a person is in the champion lifecycle (see champions.models.people for which are computed)."""

    APPLIED = "applied", "Applied"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    ONBOARDING = "onboarding", "Onboarding"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    LAPSED = "lapsed", "Lapsed"
    INACTIVE = "inactive", "Inactive"
    LEFT = "left", "Left"


class ApplicationStatus(models.TextChoices):
    """The decision stage of an application: stored, because it is a person's decision."""

    APPLIED = State.APPLIED.value, State.APPLIED.label
    IN_REVIEW = State.IN_REVIEW.value, State.IN_REVIEW.label
    APPROVED = State.APPROVED.value, State.APPROVED.label
    DECLINED = State.DECLINED.value, State.DECLINED.label


class ChampionStatus(models.TextChoices):
    """What is stored about an approved champion: whether they are taking part, paused, inactive or have left.

    While "taking part", their state (approved, onboarding, active or lapsed) follows from their training.
    """

    TAKING_PART = "taking_part", "Taking part"
    PAUSED = State.PAUSED.value, State.PAUSED.label
    INACTIVE = State.INACTIVE.value, State.INACTIVE.label
    LEFT = State.LEFT.value, State.LEFT.label


class Skill(models.TextChoices):
    SMARTPHONES = "smartphones", "Using a smartphone or tablet"
    EMAIL = "email", "Setting up and using email"
    VIDEO_CALLS = "video_calls", "Video calls with family and friends"
    ONLINE_SAFETY = "online_safety", "Staying safe online and spotting scams"
    COUNCIL_SERVICES = "council_services", "Using council services online"
    BENEFITS = "benefits", "Universal Credit and benefits online"
    HEALTH = "health", "The NHS App and booking GP appointments"
    JOBS = "jobs", "Job searching and writing a CV"
    SHOPPING_BANKING = "shopping_banking", "Online shopping and banking"
    ACCESSIBILITY = "accessibility", "Accessibility settings and assistive technology"


class HelpTopic(models.TextChoices):
    DEVICE_BASICS = "device_basics", "Using a phone, tablet or computer"
    EMAIL = "email", "Email"
    VIDEO_CALLS = "video_calls", "Video calls"
    ONLINE_SAFETY = "online_safety", "Online safety and scams"
    COUNCIL_SERVICES = "council_services", "Council services online"
    BENEFITS = "benefits", "Universal Credit and benefits"
    HEALTH = "health", "NHS App and health services"
    JOBS = "jobs", "Jobs and CVs"
    SHOPPING_BANKING = "shopping_banking", "Shopping and banking online"
    CONNECTIVITY = "connectivity", "Getting connected (Wi-Fi, data, broadband)"
    OTHER = "other", "Something else"


class Signpost(models.TextChoices):
    FREE_DATA = "free_data", "Free SIM or data (National Databank)"
    DEVICE = "device", "A device to borrow or keep"
    SOCIAL_TARIFF = "social_tariff", "A social tariff for cheaper broadband"
    COURSE = "course", "A digital skills course"
    LIBRARY = "library", "Library computers and Wi-Fi"
    COUNCIL = "council", "A council service"
    PARTNER = "partner", "A partner organisation"
    OTHER = "other", "Somewhere else"


WEEKDAY_CHOICES = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
]
DAY_PARTS = [("morning", "Morning"), ("afternoon", "Afternoon"), ("evening", "Evening")]
# "mon-morning", ... : a champion's availability is a list of these.
AVAILABILITY_CHOICES = [
    (f"{day}-{part}", f"{day_label} {part_label.lower()}")
    for day, day_label in WEEKDAY_CHOICES
    for part, part_label in DAY_PARTS
]
AVAILABILITY_LABELS = dict(AVAILABILITY_CHOICES)


def labels(choices, values) -> list[str]:
    """The labels of stored choice values, in the order given, skipping values no longer offered."""
    lookup = dict(choices)
    return [str(lookup[value]) for value in values or [] if value in lookup]
