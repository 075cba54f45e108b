from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "renda.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from renda.supervision import access, navigation, policy  # noqa: F401  (rules, sidebar, engine)
