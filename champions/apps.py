from django.apps import AppConfig


class ChampionsConfig(AppConfig):
    name = "champions"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Digital Champions"

    def ready(self):
        from champions import signals  # noqa: F401
        from champions.scorecard import champion_sections
        from provision.insight.scorecard import register_section

        register_section(champion_sections)
