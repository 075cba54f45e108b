from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "renda.opinions"
    label = "opinions"
    verbose_name = _("Public opinions")

    def ready(self):
        from renda.opinions import access, navigation, policy, todo  # noqa: F401  (registers)
