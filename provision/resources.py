"""CSV columns for organisations and services (django-import-export resources).

See docs/csv-import.md for what each column takes; provision/csv_import.py for the shared machinery.
"""

from import_export.fields import Field

from locations.models import Location
from provision.csv_import import (
    WAGTAIL_FIELDS,
    CSVModelResource,
    LookupWidget,
    MultiLookupWidget,
    slug_column,
)
from provision.models import Audience, Language, Organisation, Service, ServiceLocation, ServiceType
from provision.moderation import save_and_submit
from provision.permissions import policy_for


def organisation_widget():
    return LookupWidget(
        Organisation,
        "organisation",
        hint=" Import it in the organisations file first, or check the spelling.",
    )


class OrganisationResource(CSVModelResource):
    slug = slug_column()

    required_columns = ("name",)
    trusted_fields = (*WAGTAIL_FIELDS, "logo")

    class Meta:
        model = Organisation
        fields = ("name", "kind", "description", "website", "email", "phone", "charity_number", "slug")
        export_order = fields
        import_id_fields = ("name",)

    def instance_keys(self, organisation):
        return [("slug", organisation.slug), ("name", organisation.name.casefold())]

    def row_key(self, row):
        if slug := (row.get("slug") or "").strip():
            return ("slug", slug)
        if name := (row.get("name") or "").strip():
            return ("name", name.casefold())
        return None

    def duplicate_row_message(self, first_row_number):
        return f"This organisation is also in row {first_row_number}. Each organisation should be in the file once."


class ServiceLocationsField(Field):
    """The `locations` column: the places a service runs at, kept as its ServiceLocation children.

    Links to places that stay keep their notes and order; new places are added at the end.
    """

    def get_value(self, service):
        return [link.location for link in service.service_locations.all()]

    def comparable_value(self, service):
        return frozenset(link.location_id for link in service.service_locations.all())

    def save(self, service, row, is_m2m=False, **kwargs):
        existing = {link.location_id: link for link in service.service_locations.all()}
        links = [
            existing.get(location.pk) or ServiceLocation(location=location) for location in self.clean(row, **kwargs)
        ]
        for position, link in enumerate(links):
            link.sort_order = position
        service.service_locations = links


class ServiceResource(CSVModelResource):
    """The public description of services: what residents see on the site."""

    organisation = Field(attribute="organisation", column_name="organisation", widget=organisation_widget())
    types = Field(
        attribute="types",
        column_name="types",
        widget=MultiLookupWidget(ServiceType, "type of help", hint=" See the list under Provision > Types of help."),
    )
    audiences = Field(
        attribute="audiences",
        column_name="audiences",
        widget=MultiLookupWidget(Audience, "audience", hint=" See the list under Provision > Audiences."),
    )
    languages = Field(
        attribute="languages",
        column_name="languages",
        widget=MultiLookupWidget(
            Language, "language", lookup_fields=("code", "name"), hint=" See the list under Provision > Languages."
        ),
    )
    locations = ServiceLocationsField(
        attribute="service_locations",
        column_name="locations",
        widget=MultiLookupWidget(
            Location, "place", plural="places", hint=" Import it in the places file first, or use its slug."
        ),
    )
    slug = slug_column()

    required_columns = ("name", "organisation")
    trusted_fields = (*WAGTAIL_FIELDS, "organisation", "commissioner", "owner", "provider")
    slug_fallback = "service"
    identity_fields = ("slug", "name", "organisation")

    class Meta:
        model = Service
        # Files of thousands of services are expected: save them in batches (see BulkPublisher).
        use_bulk = True
        fields = (
            "name",
            "organisation",
            "summary",
            "description",
            "status",
            "types",
            "audiences",
            "languages",
            "cost",
            "cost_description",
            "how_to_access",
            "access_notes",
            "booking_url",
            "booking_phone",
            "minimum_age",
            "maximum_age",
            "offered_online",
            "offered_by_phone",
            "locations",
            "contact_name",
            "email",
            "phone",
            "website",
            "last_reviewed",
            "slug",
        )
        export_order = fields
        import_id_fields = ("name",)

    def get_queryset(self):
        return Service.objects.select_related("organisation").prefetch_related(
            "types", "audiences", "languages", "service_locations__location"
        )

    def get_import_queryset(self):
        # Relations come separately, in memory (see load_relations_into_memory).
        return Service.objects.all()

    # A service is the one with this slug, or else the one with this name from this organisation.

    def instance_keys(self, service):
        return [("slug", service.slug), ("name", service.name.casefold(), service.organisation_id)]

    def row_key(self, row):
        if slug := (row.get("slug") or "").strip():
            return ("slug", slug)
        name = (row.get("name") or "").strip()
        organisation = self.fields["organisation"].widget.clean(row.get("organisation"))
        if not (name and organisation):
            return None
        return ("name", name.casefold(), organisation.pk)

    def ambiguous_row_message(self, row):
        return (
            f"More than one service from {row.get('organisation')} is called '{row.get('name')}'. "
            "Add the slug column to say which one this row is about."
        )

    def duplicate_row_message(self, first_row_number):
        return (
            f"This service is also in row {first_row_number} (same name and organisation). "
            "Each service should be in the file once."
        )

    def check_row(self, service, row):
        errors = super().check_row(service, row)
        if service.organisation_id is None:
            errors["organisation"] = "Say which organisation runs this service."
        if (service.pk is None or "types" in row) and not service.types.all():
            errors["types"] = "Give at least one type of help, for example: one-to-one-help."
        return errors


class ServiceInternalResource(ServiceResource):
    """Services with the internal provision-mapping columns: only for people allowed to see them."""

    commissioner = Field(attribute="commissioner", column_name="commissioner", widget=organisation_widget())
    owner = Field(attribute="owner", column_name="owner", widget=organisation_widget())
    provider = Field(attribute="provider", column_name="provider", widget=organisation_widget())

    class Meta:
        model = Service
        fields = (*ServiceResource.Meta.fields, *Service.INTERNAL_FIELDS)
        export_order = fields


class ModeratedServiceResource(ServiceResource):
    """Services imported by someone who may not publish (a partner editor): the bulk update of their own listings.

    Rows may only be for the organisations the importer may reach; a row naming another organisation, or
    matching (by slug) another organisation's service, is an error, as a row would be in the admin. Nothing is
    published: new services are saved as drafts and changed ones as new draft revisions (residents keep seeing
    the published version), and each is submitted to the "Listing approval" workflow for the lead to approve.
    The dry run is the same as anyone's.
    """

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        organisations = policy_for(Organisation).scoped_queryset(user) if user else Organisation.objects.none()
        self.allowed_organisations = {organisation.pk: organisation.name for organisation in organisations}
        # The places the admin's chooser offers them: another organisation's draft place is not on the list.
        places = self.fields["locations"].widget
        places.queryset = policy_for(Location).chooser_queryset(user) if user else Location.objects.none()
        places.reset()

    def _scoped(self, queryset):
        return policy_for(Service).scoped_queryset(self.user, queryset) if self.user else queryset.none()

    def identity_queryset(self):
        # Other organisations' services are not there to be matched: a row naming one is a new service (and
        # then an error: not their organisation, or a slug that is taken).
        return self._scoped(super().identity_queryset())

    def get_import_queryset(self):
        return self._scoped(super().get_import_queryset())

    def check_row(self, service, row):
        errors = super().check_row(service, row)
        if service.organisation_id is not None and service.organisation_id not in self.allowed_organisations:
            names = " or ".join(sorted(self.allowed_organisations.values())) or "no organisation yet"
            errors["organisation"] = f"You can only list services for {names}."
        return errors

    def _bulk_save(self, instances, *, created, dry_run, raise_errors, result):
        if not instances:
            return
        try:
            if not dry_run:
                for instance in instances:
                    save_and_submit(instance, user=self.user, created=created)
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            instances.clear()
