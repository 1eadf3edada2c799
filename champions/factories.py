"""factory_boy factories for the Digital Champions network (a test dependency: install the `dev` extras).

course = CourseFactory(validity_months=12)
champion_type = ChampionTypeFactory(required_courses=[course])
champion = ChampionFactory(champion_type=champion_type)            # approved, no training yet
ActiveChampionFactory()                                              # every required course done and in date
CampaignPageFactory(parent=home_page)                                # a live campaign under the home page
"""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Site

from champions.models import (
    Application,
    ApplicationStatus,
    CampaignPage,
    Champion,
    ChampionType,
    Course,
    DBSCheck,
    DBSDecision,
    DBSLevel,
    Evidence,
    Frequency,
    HelpLog,
    HelpSession,
    LifecycleEvent,
    Module,
    PolicyKind,
    PolicyVersion,
    State,
    TrainingCompletion,
)
from locations.factories import LocationFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test course {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    summary = "What a champion needs to know."
    validity_months = 24


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Module {n}")


class ChampionTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChampionType
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Champion type {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "People like you."

    @factory.post_generation
    def required_courses(self, create, extracted, **kwargs):
        """One new course unless told (``required_courses=[]`` for a type that needs no training)."""
        if create:
            self.required_courses.set([CourseFactory()] if extracted is None else extracted)


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyVersion
        django_get_or_create = ("kind", "version")

    kind = PolicyKind.PRIVACY_NOTICE
    version = "1.0"
    text = "<p>We look after your details.</p>"
    effective_from = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))


class CampaignPageFactory(factory.django.DjangoModelFactory):
    """A live campaign page. Pass ``parent`` (usually the ``home_page`` fixture)."""

    class Meta:
        model = CampaignPage

    title = factory.Sequence(lambda n: f"Become a Digital Champion {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    introduction = "Help people in your area get online."
    live = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, champion_types=(), **kwargs):
        if parent is None:  # the default site's home page
            parent = Site.objects.get(is_default_site=True).root_page.specific
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        if champion_types:
            page.champion_types.set(champion_types)
        revision = page.save_revision()
        if page.live:
            revision.publish()
        page.refresh_from_db()
        return page


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    first_name = "Ada"
    last_name = factory.Sequence(lambda n: f"Applicant{n}")
    email = factory.LazyAttribute(lambda o: f"{o.last_name.lower()}@example.org")
    phone = "07700 900 982"
    home_postcode = "SW18 2PU"
    champion_type = factory.SubFactory(ChampionTypeFactory)
    skills = factory.LazyFunction(lambda: ["email"])
    availability = factory.LazyFunction(lambda: ["tue-morning"])
    age_confirmed = True
    privacy_notice = factory.LazyFunction(lambda: PolicyVersion.current(PolicyKind.PRIVACY_NOTICE))
    agreement = factory.LazyFunction(lambda: PolicyVersion.current(PolicyKind.AGREEMENT))
    status = ApplicationStatus.APPLIED

    @factory.post_generation
    def applied_event(self, create, extracted, **kwargs):
        if create:
            LifecycleEvent.objects.create(application=self, state=State.APPLIED, reason="Applied.")


class UserForChampionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"champion{n}@example.org")
    email = factory.LazyAttribute(lambda o: o.username)
    password = factory.django.Password("correct-horse-battery-staple")


class ChampionFactory(factory.django.DjangoModelFactory):
    """An approved champion, taking part, with no training recorded yet (state: approved; their type needs one course)."""

    class Meta:
        model = Champion

    first_name = "Chidi"
    last_name = factory.Sequence(lambda n: f"Champion{n}")
    email = factory.LazyAttribute(lambda o: f"{o.last_name.lower()}@example.org")
    phone = "07700 900 123"
    home_postcode = "SW18 2PU"
    champion_type = factory.SubFactory(ChampionTypeFactory)
    skills = factory.LazyFunction(lambda: ["email", "online_safety"])
    availability = factory.LazyFunction(lambda: ["tue-morning", "thu-afternoon"])
    user = factory.SubFactory(UserForChampionFactory, username=factory.SelfAttribute("..email"))
    approved_at = factory.LazyFunction(timezone.now)


class TrainingCompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCompletion

    champion = factory.SubFactory(ChampionFactory)
    course = factory.SubFactory(CourseFactory)
    completed_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    evidence = Evidence.ATTENDED


class ActiveChampionFactory(ChampionFactory):
    """A champion who completed every course their type requires a week ago: state active."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def trained(self, create, extracted, **kwargs):
        if create:
            for course in self.champion_type.required_courses.all():
                TrainingCompletionFactory(champion=self, course=course)


class DBSCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DBSCheck

    champion = factory.SubFactory(
        ChampionFactory,
        champion_type=factory.SubFactory(ChampionTypeFactory, needs_dbs=True, dbs_level=DBSLevel.ENHANCED),
    )
    level = DBSLevel.ENHANCED
    certificate_number = "001234567890"
    issue_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=60))
    decision = DBSDecision.CLEAR
    decided_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=50))


class HelpSessionFactory(factory.django.DjangoModelFactory):
    """Tuesdays 10am to 12 noon at a new place, not published unless told."""

    class Meta:
        model = HelpSession
        skip_postgeneration_save = True

    title = "Digital drop-in"
    location = factory.SubFactory(LocationFactory)
    frequency = Frequency.WEEKLY
    weekday = 1
    starts = dt.time(10, 0)
    ends = dt.time(12, 0)
    is_published = False

    @factory.post_generation
    def champions(self, create, extracted, **kwargs):
        if create and extracted:
            self.champions.set(extracted)
            self.save()


class HelpLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpLog

    champion = factory.SubFactory(ChampionFactory)
    date = factory.LazyFunction(timezone.localdate)
    location = factory.SubFactory(LocationFactory)
    minutes = 60
    people_helped = 3
    new_people = 2
    returning_people = 1
    topics = factory.LazyFunction(lambda: ["email"])
