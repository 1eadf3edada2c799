from wagtail import hooks
from wagtail.permissions import register_permission_policy

from champions.models import DBSAccessLog, ExportLog, GroupEmail
from champions.permissions import ReadOnlyPermissionPolicy

# Before the viewsets are registered (they would create a default policy).
for _model in (ExportLog, GroupEmail, DBSAccessLog):
    register_permission_policy(_model, ReadOnlyPermissionPolicy(_model))

from champions.viewsets import ChampionsViewSetGroup  # noqa: E402


@hooks.register("register_admin_viewset")
def register_champions_viewsets():
    return ChampionsViewSetGroup()
