"""The champion types and courses a borough starts with. Created only when missing, so editors' changes stay."""

from django.db import migrations

COURSES = [
    # (slug, name, summary, validity in months or None, modules)
    (
        "digital-champion-essentials",
        "Digital Champion essentials",
        "How to help someone get online: listening, going at their pace, and letting them do it themselves.",
        36,
        ["Being a Digital Champion", "Helping without taking over", "Common tasks and where to find help"],
    ),
    (
        "safeguarding-adults",
        "Safeguarding adults",
        "Recognising abuse, neglect and exploitation, and what to do about a concern.",
        24,
        ["What safeguarding means", "Signs to look out for", "Reporting a concern the same day"],
    ),
    (
        "data-protection",
        "Data protection",
        "Keeping people's information safe: never write down passwords or personal details.",
        12,
        ["Personal data and the law", "Passwords, PINs and bank details", "Shared and public computers"],
    ),
    (
        "online-safety",
        "Online safety",
        "Scams, strong passwords, two-step verification and safe browsing.",
        24,
        ["Spotting scams", "Passwords and two-step verification", "Keeping children safe online"],
    ),
    (
        "council-services-online",
        "Helping someone use council services online",
        "Council tax, housing, bins, parking and benefits: the council's own online services.",
        None,
        ["The council's website and accounts", "Reporting and applying online", "When to refer to customer services"],
    ),
]

TYPES = [
    # (slug, name, description, needs organisation, needs DBS, DBS level, required course slugs)
    (
        "council-staff",
        "Council staff",
        "You work for the council and will help residents as part of your job.",
        False,
        False,
        "",
        ["digital-champion-essentials", "safeguarding-adults", "data-protection", "council-services-online"],
    ),
    (
        "partner-organisation",
        "Partner organisation",
        "You work or volunteer for an organisation that works with the council.",
        True,
        False,
        "",
        ["digital-champion-essentials", "safeguarding-adults", "data-protection"],
    ),
    (
        "local-business",
        "Local business",
        "You run or work for a local business, such as a phone shop or pharmacy.",
        True,
        False,
        "",
        ["digital-champion-essentials", "data-protection", "online-safety"],
    ),
    (
        "voluntary-community-group",
        "Voluntary or community group",
        "You are part of a charity, faith group, tenants' association or other community group.",
        True,
        False,
        "",
        ["digital-champion-essentials", "safeguarding-adults", "data-protection"],
    ),
    (
        "resident-volunteer",
        "Resident volunteer",
        "You live locally and would like to volunteer in libraries, Family Hubs and community centres.",
        False,
        True,
        "enhanced",
        ["digital-champion-essentials", "safeguarding-adults", "data-protection", "online-safety"],
    ),
]


def seed(apps, schema_editor):
    Course = apps.get_model("champions", "Course")
    Module = apps.get_model("champions", "Module")
    ChampionType = apps.get_model("champions", "ChampionType")
    courses = {}
    for order, (slug, name, summary, validity, modules) in enumerate(COURSES):
        course, created = Course.objects.get_or_create(
            slug=slug, defaults={"name": name, "summary": summary, "validity_months": validity, "sort_order": order}
        )
        if created:
            for position, title in enumerate(modules):
                Module.objects.create(course=course, title=title, sort_order=position)
        courses[slug] = course
    for order, (slug, name, description, needs_org, needs_dbs, level, required) in enumerate(TYPES):
        champion_type, created = ChampionType.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "needs_organisation": needs_org,
                "needs_dbs": needs_dbs,
                "dbs_level": level,
                "sort_order": order,
            },
        )
        if created:
            champion_type.required_courses.set([courses[course] for course in required])


class Migration(migrations.Migration):
    dependencies = [("champions", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
