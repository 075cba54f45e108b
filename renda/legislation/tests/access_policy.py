"""Who may open legislation's URLs (see renda/core/tests/test_access_matrix.py): the
office enters texts and versions (REGISTRARS); the committee side and the experts
read; deputies, units and the public see nothing. Plans, projects, readings and
research topics: the committee side reads, the office changes. Object URLs point at a
text with two versions, a plan with an item, a project in research with that text,
and a research topic."""

import datetime as dt

from renda.core.tests.access_roles import COMMITTEE, NOBODY, REGISTRARS

READERS = COMMITTEE | {"expert"}

PROJECT_ACTIONS = [
    "approve",
    "drafting",
    "readings",
    "vote",
    "votes",
    "conclude-vote",
    "submit",
    "provincial-approval",
    "publish",
    "evaluation",
]
PLAN_ACTIONS = ["items", "adopt", "publish"]
TOPIC_ACTIONS = ["start", "conclude", "sources"]

POLICY = {
    "legislation:index": COMMITTEE,
    "legislation:project-list": COMMITTEE,
    "legislation:project-create": REGISTRARS,
    "legislation:project-detail": COMMITTEE,
    "legislation:project-act": NOBODY,  # POST only
    "legislation:plan-list": COMMITTEE,
    "legislation:plan-create": REGISTRARS,
    "legislation:plan-detail": COMMITTEE,
    "legislation:plan-item-create": REGISTRARS,
    "legislation:plan-act": NOBODY,  # POST only
    "legislation:topic-list": COMMITTEE,
    "legislation:topic-create": REGISTRARS,
    "legislation:topic-detail": COMMITTEE,
    "legislation:topic-act": NOBODY,  # POST only
    "api:legislative-plan-list": COMMITTEE,
    "api:legislative-plan-detail": COMMITTEE,
    **{f"api:legislative-plan-{a}": NOBODY for a in PLAN_ACTIONS},  # POST only
    "api:legislative-plan-item-list": COMMITTEE,
    "api:legislative-plan-item-detail": COMMITTEE,
    "api:legislative-project-list": COMMITTEE,
    "api:legislative-project-detail": COMMITTEE,
    **{f"api:legislative-project-{a}": NOBODY for a in PROJECT_ACTIONS},  # POST only
    "api:legislative-reading-list": COMMITTEE,
    "api:legislative-reading-detail": COMMITTEE,
    "api:legislative-research-topic-list": COMMITTEE,
    "api:legislative-research-topic-detail": COMMITTEE,
    **{f"api:legislative-research-topic-{a}": NOBODY for a in TOPIC_ACTIONS},  # POST only
    "legislation:text-list": READERS,
    "legislation:text-create": REGISTRARS,
    "legislation:text-detail": READERS,
    "legislation:version-create": REGISTRARS,
    "legislation:comparison": READERS,
    "legislation:comparison-docx": READERS,
    "legislation:version-detail": READERS,
    "legislation:version-akn": READERS,
    "legislation:version-json": READERS,
    "api:legal-text-list": READERS,
    "api:legal-text-detail": READERS,
    "api:legal-text-versions": NOBODY,  # POST only
    "api:legal-text-comparison": READERS,
    "api:text-version-list": READERS,
    "api:text-version-detail": READERS,
    "api:text-version-structure": READERS,
    "api:text-version-akn": READERS,
}

POST_POLICY = {
    "legislation:project-create": REGISTRARS,
    "legislation:project-act": REGISTRARS,
    "legislation:plan-create": REGISTRARS,
    "legislation:plan-item-create": REGISTRARS,
    "legislation:plan-act": REGISTRARS,
    "legislation:topic-create": REGISTRARS,
    "legislation:topic-act": REGISTRARS,
    "api:legislative-plan-list": REGISTRARS,
    **{f"api:legislative-plan-{a}": REGISTRARS for a in PLAN_ACTIONS},
    "api:legislative-project-list": REGISTRARS,
    **{f"api:legislative-project-{a}": REGISTRARS for a in PROJECT_ACTIONS},
    "api:legislative-research-topic-list": REGISTRARS,
    **{f"api:legislative-research-topic-{a}": REGISTRARS for a in TOPIC_ACTIONS},
    "legislation:text-create": REGISTRARS,
    "legislation:version-create": REGISTRARS,
    "api:legal-text-list": REGISTRARS,
    "api:legal-text-versions": REGISTRARS,
}

_text = lambda w: {"pk": w.legal_text.pk}  # noqa: E731
_version = lambda w: {"pk": w.text_versions[-1].pk}  # noqa: E731
_project = lambda w: {"pk": w.legislative_project.pk}  # noqa: E731
_plan = lambda w: {"pk": w.legislative_plan.pk}  # noqa: E731
_topic = lambda w: {"pk": w.research_topic.pk}  # noqa: E731
URL_ARGS = {
    "legislation:text-detail": _text,
    "legislation:version-create": _text,
    "legislation:comparison": _text,
    "legislation:comparison-docx": _text,
    "legislation:version-detail": _version,
    "legislation:version-akn": _version,
    "legislation:version-json": _version,
    "api:legal-text-detail": _text,
    "api:legal-text-versions": _text,
    "api:legal-text-comparison": _text,
    "api:text-version-detail": _version,
    "api:text-version-structure": _version,
    "api:text-version-akn": _version,
    "legislation:project-detail": _project,
    "legislation:project-act": lambda w: {"pk": w.legislative_project.pk, "action": "approve"},
    "legislation:plan-detail": _plan,
    "legislation:plan-item-create": _plan,
    "legislation:plan-act": lambda w: {"pk": w.legislative_plan.pk, "action": "adopt"},
    "legislation:topic-detail": _topic,
    "legislation:topic-act": lambda w: {"pk": w.research_topic.pk, "action": "start"},
    "api:legislative-plan-detail": _plan,
    **{f"api:legislative-plan-{a}": _plan for a in PLAN_ACTIONS},
    "api:legislative-plan-item-detail": lambda w: {"pk": w.legislative_plan_item.pk},
    "api:legislative-project-detail": _project,
    **{f"api:legislative-project-{a}": _project for a in PROJECT_ACTIONS},
    "api:legislative-reading-detail": lambda w: {"pk": w.legislative_reading.pk},
    "api:legislative-research-topic-detail": _topic,
    **{f"api:legislative-research-topic-{a}": _topic for a in TOPIC_ACTIONS},
}

V1 = (
    "矩阵测试条例\n第一章　总则\n第一条　为了测试，制定本条例。\n第二条　本条例自公布之日起施行。\n"
)
V2 = "矩阵测试条例\n第一章　总则\n第一条　为了测试访问，制定本条例。\n第二条　本条例自公布之日起施行。\n"


def prepare(world) -> None:
    from renda.legislation import services

    office = world.users["office_staff"]
    legal_text = services.create_text(title="矩阵测试条例", kind="regulation_draft", actor=office)
    world.legal_text = legal_text
    world.text_versions = [
        services.add_version(legal_text, text=V1, label="一审稿", actor=office),
        services.add_version(legal_text, text=V2, label="二审稿", actor=office),
    ]

    from renda.core.models import Session
    from renda.legislation import services_projects as projects

    plan = projects.create_plan(
        term=world.term, kind="annual", title="矩阵立法计划", first_year=2023, actor=office
    )
    world.legislative_plan = plan
    world.legislative_plan_item = projects.add_plan_item(
        plan, kind="formal", title="矩阵测试条例", area="grassroots", actor=office
    )
    project = projects.create_project(
        term=world.term,
        title="矩阵测试条例",
        year=2023,
        area="grassroots",
        legal_text=legal_text,
        plan_item=world.legislative_plan_item,
        actor=office,
    )
    # a reading, then the project goes back to research for the POSTs of the matrix:
    # none of them may change anything but the office's
    session = Session.objects.create(
        term=world.term, body="standing_committee", number=90, start_date=dt.date(2023, 2, 1)
    )
    world.legislative_reading = project.readings.create(
        number=1, session=session, version=world.text_versions[0], date=session.start_date
    )
    world.legislative_project = project
    world.research_topic = projects.raise_topic(title="矩阵调研课题", year=2023, actor=office)
