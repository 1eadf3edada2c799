"""factory-boy factories for organisations, services and their vocabularies.

``ServiceFactory`` makes a live service with one type of help and a published first revision, as an editor
pressing "Publish" would, so the admin shows its history normally:

    ServiceFactory(types=["free-wifi"], locations=[library])   # slugs or ServiceType objects
    ServiceFactory(live=False)                                  # a draft that was never published
"""

import datetime as dt

import factory
from django.utils.text import slugify

from provision.models import (
    AccessMethod,
    Audience,
    CostKind,
    FundingSource,
    Language,
    Organisation,
    OrganisationKind,
    Service,
    ServiceLocation,
    ServiceSchedule,
    ServiceSession,
    ServiceStatus,
    ServiceType,
)
from provision.models.services import ScheduleFrequency


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Organisation {n}")
    kind = OrganisationKind.CHARITY
    description = "A local organisation that helps people get online."
    website = factory.LazyAttribute(lambda o: f"https://{slugify(o.name)}.example.org/")
    email = factory.LazyAttribute(lambda o: f"hello@{slugify(o.name)}.example.org")


class ServiceTypeFactory(factory.django.DjangoModelFactory):
    """Get-or-create by slug, so it returns the seeded term when there is one."""

    class Meta:
        model = ServiceType
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Type of help {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class AudienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audience
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Audience {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Language {n}")
    code = factory.Sequence(lambda n: f"x{n:02d}")


def _terms(factory_class, model, values, lookup):
    """Model instances from a mix of instances and slugs/codes (get-or-create for unknown slugs)."""
    terms = []
    for value in values:
        if isinstance(value, model):
            terms.append(value)
        else:
            terms.append(factory_class(**{lookup: value}))
    return terms


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Digital help session {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    summary = "Free help to get online, for beginners."
    description = "Bring your phone, tablet or laptop and a volunteer will help you with what you need."
    status = ServiceStatus.ACTIVE
    cost = CostKind.FREE
    how_to_access = AccessMethod.DROP_IN
    last_reviewed = factory.LazyFunction(dt.date.today)
    live = True

    @factory.post_generation
    def types(self, create, extracted, **kwargs):
        # `types=[]` leaves it without any (to test validation); by default it gives one-to-one help.
        values = ["one-to-one-help"] if extracted is None else extracted
        self.types.set(_terms(ServiceTypeFactory, ServiceType, values, "slug"))

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if extracted:
            self.audiences.set(_terms(AudienceFactory, Audience, extracted, "slug"))

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if extracted:
            self.languages.set(_terms(LanguageFactory, Language, extracted, "code"))

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        if extracted:
            self.service_locations = [ServiceLocation(location=location) for location in extracted]

    @factory.post_generation
    def publish(self, create, extracted, **kwargs):
        """Save the relations above, then a first revision, published if the service is live."""
        if not create:
            return
        self.save()
        revision = self.save_revision(clean=False)
        if extracted if extracted is not None else self.live:
            revision.publish()
        else:
            # A never-published draft: DraftStateMixin's fields say so.
            Service.objects.filter(pk=self.pk).update(live=False, has_unpublished_changes=True)
        self.refresh_from_db()


class ServiceLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory("locations.factories.LocationFactory")


class ServiceScheduleFactory(factory.django.DjangoModelFactory):
    """Tuesdays, 10am to 12 noon, unless told otherwise."""

    class Meta:
        model = ServiceSchedule

    service = factory.SubFactory(ServiceFactory)
    frequency = ScheduleFrequency.WEEKLY
    weekday = 1
    starts = dt.time(10, 0)
    ends = dt.time(12, 0)


class ServiceSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceSession

    service = factory.SubFactory(ServiceFactory)
    date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=7))
    starts = dt.time(14, 0)
    ends = dt.time(16, 0)


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource

    service = factory.SubFactory(ServiceFactory)
    funder = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.COUNCIL)
    programme = "UK Shared Prosperity Fund"
    annual_amount = 12000
    starts_on = dt.date(2025, 4, 1)
    ends_on = dt.date(2026, 3, 31)
