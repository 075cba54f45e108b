"""Who sees and keeps the work ledgers: the office (registrars) and the committee's
leaders keep them; the committee side reads them; deputies, units, experts and the
public see nothing."""

import rules
from django.db.models import QuerySet

from renda.core import roles as R
from renda.core.access import is_committee_side, is_registrar
from renda.ledgers.models import LedgerAttachment, LedgerEntry, ProblemArea


@rules.predicate
def is_leader(user) -> bool:
    return R.has_any_role(user, {R.LEADER})


rules.add_perm("ledgers.view", is_committee_side)
rules.add_perm("ledgers.manage", is_registrar | is_leader)


def _sees(user) -> bool:
    return bool(R.roles_of(user) & R.COMMITTEE_SIDE)


def get_entries_for_user(user) -> QuerySet[LedgerEntry]:
    qs = LedgerEntry.objects.select_related("owner", "problem_area", "closed_out_by")
    return qs if _sees(user) else qs.none()


def get_problem_areas_for_user(user) -> QuerySet[ProblemArea]:
    qs = ProblemArea.objects.all()
    return qs if _sees(user) else qs.none()


def get_attachments_for_user(user) -> QuerySet[LedgerAttachment]:
    qs = LedgerAttachment.objects.select_related("entry")
    return qs if _sees(user) else qs.none()
