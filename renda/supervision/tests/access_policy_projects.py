"""Who may open supervision's projects URLs (research, recommendations, experts,
consultations, livelihood projects and their public portal). Object URLs point at
records of the *other* unit and another expert (see ``prepare``)."""

import datetime as dt

from renda.core.tests.access_roles import COMMITTEE, NOBODY, PUBLIC, REGISTRARS

UNIT = frozenset({"unit_handler"})
DEPUTY = frozenset({"deputy"})
EXPERT = frozenset({"expert"})

POLICY: dict = {
    # pages
    "supervision:research-list": COMMITTEE,
    "supervision:research-create": REGISTRARS,
    "supervision:research-detail": COMMITTEE,
    "supervision:research-edit": REGISTRARS,
    "supervision:research-act": NOBODY,
    "supervision:recommendation-list": COMMITTEE | UNIT,
    "supervision:recommendation-detail": COMMITTEE,  # addressed to the other unit
    "supervision:recommendation-act": NOBODY,
    "supervision:expert-list": COMMITTEE,
    "supervision:expert-create": REGISTRARS,
    "supervision:expert-detail": COMMITTEE,
    "supervision:expert-edit": REGISTRARS,
    "supervision:expert-act": NOBODY,
    "supervision:consultation-list": COMMITTEE | EXPERT,
    "supervision:consultation-detail": COMMITTEE,  # another expert's
    "supervision:consultation-act": NOBODY,
    "supervision:project-list": COMMITTEE | DEPUTY | UNIT,
    "supervision:project-create": REGISTRARS,
    "supervision:project-selection": REGISTRARS,
    "supervision:project-detail": COMMITTEE | DEPUTY,  # led by the other unit
    "supervision:project-act": NOBODY,
    "livelihood-portal:list": PUBLIC,
    "livelihood-portal:detail": PUBLIC,
    # API
    "api:research-list": COMMITTEE,
    "api:research-detail": COMMITTEE,
    "api:research-start": NOBODY,
    "api:research-report": NOBODY,
    "api:research-close": NOBODY,
    "api:research-areas": NOBODY,
    "api:research-recommendations": NOBODY,
    "api:research-recommendation-list": COMMITTEE | UNIT,
    "api:research-recommendation-detail": COMMITTEE,
    "api:research-recommendation-respond": NOBODY,
    "api:research-recommendation-implement": NOBODY,
    "api:expert-list": COMMITTEE,
    "api:expert-detail": COMMITTEE,
    "api:expert-dismiss": NOBODY,
    "api:expert-consult": NOBODY,
    "api:expert-consultation-list": COMMITTEE | EXPERT,
    "api:expert-consultation-detail": COMMITTEE,
    "api:expert-consultation-answer": NOBODY,
    "api:expert-consultation-withdraw": NOBODY,
    "api:livelihood-project-list": COMMITTEE | DEPUTY | UNIT,
    "api:livelihood-project-detail": COMMITTEE | DEPUTY,
    "api:livelihood-project-put-to-vote": NOBODY,
    "api:livelihood-project-adopt": NOBODY,
    "api:livelihood-project-apply-selection": NOBODY,
    "api:livelihood-project-start": NOBODY,
    "api:livelihood-project-milestones": NOBODY,
    "api:livelihood-project-milestone-done": NOBODY,
    "api:livelihood-project-progress": NOBODY,
    "api:livelihood-project-inspections": NOBODY,
    "api:livelihood-project-complete": NOBODY,
}

POST_POLICY: dict = {
    "supervision:research-create": REGISTRARS,
    "supervision:research-act": REGISTRARS,
    "supervision:recommendation-act": REGISTRARS,
    "supervision:expert-act": REGISTRARS,
    "supervision:consultation-act": REGISTRARS,
    "supervision:project-act": REGISTRARS,
    "supervision:project-selection": REGISTRARS,
    "api:research-list": REGISTRARS,
    "api:research-start": REGISTRARS,
    "api:research-report": REGISTRARS,
    "api:research-close": REGISTRARS,
    "api:research-areas": REGISTRARS,
    "api:research-recommendations": REGISTRARS,
    "api:research-recommendation-respond": REGISTRARS,
    "api:research-recommendation-implement": REGISTRARS,
    "api:expert-list": REGISTRARS,
    "api:expert-dismiss": REGISTRARS,
    "api:expert-consult": REGISTRARS,
    "api:expert-consultation-answer": REGISTRARS,
    "api:expert-consultation-withdraw": REGISTRARS,
    "api:livelihood-project-list": REGISTRARS,
    "api:livelihood-project-put-to-vote": REGISTRARS,
    "api:livelihood-project-adopt": REGISTRARS,
    "api:livelihood-project-apply-selection": REGISTRARS,
    "api:livelihood-project-start": REGISTRARS,
    "api:livelihood-project-milestones": REGISTRARS,
    "api:livelihood-project-milestone-done": REGISTRARS,
    "api:livelihood-project-progress": REGISTRARS,
    # a deputy records inspections (the matrix's POST lacks the fields: a 400)
    "api:livelihood-project-inspections": REGISTRARS | DEPUTY,
    "api:livelihood-project-complete": REGISTRARS,
}


def _research(w):
    return {"pk": w.projects_research.pk}


def _recommendation(w):
    return {"pk": w.projects_recommendation.pk}


def _expert(w):
    return {"pk": w.projects_expert.pk}


def _consultation(w):
    return {"pk": w.projects_consultation.pk}


def _project(w):
    return {"pk": w.projects_project.pk}


URL_ARGS: dict = {
    "supervision:research-detail": _research,
    "supervision:research-edit": _research,
    "supervision:research-act": lambda w: {**_research(w), "action": "start"},
    "supervision:recommendation-detail": _recommendation,
    "supervision:recommendation-act": lambda w: {**_recommendation(w), "action": "respond"},
    "supervision:expert-detail": _expert,
    "supervision:expert-edit": _expert,
    "supervision:expert-act": lambda w: {**_expert(w), "action": "consult"},
    "supervision:consultation-detail": _consultation,
    "supervision:consultation-act": lambda w: {**_consultation(w), "action": "answer"},
    "supervision:project-detail": _project,
    "supervision:project-act": lambda w: {**_project(w), "action": "edit"},
    "livelihood-portal:detail": lambda w: {"pk": w.projects_public_project.pk},
    **{
        f"api:research-{name}": _research
        for name in ("detail", "start", "report", "close", "areas", "recommendations")
    },
    **{
        f"api:research-recommendation-{name}": _recommendation
        for name in ("detail", "respond", "implement")
    },
    **{f"api:expert-{name}": _expert for name in ("detail", "dismiss", "consult")},
    **{
        f"api:expert-consultation-{name}": _consultation
        for name in ("detail", "answer", "withdraw")
    },
    **{
        f"api:livelihood-project-{name}": _project
        for name in (
            "detail",
            "start",
            "milestones",
            "milestone-done",
            "progress",
            "inspections",
            "complete",
        )
    },
}


def prepare(world) -> None:
    """The other unit's research recommendation and project, another expert's
    consultation; and a public project of the world's own unit for the portal (the
    other unit's project stays a candidate, so the portal does not show it)."""
    from renda.supervision import services_projects as services
    from renda.supervision.models import LivelihoodProject

    office = world.users["office_staff"]
    research = services.create_research(
        kind="research",
        year=2023,
        topic="他单位有关的专题调研",
        departments=[world.other_unit],
        actor=office,
    )
    area = services.add_area(research, title="加强创新平台建设", actor=office)
    recommendation = services.add_recommendation(
        area, text="给他单位的建议", department=world.other_unit, actor=office
    )
    expert = services.appoint_expert(
        name="他专家",
        expertise="财务会计",
        affiliation="某大学",
        pool="state_assets",
        term_start=dt.date(2023, 1, 1),
        actor=office,
    )
    consultation = services.consult_expert(
        expert,
        subject_kind="other",
        subject="他专家的咨询",
        question="请提出意见。",
        asked_on=dt.date(2023, 2, 1),
        actor=office,
    )
    project = services.propose_project(year=2023, title="他单位的民生实事", actor=office)
    LivelihoodProject.objects.filter(pk=project.pk).update(lead_unit=world.other_unit)
    public = services.propose_project(year=2023, title="本单位的民生实事", actor=office)
    LivelihoodProject.objects.filter(pk=public.pk).update(
        state=LivelihoodProject.State.IN_PROGRESS,
        lead_unit=world.unit,
        started_on=dt.date(2023, 2, 1),
    )
    world.projects_research = research
    world.projects_recommendation = recommendation
    world.projects_expert = expert
    world.projects_consultation = consultation
    world.projects_project = project
    world.projects_public_project = public
