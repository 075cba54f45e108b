"""Who sees and changes structured legal texts: the office enters texts and versions;
the committee side (leaders, members) and the consulting experts, who advise on
drafts, read them; deputies, units and the public see nothing here for now. Plans,
projects, readings and research topics: the committee side reads, the office changes."""

import rules
from django.db.models import QuerySet

from renda.core import roles as R
from renda.core.access import is_registrar
from renda.legislation.models import (
    LegalText,
    LegislativePlan,
    LegislativePlanItem,
    LegislativeProject,
    Reading,
    ResearchTopic,
    TextVersion,
)

READERS = R.COMMITTEE_SIDE | {R.EXPERT}


@rules.predicate
def reads_texts(user) -> bool:
    return R.has_any_role(user, READERS)


rules.add_perm("legislation.view_texts", reads_texts)
rules.add_perm("legislation.manage_texts", is_registrar)


def get_texts_for_user(user) -> QuerySet[LegalText]:
    qs = LegalText.objects.select_related("organisation", "created_by")
    return qs if R.has_any_role(user, READERS) else qs.none()


def get_versions_for_user(user) -> QuerySet[TextVersion]:
    qs = TextVersion.objects.select_related("legal_text", "created_by")
    return qs if R.has_any_role(user, READERS) else qs.none()


# --- plans, projects, readings, research topics: the committee side reads, the office
# (registrars) changes; deputies, units, experts and the public see nothing here.
@rules.predicate
def reads_projects(user) -> bool:
    return R.has_any_role(user, R.COMMITTEE_SIDE)


rules.add_perm("legislation.view_projects", reads_projects)
rules.add_perm("legislation.manage_projects", is_registrar)


def _projects_visible(user) -> bool:
    return R.has_any_role(user, R.COMMITTEE_SIDE)


def get_plans_for_user(user) -> QuerySet[LegislativePlan]:
    qs = LegislativePlan.objects.select_related("term")
    return qs if _projects_visible(user) else qs.none()


def get_plan_items_for_user(user) -> QuerySet[LegislativePlanItem]:
    qs = LegislativePlanItem.objects.select_related("plan", "drafting_body", "committee")
    return qs if _projects_visible(user) else qs.none()


def get_projects_for_user(user) -> QuerySet[LegislativeProject]:
    qs = LegislativeProject.objects.select_related(
        "term", "plan_item", "legal_text", "drafting_body", "committee", "ballot"
    )
    return qs if _projects_visible(user) else qs.none()


def get_readings_for_user(user) -> QuerySet[Reading]:
    qs = Reading.objects.select_related("project", "session", "version", "agenda_item")
    return qs if _projects_visible(user) else qs.none()


def get_topics_for_user(user) -> QuerySet[ResearchTopic]:
    qs = ResearchTopic.objects.select_related("committee")
    return qs if _projects_visible(user) else qs.none()
