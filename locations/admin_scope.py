"""Admin viewsets whose every view respects a ScopedModelPermissionPolicy (locations/permissions.py).

Wagtail's generic admin views check a user's *model* permissions, then load whichever record the id in the URL
names. For a model whose registered permission policy limits some users to some records, a viewset built on
ScopedSnippetViewSet or ScopedModelViewSet wraps each of its views so that:

* a record outside the user's scope answers 404, whatever the view (edit, delete, history, revisions, compare,
  lock, workflow actions, preview, copy, inspect...): the id is checked before the view loads anything;
* listings (and Wagtail's spreadsheet export of them) hold only the records in scope;
* the snippet chooser offers, and accepts, only what the policy's ``chooser_queryset`` allows;
* the "usage" view, which lists every record referring to this one, is refused to users with a limited scope;
* the history view is open to users with "view" permission too (Wagtail asks for add, change or delete).

With any other policy (or none), the views behave exactly as Wagtail's own.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.snippets.widgets import AdminSnippetChooser

from locations.admin_conflicts import ConflictCheckingEditView, CreateViewWithoutAutosave
from locations.permissions import ScopedModelPermissionPolicy


def scoped_policy(model) -> ScopedModelPermissionPolicy | None:
    policy = policy_registry.get_by_type(model) if model is not None else None
    return policy if isinstance(policy, ScopedModelPermissionPolicy) else None


def user_is_limited(user, model) -> bool:
    policy = scoped_policy(model)
    return policy is not None and policy.scope_filter(user) is not None


class ScopedObjectViewMixin:
    """Answers 404 for a record outside the user's scope before the view itself runs."""

    def setup(self, request, *args, **kwargs):
        model = getattr(self, "model", None)
        policy = scoped_policy(model)
        if policy is not None and policy.scope_filter(request.user) is not None:
            if isinstance(self, UsageView):
                raise PermissionDenied
            pk = kwargs.get("pk")
            if pk is not None:
                try:
                    reachable = policy.scoped_queryset(request.user).filter(pk=unquote(str(pk))).exists()
                except (ValueError, ValidationError):
                    reachable = False
                if not reachable:
                    raise Http404
        super().setup(request, *args, **kwargs)


class ScopedIndexViewMixin:
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        policy = scoped_policy(self.model)
        return policy.scoped_queryset(self.request.user, queryset) if policy else queryset


_scoped_classes = {}


def scoped_view_class(view_class):
    """`view_class` with the scope checks above (made once per class)."""
    if issubclass(view_class, ScopedObjectViewMixin):
        return view_class
    if view_class not in _scoped_classes:
        bases = (ScopedObjectViewMixin,)
        if issubclass(view_class, IndexView):
            bases += (ScopedIndexViewMixin,)
        _scoped_classes[view_class] = type(view_class.__name__, (*bases, view_class), {"__module__": __name__})
    return _scoped_classes[view_class]


class ScopedViewSetMixin:
    def construct_view(self, view_class, **kwargs):
        return super().construct_view(scoped_view_class(view_class), **kwargs)


# Choosers --------------------------------------------------------------------------------------------------


class ScopedChooserMixin:
    def scope(self, queryset):
        policy = scoped_policy(self.model_class)
        return policy.chooser_queryset(self.request.user, queryset) if policy else queryset


class ScopedChooseView(ScopedChooserMixin, ChooseView):
    def get_object_list(self):
        return self.scope(super().get_object_list())


class ScopedChooseResultsView(ScopedChooserMixin, ChooseResultsView):
    def get_object_list(self):
        return self.scope(super().get_object_list())


class ScopedChosenView(ScopedChooserMixin, SnippetChosenView):
    def get_object(self, pk):
        try:
            return self.scope(self.model_class._default_manager.all()).get(pk=pk)
        except (ValueError, ValidationError) as error:
            raise ObjectDoesNotExist from error


class ScopedChosenMultipleView(ScopedChooserMixin, SnippetChosenMultipleView):
    def get_objects(self, pks):
        return self.scope(super().get_objects(pks))


class ScopedSnippetChooser(AdminSnippetChooser):
    """A chooser widget that shows nothing chosen for a record its form field may not take (a form limits the
    field's queryset to what the user may pick): a guessed id posted back must not come back with its title."""

    def get_instance(self, value):
        instance = super().get_instance(value)
        queryset = getattr(getattr(self, "choices", None), "queryset", None)
        if instance is None or queryset is None or not queryset.query.has_filters():
            return instance
        return instance if queryset.filter(pk=instance.pk).exists() else None


class ScopedSnippetChooserViewSet(SnippetChooserViewSet):
    base_widget_class = ScopedSnippetChooser
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView


# Viewsets --------------------------------------------------------------------------------------------------


class SnippetHistoryView(snippet_views.HistoryView):
    any_permission_required = ["add", "change", "delete", "view"]


class ModelHistoryView(HistoryView):
    any_permission_required = ["add", "change", "delete", "view"]


class ScopedSnippetViewSet(ScopedViewSetMixin, SnippetViewSet):
    chooser_viewset_class = ScopedSnippetChooserViewSet
    history_view_class = SnippetHistoryView
    # Places, services and organisations are edited by several people: a stale save is refused, not lost.
    edit_view_class = ConflictCheckingEditView
    add_view_class = CreateViewWithoutAutosave


class ScopedModelViewSet(ScopedViewSetMixin, ModelViewSet):
    history_view_class = ModelHistoryView
