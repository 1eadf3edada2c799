from django.apps import AppConfig
from django.db.models.signals import post_migrate


class BoroughSiteConfig(AppConfig):
    """The project package itself: settings, URLs, roles and the demo data loader."""

    name = "borough_site"
    label = "borough_site"
    verbose_name = "Site"

    def ready(self):
        from borough_site.roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="borough_site.ensure_roles")
