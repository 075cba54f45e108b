from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonnelConfig(AppConfig):
    name = "renda.personnel"
    label = "personnel"
    verbose_name = _("Appointments and oaths")

    def ready(self):
        from renda.personnel import access, navigation  # noqa: F401  (rules, sidebar)
