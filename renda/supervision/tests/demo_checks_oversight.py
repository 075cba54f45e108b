"""What the demo year's supervision (oversight) must show; run by
renda/reports/tests/test_demo_year.py, which loads the demo once for every app."""

from renda.ballots.models import Ballot
from renda.handling.models import Case
from renda.supervision.models import (
    ChainState,
    Decision,
    DeliberationOpinion,
    LawEnforcementInspection,
    SpecialInquiry,
    SupervisionPlan,
    WorkReport,
)
from renda.supervision.services_oversight import r40_deadlines


def check(figures: dict) -> None:
    assert figures["decisions_made"] >= 1
    assert figures["law_enforcement_inspections"] == 2
    assert figures["work_reports_heard"] >= 7
    assert figures["special_inquiries"] == 1
    assert figures["deliberation_opinions_sent"] >= 9

    plan = SupervisionPlan.objects.get(year=2023)
    assert plan.state == SupervisionPlan.State.PUBLISHED and plan.chair_meeting_id
    # every work report, inquiry and inspection came from a plan item
    assert WorkReport.objects.filter(plan_item__plan=plan).count() == WorkReport.objects.count()

    # the reports heard at the sessions, on their agenda items, with the R40 dates
    categories = set(WorkReport.objects.values_list("category", flat=True))
    assert {"final_accounts", "audit", "plan", "mid_term_review", "spatial_planning"} <= categories
    for report in WorkReport.objects.select_related("session"):
        assert report.agenda_item_id and report.agenda_item.session_id == report.session_id
        assert all(d.done_on for d in r40_deadlines(report))
        assert report.state == ChainState.PUBLISHED
    # R41 on the engine: every opinion a completed case, answered on time
    opinions = DeliberationOpinion.objects.select_related("case")
    assert all(o.case.state == Case.State.COMPLETED for o in opinions)
    assert all(o.case.completed_on_time for o in opinions)
    assert opinions.filter(budget_or_audit=True).count() >= 2

    # the innovation report and its 9 assessed departments
    innovation = WorkReport.objects.get(title__contains="科技创新")
    assert innovation.assessments.count() == 9
    # the business-environment inquiry: 34 departments questioned and assessed
    inquiry = SpecialInquiry.objects.get(title__contains="营商环境")
    assert inquiry.departments.count() == 34
    assert inquiry.assessments.filter(kind=Ballot.Kind.ASSESSMENT).count() == 34
    assert inquiry.questions.exclude(answer="").count() >= 10

    # the two inspections: employment promotion; rural revitalisation law and regulation
    laws = dict(LawEnforcementInspection.objects.values_list("law", "regulation"))
    assert laws.get("中华人民共和国就业促进法") == ""
    assert laws.get("中华人民共和国乡村振兴促进法") == "河南省乡村振兴促进条例"
    for inspection in LawEnforcementInspection.objects.all():
        assert inspection.visits.count() >= 4 and inspection.findings
        assert inspection.opinions.exists()

    # the Entrepreneurs' Day: voted (R32), published, followed up
    decision = Decision.objects.get(title__contains="企业家日")
    assert decision.state == Decision.State.PUBLISHED and decision.ballot.passed
    assert decision.follow_ups.count() >= 2
