from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "renda.suggestions"
    label = "suggestions"
    verbose_name = _("Motions and suggestions")

    def ready(self):
        from renda.suggestions import policy, stats, todo  # noqa: F401  (registers policies, breakdowns, to-dos)
