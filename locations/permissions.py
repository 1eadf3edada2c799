"""Permission policies for the reference geography shown in the admin."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy

EDITING_ACTIONS = {"add", "change", "delete"}


class ImportedDataPermissionPolicy(ModelPermissionPolicy):
    """Look, don't touch: wards and postcodes come from open data and the import commands replace them, so
    an edit made in the admin would be lost at the next import. People with the "view" permission (and
    superusers) can browse them; nobody can add, change or delete them there."""

    def user_has_permission(self, user, action):
        return action not in EDITING_ACTIONS and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in EDITING_ACTIONS]
        return super().users_with_any_permission(actions) if actions else get_user_model().objects.none()


class ScopedModelPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (from the user's groups) that reach only some of the model's records for some users.

    ``scope_filter(user)`` says which: ``None`` for every record (the default), or a Q object. A user uses their
    model permissions on the records in their scope; the others do not exist for them: admin views answer 404
    and listings, choosers, exports and history leave them out (see locations/admin_scope.py). This app only
    defines the mechanism; another app registers a subclass for a model (``register_permission_policy``) to
    say who reaches what, as provision does for places its partners run services at.
    """

    #: Any of these permissions lets a user see a record in their scope.
    see_actions = ("add", "change", "delete", "view", "publish", "lock", "unlock")

    def scope_filter(self, user):
        """A Q object over this model for the records `user` may reach, or None for all of them.

        It must not multiply rows: follow reverse relations with ``pk__in`` subqueries, not joins.
        """
        return None

    def scoped_queryset(self, user, queryset=None):
        queryset = self.model._default_manager.all() if queryset is None else queryset
        scope = self.scope_filter(user)
        return queryset if scope is None else queryset.filter(scope)

    def in_scope(self, user, instance) -> bool:
        if instance is None or instance.pk is None:
            return True  # a record being created: the form decides what it may be linked to
        scope = self.scope_filter(user)
        return scope is None or self.model._default_manager.filter(scope, pk=instance.pk).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self.in_scope(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self.in_scope(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scoped_queryset(user)

    def users_in_scope_filter(self, instance):
        """A Q object over users for those whose scope includes `instance`, or None for everyone."""
        return None

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        scope = self.users_in_scope_filter(instance)
        return users if scope is None else users.filter(scope).distinct()

    def chooser_queryset(self, user, queryset=None):
        """What `user` may pick in a chooser: by default, the records in their scope."""
        return self.scoped_queryset(user, queryset)
