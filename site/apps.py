from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class BoroughSiteConfig(AppConfig):
    """The project package itself: settings, URLs, roles and the demo data loader."""

    name = "borough_site"
    label = "borough_site"
    verbose_name = "Site"

    def ready(self):
        from wagtail.models import PageViewRestriction, Site, get_page_models
        from wagtail.signals import post_page_move

        from borough_site.context_processors import navigation_changed, navigation_links
        from borough_site.roles import ensure_roles
        from provision import page_cache

        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="borough_site.ensure_roles")
        # The cached menu and footer links. Each page model by name, because a page's signals come from its own
        # class (StandardPage, HomePage ...), not from Page.
        for model in [*get_page_models(), PageViewRestriction, Site]:
            for signal in (post_save, post_delete):
                signal.connect(
                    navigation_changed, sender=model, dispatch_uid=f"navigation_{id(signal)}_{model._meta.label}"
                )
        post_page_move.connect(navigation_changed, dispatch_uid="borough_site.navigation_moved")
        # Search results pages kept for visitors show the menu and footer too.
        page_cache.vary_on(navigation_links)
