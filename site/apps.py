from django.apps import AppConfig


class BoroughSiteConfig(AppConfig):
    """The project package itself: settings, URLs and the site-wide settings model."""

    name = "borough_site"
    label = "borough_site"
    verbose_name = "Site"
