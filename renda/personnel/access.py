"""Who sees and changes appointments, removals and oath ceremonies: the office
prepares them; leaders and committee members (who deliberate and vote) see them."""

import rules
from django.db.models import QuerySet

from renda.core import roles as R
from renda.core.access import is_committee_side, is_registrar
from renda.personnel.models import AppointmentBill, AppointmentItem, OathCeremony

rules.add_perm("personnel.view", is_committee_side)
rules.add_perm("personnel.manage", is_registrar)


def _sees(user) -> bool:
    return bool(R.roles_of(user) & R.COMMITTEE_SIDE)


def get_bills_for_user(user) -> QuerySet[AppointmentBill]:
    qs = AppointmentBill.objects.select_related("term", "session__term", "nominating_organisation")
    return qs if _sees(user) else qs.none()


def get_items_for_user(user) -> QuerySet[AppointmentItem]:
    qs = AppointmentItem.objects.select_related(
        "person", "organisation", "bill__session__term", "bill__term", "ballot"
    )
    return qs if _sees(user) else qs.none()


def get_ceremonies_for_user(user) -> QuerySet[OathCeremony]:
    qs = OathCeremony.objects.select_related("session__term")
    return qs if _sees(user) else qs.none()
