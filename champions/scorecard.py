"""The Digital Champions network's part of the provision scorecard (registered in ChampionsConfig.ready)."""

from django.db.models import Sum

from champions.models import Application, Champion, HelpLog, TrainingCompletion
from champions.models.choices import HelpTopic, State
from provision.insight.scorecard import Figure, Period, Section, top_counts


def _in(period: Period, field: str) -> dict:
    return {f"{field}__gte": period.start, f"{field}__lte": period.end}


def _per_period(period: Period, count) -> tuple[float, float]:
    return count(period), count(period.previous)


def champion_sections(period: Period) -> list[Section]:
    network = Section("Digital Champions")
    network.figures += [
        Figure(
            "Applications received",
            *_per_period(period, lambda p: Application.objects.filter(**_in(p, "submitted_at__date")).count()),
        ),
        Figure(
            "Champions approved",
            *_per_period(period, lambda p: Champion.objects.filter(**_in(p, "approved_at__date")).count()),
        ),
        Figure(
            "Champions who completed training",
            *_per_period(
                period,
                lambda p: (
                    TrainingCompletion.objects.filter(**_in(p, "completed_on")).values("champion").distinct().count()
                ),
            ),
        ),
        Figure(
            "Active champions at the end of the period",
            *_per_period(
                period,
                lambda p: (
                    Champion.objects.in_network().with_state(today=p.end).filter(computed_state=State.ACTIVE).count()
                ),
            ),
        ),
    ]

    def logs(p):
        return HelpLog.objects.filter(**_in(p, "date"))

    def total(p, field):
        return logs(p).aggregate(total=Sum(field))["total"] or 0

    impact = Section("Help given", note="From champions' logs: counts only, never who was helped.")
    impact.figures += [
        Figure(
            "Sessions held",
            *_per_period(period, lambda p: logs(p).exclude(session=None).values("session", "date").distinct().count()),
        ),
        Figure("People helped", *_per_period(period, lambda p: total(p, "people_helped"))),
        Figure("New to digital help", *_per_period(period, lambda p: total(p, "new_people"))),
        Figure("Coming back", *_per_period(period, lambda p: total(p, "returning_people"))),
        Figure("Hours of help", *_per_period(period, lambda p: round(total(p, "minutes") / 60, 1))),
    ]

    topic_labels = dict(HelpTopic.choices)
    current = dict(top_counts(logs(period).values_list("topics", flat=True), limit=8))
    previous = dict(top_counts(logs(period.previous).values_list("topics", flat=True), limit=50))
    topics = Section("Top topics people wanted help with", chart=True)
    topics.figures += [
        Figure(topic_labels.get(topic, topic), count, previous.get(topic, 0)) for topic, count in current.items()
    ]
    return [network, impact, topics]
