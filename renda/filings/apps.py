from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingsConfig(AppConfig):
    name = "renda.filings"
    label = "filings"
    verbose_name = _("Filings")

    def ready(self):
        from renda.filings import access, navigation, policy, todo  # noqa: F401
