"""History (Wagtail log entries) of listings, which a partner editor may read only for their own records.

Wagtail keeps the history of most models in ModelLogEntry, and its "Site history" report shows a user every
entry of every model they hold any permission on: a partner editor would see what happened to every
organisation's services. Services, places, organisations and problem reports log here instead (registered in
provision/wagtail_hooks.py), and this log's ``viewable_by_user`` limits each model's entries to the records
its permission policy lets the user reach.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models.audit_log import BaseLogEntry, ModelLogEntryManager
from wagtail.permissions import policy_registry

from locations.permissions import ScopedModelPermissionPolicy


class ListingLogEntryManager(ModelLogEntryManager):
    def viewable_by_user(self, user):
        """Entries about models the user holds any permission on, and of those only the records they reach.

        (Not through the base class: it caches the permitted content types on the user for whichever log
        model asks first, which hides the other log model's types.)
        """
        if user.is_superuser:
            return self.all()
        visible = models.Q(pk__in=[])
        for content_type_id in self.all().get_content_type_ids():
            content_type = ContentType.objects.get_for_id(content_type_id)
            model = content_type.model_class()
            codenames = Permission.objects.filter(content_type_id=content_type_id).values_list("codename", flat=True)
            if model is None or not any(user.has_perm(f"{content_type.app_label}.{name}") for name in codenames):
                continue
            policy = policy_registry.get_by_type(model)
            if not isinstance(policy, ScopedModelPermissionPolicy) or policy.scope_filter(user) is None:
                visible |= models.Q(content_type_id=content_type_id)
                continue
            object_ids = policy.scoped_queryset(user).values_list(Cast("pk", models.CharField()), flat=True)
            visible |= models.Q(content_type_id=content_type_id, object_id__in=object_ids)
        return self.filter(visible)


class ListingLogEntry(BaseLogEntry):
    object_id = models.CharField(max_length=255, blank=False, db_index=True)

    objects = ListingLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("listing log entry")
        verbose_name_plural = _("listing log entries")

    def __str__(self):
        return f"ListingLogEntry {self.pk}: '{self.action}' on '{self.object_verbose_name}' with id {self.object_id}"
