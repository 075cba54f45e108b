"""Who sees and changes what. Views and API call only these helpers and the
``rules`` permissions below; none filters by role on its own."""

import rules
from django.db.models import Q, QuerySet

from renda.core import roles as R
from renda.core.models import AuditEntry, CommitteeMember, Deputy, Organisation


@rules.predicate
def is_committee_side(user) -> bool:
    return R.has_any_role(user, R.COMMITTEE_SIDE)


@rules.predicate
def is_registrar(user) -> bool:
    return R.has_any_role(user, R.REGISTRARS)


@rules.predicate
def is_administrator(user) -> bool:
    return R.has_any_role(user, {R.ADMINISTRATOR})


@rules.predicate
def has_a_role(user) -> bool:
    return bool(R.roles_of(user))


@rules.predicate
def is_deputy(user) -> bool:
    return R.has_any_role(user, {R.DEPUTY})


@rules.predicate
def is_own_deputy_record(user, deputy) -> bool:
    return deputy is not None and user.person_id is not None and deputy.person_id == user.person_id


rules.add_perm("core.use_workbench", has_a_role)
rules.add_perm("core.view_deputy_list", is_committee_side | is_deputy)
rules.add_perm("core.change_deputy", is_registrar)
rules.add_perm("core.import_records", is_registrar)
rules.add_perm("core.change_organisation", is_registrar)
rules.add_perm("core.view_history", is_committee_side)
rules.add_perm("core.view_audit_log", is_administrator)
rules.add_perm("core.view_rule_settings", is_committee_side)
rules.add_perm("core.change_rule_settings", is_administrator)
rules.add_perm("core.change_calendar", is_administrator)
rules.add_perm("core.view_deputy_contact", is_registrar | is_own_deputy_record)


def get_deputies_for_user(user) -> QuerySet[Deputy]:
    """Committee side: every deputy. A deputy: their own mandates. Others: none."""
    qs = Deputy.objects.select_related("person", "term", "delegation")
    roles = R.roles_of(user)
    if roles & R.COMMITTEE_SIDE:
        return qs
    if R.DEPUTY in roles and user.person_id:
        return qs.filter(person_id=user.person_id)
    return qs.none()


def get_organisations_for_user(user) -> QuerySet[Organisation]:
    """A unit handler sees their own unit and the units under it; other roles the
    whole directory."""
    qs = Organisation.objects.select_related("parent")
    roles = R.roles_of(user)
    if not roles:
        return qs.none()
    if roles - {R.UNIT_HANDLER}:
        return qs
    if not user.organisation_id:
        return qs.none()
    return qs.filter(Q(pk=user.organisation_id) | Q(parent_id=user.organisation_id))


def get_committee_members_for_user(user) -> QuerySet[CommitteeMember]:
    """Who sits on the standing committee is public; any role may see it."""
    qs = CommitteeMember.objects.select_related("person", "term")
    return qs if R.roles_of(user) else qs.none()


def get_audit_entries_for_user(user) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("target_type")
    return qs if R.has_any_role(user, {R.ADMINISTRATOR}) else qs.none()
