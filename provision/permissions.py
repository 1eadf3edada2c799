"""Who may reach which organisation's records: Wagtail permission policies for provision's models and places.

Model permissions come from the user's groups (site/roles.py). On top of them, a user without
``provision.view_every_organisation`` (a partner editor) reaches only the records of the organisations they are
a member of (OrganisationMembership):

* services whose organisation is theirs;
* places their services run at, and places they added (PartnerLocation);
* their organisations themselves;
* problem reports about their services (or routed to their organisation).

The policies are registered for the models in ProvisionConfig.ready(); the admin viewsets
(locations/admin_scope.py) apply them to every view, choosers, listings and exports, and the history of these
records (provision/models/history.py) to the site history report. The inclusion lead and administrators hold
``view_every_organisation`` and are limited only by their model permissions.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q

from locations.permissions import ScopedModelPermissionPolicy

EVERY_ORGANISATION_PERMISSION = "provision.view_every_organisation"
INTERNAL_DATA_PERMISSION = "provision.view_internal_data"

# The roles' groups, as site/roles.py names them (it keeps them in step after every migrate).
LEAD_GROUP = "Inclusion lead"
PARTNER_GROUP = "Partner editor"


def sees_every_organisation(user) -> bool:
    return bool(user and user.is_active and user.has_perm(EVERY_ORGANISATION_PERMISSION))


def organisation_ids_for(user) -> list[int]:
    """The organisations `user` is a member of."""
    from provision.models import OrganisationMembership

    if not (user and user.is_authenticated and user.is_active):
        return []
    return list(OrganisationMembership.objects.filter(user=user).values_list("organisation_id", flat=True))


def _every_organisation_users() -> Q:
    permission = Permission.objects.filter(
        content_type__app_label="provision", codename="view_every_organisation"
    ).first()
    return Q(is_superuser=True) | Q(groups__permissions=permission) | Q(user_permissions=permission)


class OrganisationScopedPolicy(ScopedModelPermissionPolicy):
    """Base for provision's policies: every record for people who see every organisation, else their own."""

    def scope_filter(self, user):
        if sees_every_organisation(user):
            return None
        return self.organisations_filter(organisation_ids_for(user))

    def organisations_filter(self, organisation_ids) -> Q:
        raise NotImplementedError

    def organisation_ids_of(self, instance) -> list[int]:
        """The organisations whose members reach `instance`."""
        raise NotImplementedError

    def users_in_scope_filter(self, instance):
        return _every_organisation_users() | Q(
            organisation_memberships__organisation_id__in=self.organisation_ids_of(instance)
        )


class ServicePermissionPolicy(OrganisationScopedPolicy):
    def organisations_filter(self, organisation_ids):
        return Q(organisation_id__in=organisation_ids)

    def organisation_ids_of(self, service):
        return [service.organisation_id]


class OrganisationPermissionPolicy(OrganisationScopedPolicy):
    def organisations_filter(self, organisation_ids):
        return Q(pk__in=organisation_ids)

    def organisation_ids_of(self, organisation):
        return [organisation.pk]


class LocationPermissionPolicy(OrganisationScopedPolicy):
    """Places a partner's services run at, and places the partner added."""

    def organisations_filter(self, organisation_ids):
        from provision.models import PartnerLocation, ServiceLocation

        return Q(
            pk__in=ServiceLocation.objects.filter(service__organisation_id__in=organisation_ids).values("location_id")
        ) | Q(pk__in=PartnerLocation.objects.filter(organisation_id__in=organisation_ids).values("location_id"))

    def organisation_ids_of(self, location):
        from provision.models import PartnerLocation, ServiceLocation

        return list(
            ServiceLocation.objects.filter(location=location).values_list("service__organisation_id", flat=True)
        ) + list(PartnerLocation.objects.filter(location=location).values_list("organisation_id", flat=True))

    def chooser_queryset(self, user, queryset=None):
        """A partner may say their service runs at any published place (a library, say), or at their own."""
        queryset = self.model._default_manager.all() if queryset is None else queryset
        scope = self.scope_filter(user)
        return queryset if scope is None else queryset.filter(scope | Q(live=True))


class ProblemReportPermissionPolicy(OrganisationScopedPolicy):
    def organisations_filter(self, organisation_ids):
        return Q(organisation_id__in=organisation_ids) | Q(service__organisation_id__in=organisation_ids)

    def organisation_ids_of(self, report):
        ids = [report.organisation_id] if report.organisation_id else []
        if report.service_id:
            ids.append(report.service.organisation_id)
        return ids


def register_policies():
    """Called from ProvisionConfig.ready(): Wagtail must have them before anything asks for a policy."""
    from wagtail.permissions import register_permission_policy

    from locations.models import Location
    from provision.models import Organisation, ProblemReport, Service

    register_permission_policy(Service, ServicePermissionPolicy(Service))
    register_permission_policy(Organisation, OrganisationPermissionPolicy(Organisation))
    register_permission_policy(Location, LocationPermissionPolicy(Location))
    register_permission_policy(ProblemReport, ProblemReportPermissionPolicy(ProblemReport))


def policy_for(model) -> ScopedModelPermissionPolicy:
    from wagtail.permissions import policy_registry

    return policy_registry.get_by_type(model)
