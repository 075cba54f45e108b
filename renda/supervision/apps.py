from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "renda.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        # rules, sidebar, the handling policy of deliberation opinions, to-do providers
        from renda.supervision import (  # noqa: F401
            access,
            navigation,
            policy,
            todo_oversight,
            todo_projects,
        )
