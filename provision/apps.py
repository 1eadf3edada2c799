from django.apps import AppConfig


class ProvisionConfig(AppConfig):
    name = "provision"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Provision"
