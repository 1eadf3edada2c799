"""Recreate what Wagtail's migrations create, for tests that run after a database flush.

Wagtail's root page, default locale, root collection and default Site come from migrations. Tests that use
``live_server`` (or ``transactional_db``) flush the database when they finish, so later tests cannot rely
on those rows; these helpers get-or-create them and work on a fresh database and after a flush alike.
"""

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from borough_site.home.models import HomePage


def ensure_wagtail_tree() -> Page:
    """Make sure the default locale, the root collection and the root page exist; return the root page."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def ensure_home_page() -> HomePage:
    """Get or create the site's HomePage under the root page and a default Site that serves it."""
    with transaction.atomic():
        root = ensure_wagtail_tree()
        home = HomePage.objects.first()
        if home is None:
            # Wagtail's migrations leave a plain "Welcome to your new Wagtail site!" page, slug "home".
            # Remove it (its Site goes with it) so that ours can take the slug.
            for page in root.get_children().filter(slug="home"):
                if page.specific_class is Page:
                    page.delete()
            root.refresh_from_db()
            home = root.add_child(instance=HomePage(title="Find free digital help", slug="home"))
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                site_name=settings.SERVICE_NAME,
                root_page=home,
                is_default_site=True,
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        Site.clear_site_root_paths_cache()
    return home
