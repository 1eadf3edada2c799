from django.apps import AppConfig


class LocationsConfig(AppConfig):
    name = "locations"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Places and geography"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from locations.models import Postcode, Ward
        from locations.permissions import ImportedDataPermissionPolicy

        # Registered here rather than in wagtail_hooks: Wagtail must have the policy before anything asks
        # for one, or it creates a default policy that can't be replaced.
        for model in (Ward, Postcode):
            register_permission_policy(model, ImportedDataPermissionPolicy(model))
