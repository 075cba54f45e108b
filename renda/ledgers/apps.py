from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "renda.ledgers"
    label = "ledgers"
    verbose_name = _("Work ledgers")

    def ready(self):
        from renda.ledgers import access, navigation  # noqa: F401  (rules, sidebar)
