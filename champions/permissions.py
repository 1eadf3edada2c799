"""Who may see champions' data: the inclusion lead (through the group's model permissions) and administrators.

Every admin view checks a model permission; the custom views (dashboard, export, group email, decisions,
erasure) check the permissions below. The Digital Champion group has none of them: champions see only their
own data, in the portal.
"""

from functools import wraps

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from wagtail.permission_policies import ModelPermissionPolicy

VIEW_CHAMPIONS = "champions.view_champion"
EXPORT_CHAMPIONS = "champions.export_champion"
EMAIL_CHAMPIONS = "champions.email_champion"
ERASE_CHAMPIONS = "champions.erase_champion"
DECIDE_APPLICATIONS = "champions.decide_application"


def require_permission(permission: str):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Logs are written by the code, never edited: even administrators can only look."""

    EDITING = {"add", "change", "delete"}

    def user_has_permission(self, user, action):
        return action not in self.EDITING and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in self.EDITING]
        return super().users_with_any_permission(actions) if actions else get_user_model().objects.none()
