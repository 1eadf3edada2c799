from wagtail import hooks
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from borough_site.admin_conflicts import ConflictCheckingPageEditView


class BoroughPageViewSet(PageViewSet):
    """Wagtail's views for every page type, with an edit view that refuses stale saves."""

    model = Page
    name = "borough_pages"
    edit_view_class = ConflictCheckingPageEditView


# After Wagtail's own viewset for Page (order 0), so ours is the one the page registry routes to.
@hooks.register("register_admin_viewset", order=1)
def register_page_viewset():
    return BoroughPageViewSet()
