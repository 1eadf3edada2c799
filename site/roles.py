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
            "location": (*ALL_ACTIONS, "view"),
            "ward": ("view",),
            "smallarea": ("view",),
            "postcode": ("view",),
            "localauthority": ("view",),
        },
        "provision": {
            "service": (*ALL_ACTIONS, "view", "view_internal_data", "view_insight"),
            # view_every_organisation: not limited to their own organisations' records (provision/permissions.py).
            "organisation": ("add", "change", "delete", "view", "view_every_organisation"),
            "problemreport": ("view", "change"),
            "partnerapplication": ("view", "change"),
            "organisationmembership": ("add", "delete", "view"),
            "servicetype": ("add", "change", "delete"),
            "audience": ("add", "change", "delete"),
            "language": ("add", "change", "delete"),
        },
        "wagtailimages": {"image": ("add", "change", "choose")},
        "wagtaildocs": {"document": ("add", "change", "choose")},
        # Champion data is the lead's (and administrators') alone; each export and DBS look is logged.
        "champions": {
            "champion": ("view", "change", "export", "email", "erase"),
            "application": ("view", "change", "decide"),
            "championtype": ("view", "add", "change"),
            "course": ("view", "add", "change", "delete"),
            "trainingcompletion": ("view", "add", "change", "delete"),
            "dbscheck": ("view", "add", "change", "delete"),
            "helpsession": ("view", "add", "change", "delete"),
            "helplog": ("view", "add", "change", "delete"),
            "policyversion": ("view", "add", "change"),
            "exportlog": ("view",),
            "groupemail": ("view",),
            "dbsaccesslog": ("view",),
        },
    },
    SITE_EDITOR: {
        "wagtailimages": {"image": ("add", "change", "choose")},
        "wagtaildocs": {"document": ("add", "change", "choose")},
    },
    # Only their own organisations' records (provision/permissions.py), and no publish: what they add or change
    # goes to the inclusion lead for approval (the "Listing approval" workflow, provision/moderation.py).
    PARTNER_EDITOR: {
        "locations": {"location": ("add", "change", "view")},
        "provision": {
            "service": ("add", "change", "view"),
            "organisation": ("view",),
            "problemreport": ("view", "change"),
        },
        "wagtailimages": {"image": ("add", "choose")},
    },
    # Champions use the portal (/champions/portal/), never the admin: no model permissions at all.
    CHAMPION: {},
}

ADMIN_ACCESS = {INCLUSION_LEAD, SITE_EDITOR, PARTNER_EDITOR}
PAGE_EDITORS = {INCLUSION_LEAD: ("add", "change", "publish"), SITE_EDITOR: ("add", "change", "publish", "lock")}


def ensure_roles(**kwargs):
    from django.apps import apps
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    # Snippets' publish, lock and unlock permissions: Wagtail adds them in its own post_migrate handler, which
    # runs after this one (wagtail.snippets comes later in INSTALLED_APPS), so a new database would have none.
    from wagtail.snippets.models import create_extra_permissions

    create_extra_permissions(apps.get_app_config("wagtailsnippets"))

    for role, apps_models in MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = set()
        for app_label, models in apps_models.items():
            for model, actions in models.items():
                # Custom permissions (view_insight) are named as they are; the rest are "<action>_<model>".
                codenames = [action if action.startswith("view_") else f"{action}_{model}" for action in actions]
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
