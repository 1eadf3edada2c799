"""factory-boy factories for the models that exist so far. Each app adds its own below (or in its own module).

Wagtail pages cannot be saved on their own: they are added under a parent in the page tree. The page
factories take an optional ``parent`` (default: the site's HomePage, or the root page for a HomePage)
and publish a first revision, as an editor pressing "Publish" would, so the admin shows them normally.
"""

import factory
from django.contrib.auth import get_user_model
from django.utils.text import slugify
from wagtail.rich_text import RichText

from borough_site.home.models import HomePage
from borough_site.pages.models import StandardPage
from tests.wagtail_tree import ensure_home_page, ensure_wagtail_tree

# The password every UserFactory user has, for logging in through the browser.
TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    password = factory.django.Password(TEST_PASSWORD)
    is_active = True


class StaffUserFactory(UserFactory):
    is_staff = True


class SuperuserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    is_staff = True
    is_superuser = True


class PageFactory(factory.django.DjangoModelFactory):
    """Base for Wagtail page factories: ``XPageFactory(parent=some_page, live=False, publish=False)``."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Test page {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    live = True

    @classmethod
    def default_parent(cls):
        return ensure_home_page()

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=None, **kwargs):
        if parent is None:
            parent = cls.default_parent()
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        # A revision makes the page look edited-and-published in the admin; drafts get one unpublished.
        revision = page.save_revision()
        if publish if publish is not None else page.live:
            revision.publish()
            page.refresh_from_db()
        return page


class HomePageFactory(PageFactory):
    """Usually you want the ``home_page`` fixture (the site's one HomePage) rather than this."""

    class Meta:
        model = HomePage

    title = "Find free digital help"
    slug = factory.Sequence(lambda n: f"home-{n}")

    @classmethod
    def default_parent(cls):
        return ensure_wagtail_tree()


def paragraphs(*texts: str) -> list[tuple[str, RichText]]:
    """A StreamField value of BodyBlock paragraphs: ``body=paragraphs("First.", "Second.")``."""
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in texts]


class StandardPageFactory(PageFactory):
    class Meta:
        model = StandardPage

    summary = factory.LazyAttribute(lambda o: f"About {o.title.lower()}.")
    body = factory.LazyFunction(lambda: paragraphs("Some text an editor wrote."))
    show_in_footer = False
