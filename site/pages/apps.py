from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "borough_site.pages"
    label = "pages"
    verbose_name = "Information pages"
