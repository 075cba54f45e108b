from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "renda.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # the cached districts of public intakes are forgotten when an organisation changes
        from renda.core import public  # noqa: F401
