"""Who sees and changes what in meetings. Views and API call only these helpers and
the ``rules`` permissions below."""

import rules
from django.db.models import QuerySet

from renda.core import roles as R
from renda.core.access import is_committee_side, is_registrar
from renda.core.models import Session
from renda.meetings.models import AgendaItem, ChairMeeting, JointSubmission, PostSessionForum

# Sessions, agendas, attendance, forums and joint submissions: the committee side
# reads them; the office records them (members' tablets vote through the ballots app).
rules.add_perm("meetings.view", is_committee_side)
rules.add_perm("meetings.manage", is_registrar)


def _committee_side(user) -> bool:
    return R.has_any_role(user, R.COMMITTEE_SIDE)


def get_sessions_for_user(user) -> QuerySet[Session]:
    qs = Session.objects.filter(body=Session.Body.STANDING_COMMITTEE).select_related(
        "term", "meeting"
    )
    return qs if _committee_side(user) else qs.none()


def get_agenda_items_for_user(user) -> QuerySet[AgendaItem]:
    qs = AgendaItem.objects.select_related("session__term", "chair_meeting__term", "organisation")
    return qs if _committee_side(user) else qs.none()


def get_chair_meetings_for_user(user) -> QuerySet[ChairMeeting]:
    qs = ChairMeeting.objects.select_related("term")
    return qs if _committee_side(user) else qs.none()


def get_forums_for_user(user) -> QuerySet[PostSessionForum]:
    qs = PostSessionForum.objects.select_related("session__term")
    return qs if _committee_side(user) else qs.none()


def get_submissions_for_user(user) -> QuerySet[JointSubmission]:
    qs = JointSubmission.objects.select_related("term", "session", "addressee")
    return qs if _committee_side(user) else qs.none()
