"""The managed lists every borough starts with: types of help, audiences and languages.

Rows are matched on slug (or language code) and only created when missing, so an editor's later changes to
names, descriptions or order are never overwritten by a re-run; reversing leaves the rows alone because
services may already point at them.
"""

from django.db import migrations

SERVICE_TYPES = [
    # (slug, name, description, is_access_point)
    ("free-wifi", "Free Wi-Fi", "Somewhere to get online for free with your own phone, tablet or laptop.", True),
    ("public-computers", "Public computers", "Computers anyone can use for free, often with printing.", True),
    ("device-lending", "Device lending", "Borrow a laptop, tablet or phone to use at home.", False),
    (
        "device-donation",
        "Device donation and refurbished devices",
        "Get a free or low-cost refurbished device, or donate one you no longer need.",
        False,
    ),
    ("free-sims-and-data", "Free SIMs and data", "Free mobile data and SIM cards from the National Databank.", False),
    ("digital-skills-course", "Digital skills course", "A course over several sessions, from basics upwards.", False),
    ("one-to-one-help", "One-to-one and drop-in help", "Bring your device and a question and get help.", False),
    ("online-safety", "Online safety", "Spot scams, keep your accounts safe and protect your family online.", False),
    (
        "council-and-government-services",
        "Help using council and government services online",
        "Council tax, housing, GP appointments, the NHS App, GOV.UK and other public services.",
        False,
    ),
    (
        "benefits-and-jobs",
        "Help with benefits and jobs online",
        "Universal Credit journals, job searches, CVs and online applications.",
        False,
    ),
    (
        "assistive-technology",
        "Assistive technology",
        "Screen readers, magnifiers, voice control and other ways to make devices easier to use.",
        False,
    ),
    (
        "social-tariff-advice",
        "Social tariff advice",
        "Find out if you can get cheaper broadband or mobile through a social tariff.",
        False,
    ),
]

AUDIENCES = [
    ("older-people", "Older people"),
    ("families", "Families"),
    ("young-people", "Young people"),
    ("disabled-people", "Disabled people"),
    ("jobseekers", "Jobseekers"),
    ("people-with-low-english", "People with low English"),
]

# ISO 639-1 where there is one, ISO 639-3 otherwise (British Sign Language has no two-letter code).
LANGUAGES = [
    ("en", "English"),
    ("pl", "Polish"),
    ("es", "Spanish"),
    ("pt", "Portuguese"),
    ("so", "Somali"),
    ("ar", "Arabic"),
    ("bn", "Bengali"),
    ("ur", "Urdu"),
    ("ta", "Tamil"),
    ("gu", "Gujarati"),
    ("fr", "French"),
    ("ti", "Tigrinya"),
    ("yo", "Yoruba"),
    ("tr", "Turkish"),
    ("ro", "Romanian"),
    ("uk", "Ukrainian"),
    ("bfi", "British Sign Language"),
]


def seed_taxonomy(apps, schema_editor):
    ServiceType = apps.get_model("provision", "ServiceType")
    Audience = apps.get_model("provision", "Audience")
    Language = apps.get_model("provision", "Language")

    for order, (slug, name, description, is_access_point) in enumerate(SERVICE_TYPES):
        ServiceType.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "is_access_point": is_access_point,
                "sort_order": order,
            },
        )
    for order, (slug, name) in enumerate(AUDIENCES):
        Audience.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
    for code, name in LANGUAGES:
        # English first, the rest alphabetically (the model orders by sort_order, then name).
        Language.objects.get_or_create(code=code, defaults={"name": name, "sort_order": 0 if code == "en" else 1})


class Migration(migrations.Migration):
    dependencies = [("provision", "0002_internal_data_permission")]

    operations = [migrations.RunPython(seed_taxonomy, migrations.RunPython.noop)]
