"""What the demo year of legislation must show (run by renda/reports/tests/test_demo_year.py)."""

import datetime as dt

from renda.ballots.models import Ballot
from renda.ledgers.models import Kind, LedgerEntry
from renda.legislation.models import (
    LegislativePlan,
    LegislativeProject,
    Reading,
    ResearchTopic,
)


def check(figures: dict) -> None:
    # 及时把城市养犬、停车场管理、电动自行车管理等热点焦点问题上升为立法调研事项
    assert figures["legislative_research_topics"] == 3
    # 制定居民住宅区消防安全管理条例、传统村落保护条例，两部条例在省人大常委会审议中均全票通过
    assert figures["regulations_enacted"] == 2
    assert figures["regulations_unanimous_at_province"] == 2
    # 建立健全立法评估、立项、审议等5项制度 (a ledger of its own: the 62 rules stay 62)
    assert figures["legislative_systems"] == 5
    assert figures["rules_established"] == 62
    assert LedgerEntry.objects.filter(kind=Kind.LEGISLATIVE_PROCEDURE).count() == 5
    # 科学编制五年立法规划和年度立法计划
    plans = LegislativePlan.objects.filter(first_year=2023)
    assert {p.kind for p in plans} == {"annual", "five_year"}
    annual = plans.get(kind="annual")
    assert annual.state == "published" and annual.items.filter(kind="formal").count() == 2
    assert annual.items.filter(kind="research").count() == 3
    enacted = LegislativeProject.objects.filter(province_approved_on__year=2023)
    for project in enacted:
        readings = list(Reading.objects.filter(project=project).order_by("number"))
        assert [r.number for r in readings] == [1, 2, 3]
        assert all(r.version and r.version.legal_text_id == project.legal_text_id for r in readings)
        assert all(r.session.start_date.year == 2023 for r in readings)
        assert all(r.agenda_item_id for r in readings)  # on the session's agenda
        ballot = project.ballot
        assert ballot.kind == Ballot.Kind.MOTION and ballot.passed
        assert ballot.session_id == readings[-1].session_id
        assert project.stage == "published" and project.notice_number
        assert project.effective_on >= project.published_on >= project.province_approved_on
        assert project.province_approved_on <= project.decision_due_on  # R53 kept
        assert project.plan_item.plan == annual
    topics = ResearchTopic.objects.filter(year=2023)
    assert all(t.opinions.exists() or t.suggestions.exists() for t in topics)
    assert topics.filter(state="concluded").exists()
    assert not LegislativeProject.objects.filter(effective_on__lt=dt.date(2023, 1, 1)).exists()
