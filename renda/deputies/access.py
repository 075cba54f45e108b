"""Who sees and changes what in the deputies' network. Views and API call only these
helpers and the ``rules`` permissions below."""

import rules
from django.db.models import Exists, OuterRef, QuerySet

from renda.core import roles as R
from renda.core.access import (
    get_deputies_for_user,
    has_a_role,
    is_committee_side,
    is_deputy,
    is_registrar,
)
from renda.core.models import Deputy
from renda.deputies.models import CongressAbsence, DutyActivity, Place, ReceptionDay


@rules.predicate
def is_own_mandate(user, deputy) -> bool:
    return (
        deputy is not None
        and getattr(user, "person_id", None) is not None
        and deputy.person_id == user.person_id
    )


# The network itself (places, reception days) is public on the portal; every role
# may read it in the workbench. Only the office manages it.
rules.add_perm("deputies.view_network", has_a_role)
rules.add_perm("deputies.manage_network", is_registrar)
# Duty activities: the committee side reads all, a deputy their own.
rules.add_perm("deputies.view_activities", is_committee_side | is_deputy)
rules.add_perm("deputies.record_activity", is_registrar | is_deputy)
# R80: a duty record is read by the committee side and by the deputy it belongs to.
rules.add_perm("deputies.view_duty_record", is_committee_side | (is_deputy & is_own_mandate))
rules.add_perm("deputies.view_own_duty_record", is_deputy)
rules.add_perm("deputies.view_coverage", is_committee_side)
# Issue 9: the performance overview of all deputies of a term.
rules.add_perm("deputies.view_performance", is_committee_side)
# R82: absences from the congress.
rules.add_perm("deputies.view_absences", is_committee_side)
rules.add_perm("deputies.record_absence", is_registrar)


def get_places_for_user(user) -> QuerySet[Place]:
    qs = Place.objects.select_related("district", "township")
    return qs if R.roles_of(user) else qs.none()


def get_reception_days_for_user(user) -> QuerySet[ReceptionDay]:
    qs = ReceptionDay.objects.select_related("place")
    return qs if R.roles_of(user) else qs.none()


def get_activities_for_user(user) -> QuerySet[DutyActivity]:
    """Committee side: every activity. A deputy: the activities they took part in."""
    qs = DutyActivity.objects.select_related("place")
    roles = R.roles_of(user)
    if roles & R.COMMITTEE_SIDE:
        return qs
    if R.DEPUTY in roles and user.person_id:
        took_part = DutyActivity.deputies.through.objects.filter(
            dutyactivity_id=OuterRef("pk"), deputy__person_id=user.person_id
        )
        return qs.filter(Exists(took_part))
    return qs.none()


def get_record_deputies_for_user(user) -> QuerySet[Deputy]:
    """Deputies whose duty record the user may open: those whose details they may see."""
    return get_deputies_for_user(user)


def own_mandates(user) -> QuerySet[Deputy]:
    """The user's own mandates, latest term first."""
    if not getattr(user, "person_id", None):
        return Deputy.objects.none()
    return (
        Deputy.objects.filter(person_id=user.person_id)
        .select_related("person", "term", "delegation")
        .order_by("-term__number")
    )


def get_absences_for_user(user) -> QuerySet[CongressAbsence]:
    qs = CongressAbsence.objects.select_related(
        "deputy__person", "deputy__delegation", "session__term"
    )
    return qs if R.has_any_role(user, R.COMMITTEE_SIDE) else qs.none()
