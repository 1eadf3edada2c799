"""Move the history of services, places, organisations and problem reports to ListingLogEntry.

From now on they log there (see provision/models/history.py), so their earlier entries move with them and each
record's history stays whole. Reversing moves them back.
"""

from django.db import migrations

LISTING_MODELS = [("provision", "service"), ("provision", "organisation"), ("provision", "problemreport"), ("locations", "location")]
FIELDS = [
    "content_type_id",
    "label",
    "action",
    "data",
    "timestamp",
    "uuid",
    "user_id",
    "revision_id",
    "content_changed",
    "deleted",
    "object_id",
]


def _content_type_ids(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ids = []
    for app_label, model in LISTING_MODELS:
        ids += ContentType.objects.filter(app_label=app_label, model=model).values_list("pk", flat=True)
    return ids


def _move(source, target, content_type_ids):
    entries = source.objects.filter(content_type_id__in=content_type_ids).order_by("pk")
    batch = []
    for entry in entries.iterator(chunk_size=2000):
        batch.append(target(**{name: getattr(entry, name) for name in FIELDS}))
        if len(batch) >= 2000:
            target.objects.bulk_create(batch)
            batch = []
    target.objects.bulk_create(batch)
    entries.delete()


def forwards(apps, schema_editor):
    _move(apps.get_model("wagtailcore", "ModelLogEntry"), apps.get_model("provision", "ListingLogEntry"), _content_type_ids(apps))


def backwards(apps, schema_editor):
    _move(apps.get_model("provision", "ListingLogEntry"), apps.get_model("wagtailcore", "ModelLogEntry"), _content_type_ids(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("provision", "0006_partners"),
        ("locations", "0002_geocode_precision_ward"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
