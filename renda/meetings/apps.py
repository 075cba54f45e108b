from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "renda.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from renda.ballots.services import register_absence_check
        from renda.meetings import access, navigation  # noqa: F401  (rules, sidebar)
        from renda.meetings.services import absentees_of_session

        register_absence_check(absentees_of_session)
