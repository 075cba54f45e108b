from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "renda.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Each app contributes its figures in a figures.py module.
        autodiscover_modules("figures")
        from renda.reports import access, navigation  # noqa: F401  (rules, sidebar)
