from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "renda.legislation"
    label = "legislation"
    verbose_name = _("Legislation")

    def ready(self):
        # rules, sidebar, to-do providers
        from renda.legislation import access, navigation, todo_projects  # noqa: F401
