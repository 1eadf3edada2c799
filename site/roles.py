"""The platform's roles, as Wagtail groups with their model, page and collection permissions.

They are kept in step with the code after every `migrate` (and after a test database flush), so a new
deployment and every test start with the same roles. Object-level rules (a partner editor sees only their own
organisation's records) are enforced in the apps' viewsets on top of these model permissions.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

INCLUSION_LEAD = "Inclusion lead"
SITE_EDITOR = "Site editor"
PARTNER_EDITOR = "Partner editor"
CHAMPION = "Digital Champion"

ALL_ACTIONS = ("add", "change", "delete", "publish", "lock", "unlock")

MODEL_PERMISSIONS = {
    INCLUSION_LEAD: {
        "locations": {
            "location": ALL_ACTIONS,
            "ward": ("view",),
            "smallarea": ("view",),
            "postcode": ("view",),
            "localauthority": ("view",),
        },
        "provision": {
            "service": ALL_ACTIONS,
            "organisation": ("add", "change", "delete"),
            "servicetype": ("add", "change", "delete"),
            "audience": ("add", "change", "delete"),
            "language": ("add", "change", "delete"),
        },
        "wagtailimages": {"image": ("add", "change", "choose")},
        "wagtaildocs": {"document": ("add", "change", "choose")},
    },
    SITE_EDITOR: {
        "wagtailimages": {"image": ("add", "change", "choose")},
        "wagtaildocs": {"document": ("add", "change", "choose")},
    },
    PARTNER_EDITOR: {
        "locations": {"location": ("add", "change")},
        "provision": {"service": ("add", "change")},
        "wagtailimages": {"image": ("add", "choose")},
    },
    CHAMPION: {},
}

ADMIN_ACCESS = {INCLUSION_LEAD, SITE_EDITOR, PARTNER_EDITOR}
PAGE_EDITORS = {INCLUSION_LEAD: ("add", "change", "publish"), SITE_EDITOR: ("add", "change", "publish", "lock")}


def ensure_roles(**kwargs):
    from django.apps import apps
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)

    for role, apps_models in MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = set()
        for app_label, models in apps_models.items():
            for model, actions in models.items():
                codenames = [f"{action}_{model}" for action in actions]
                wanted |= set(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
        if role in ADMIN_ACCESS:
            wanted |= set(Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"))
        group.permissions.add(*wanted)

        # Images and documents are permitted per collection in Wagtail, not by model permission alone.
        root_collection = Collection.get_first_root_node()
        if root_collection:
            for permission in wanted:
                if permission.content_type.app_label in {"wagtailimages", "wagtaildocs"}:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )

        home = Page.objects.filter(depth=2).first()
        if home and role in PAGE_EDITORS:
            for action in PAGE_EDITORS[role]:
                permission = Permission.objects.filter(
                    content_type__app_label="wagtailcore", codename=f"{action}_page"
                ).first()
                if permission:
                    GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
