from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BallotsConfig(AppConfig):
    name = "renda.ballots"
    label = "ballots"
    verbose_name = _("Ballots")

    def ready(self):
        from renda.ballots import access, navigation, policy, todo  # noqa: F401
