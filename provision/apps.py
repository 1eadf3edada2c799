from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class ProvisionConfig(AppConfig):
    name = "provision"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Provision"

    def ready(self):
        from locations.models import Location
        from provision.geojson import directory_changed
        from provision.models import Service
        from provision.moderation import connect_notifiers, ensure_listing_workflow
        from provision.permissions import register_policies

        for model in (Location, Service):
            post_save.connect(directory_changed, sender=model, dispatch_uid=f"directory_changed_save_{model.__name__}")
            post_delete.connect(
                directory_changed, sender=model, dispatch_uid=f"directory_changed_delete_{model.__name__}"
            )

        # Here rather than in wagtail_hooks: Wagtail must have the policies before anything asks for one, or it
        # makes a default policy that can't be replaced.
        register_policies()
        # Workflow emails through our outbox, with our wording for listings (see provision/moderation.py).
        connect_notifiers()
        # The "Listing approval" workflow, after every migrate (and test database flush).
        post_migrate.connect(ensure_listing_workflow, sender=self, dispatch_uid="provision.ensure_listing_workflow")
