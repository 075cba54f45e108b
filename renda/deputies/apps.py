from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "renda.deputies"
    label = "deputies"
    verbose_name = _("Deputies' network")

    def ready(self):
        from renda.deputies import access, navigation, todo  # noqa: F401  (rules, sidebar, to-dos)
