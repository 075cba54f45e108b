"""Who sees which public opinions, and who sees their submitters' personal data (R91).

The committee side sees every opinion; a unit only those assigned to it; a deputy
those they forwarded and those raised at the places they are attached to. Personal
data are shown whole only to those who handle the case: the office (registrars) and
the units it is assigned to; everyone else sees them masked."""

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet

from renda.core import roles as R
from renda.core.access import is_committee_side, is_deputy, is_registrar
from renda.core.privacy import mask_phone, mask_text
from renda.handling.models import Assignment
from renda.opinions.models import PublicOpinion


def get_opinions_for_user(user) -> QuerySet[PublicOpinion]:
    qs = PublicOpinion.objects.select_related("case", "district", "station", "suggested_unit")
    roles = R.roles_of(user)
    if roles & R.COMMITTEE_SIDE:
        return qs
    condition = Q(pk__in=[])
    if R.UNIT_HANDLER in roles and user.organisation_id:
        assigned = Assignment.objects.filter(
            case_id=OuterRef("case_id"), unit_id=user.organisation_id
        )
        condition |= Q(Exists(assigned))
    if R.DEPUTY in roles and user.person_id:
        condition |= Q(forwarded_by__person_id=user.person_id)
        condition |= Q(station__deputies__person_id=user.person_id)
    return qs.filter(condition).distinct() if R.DEPUTY in roles else qs.filter(condition)


def sees_personal_data(user, opinion: PublicOpinion) -> bool:
    """R91: only those who handle the case."""
    return opinion.case_id in handled_cases(user, [opinion.case_id])


def handled_cases(user, case_ids) -> set[int]:
    """Of these cases, those whose personal data the user may see (R91), in one query."""
    if not user.is_authenticated:
        return set()
    if R.has_any_role(user, R.REGISTRARS):
        return set(case_ids)
    if R.UNIT_HANDLER in R.roles_of(user) and user.organisation_id:
        return set(
            Assignment.objects.filter(
                case_id__in=case_ids, unit_id=user.organisation_id
            ).values_list("case_id", flat=True)
        )
    return set()


PERSONAL_FIELDS = (
    "submitter_name",
    "submitter_phone",
    "submitter_email",
    "submitter_id_number",
    "submitter_address",
)


def mask_name(name: str) -> str:
    return (name[0] + "*" * (len(name) - 1)) if name else ""


def mask_email(email: str) -> str:
    if "@" not in email:
        return mask_text(email)
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_id_number(number: str) -> str:
    return (number[:3] + "*" * 11 + number[-4:]) if len(number) == 18 else mask_text(number)


def personal_data(opinion: PublicOpinion, *, unmasked: bool) -> dict[str, str]:
    values = {field: getattr(opinion, field) for field in PERSONAL_FIELDS}
    if unmasked:
        return values
    return {
        "submitter_name": mask_name(values["submitter_name"]),
        "submitter_phone": mask_phone(values["submitter_phone"]),
        "submitter_email": mask_email(values["submitter_email"]),
        "submitter_id_number": mask_id_number(values["submitter_id_number"]),
        "submitter_address": mask_text(values["submitter_address"]),
    }


@rules.predicate
def is_unit_handler(user) -> bool:
    return R.has_any_role(user, {R.UNIT_HANDLER})


rules.add_perm("opinions.view_list", is_committee_side | is_unit_handler | is_deputy)
rules.add_perm("opinions.enter", is_registrar | is_deputy)
rules.add_perm("opinions.route", is_registrar)
rules.add_perm("opinions.export_personal_data", is_registrar)
rules.add_perm("opinions.view_hot_topics", is_committee_side)
rules.add_perm("opinions.escalate", is_deputy)
rules.add_perm("opinions.callback", is_registrar | is_unit_handler)
