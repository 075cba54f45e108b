from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "renda.consultations"
    label = "consultations"
    verbose_name = _("Calls for comments")

    def ready(self):
        from renda.consultations import access, navigation  # noqa: F401  (rules, sidebar)
