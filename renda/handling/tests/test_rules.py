"""RULES.md R2, R12–R19 on the handling engine, one test (or more) per rule."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from renda.core.models import Organisation
from renda.core.rulesettings import change_rule_setting
from renda.core.tests.factories import OrganisationFactory, make_user
from renda.handling import reminders, services, stats
from renda.handling.models import Assignment, Case, Evaluation, Notice
from renda.handling.workflow import TRANSITIONS, InvalidTransition, require_transition

pytestmark = pytest.mark.django_db
S = Case.State


def _assign(world, case, **kwargs):
    return services.assign_case(
        case, lead_unit=world.unit, actor=world.users["office_staff"], **kwargs
    )


def _reply(world, case, reply_class="A", **kwargs):
    defaults = {"text": "答复", "contact_person": "王", "channel": "written"}
    return services.reply_case(
        case,
        unit=world.unit,
        reply_class=reply_class,
        actor=world.users["unit_handler"],
        **{**defaults, **kwargs},
    )


def _evaluate(world, case, result):
    return services.evaluate_case(case, result=result, actor=world.users["deputy"])


def test_transition_table_refuses_every_move_it_does_not_list():
    states = list(S)
    for current, target in itertools.product(states, states):
        case = Case(state=current)
        if target in TRANSITIONS[current]:
            require_transition(case, target)
        else:
            with pytest.raises(InvalidTransition):
                require_transition(case, target)


def test_R2_deadline_is_stored_with_its_rule_and_a_new_setting_applies_to_new_assignments(
    world, registered
):
    first = _assign(world, registered("甲"))
    change_rule_setting("handling.reply_months", "2", actor=world.users["administrator"])
    second = _assign(world, registered("乙"))
    lead_first = first.assignments.get(role="lead")
    lead_first.refresh_from_db()
    assert (lead_first.due_date, lead_first.deadline_rule) == (
        dt.date(2023, 6, 1),
        "handling.reply_months=3",
    )
    assert second.assignments.get(role="lead").deadline_rule == "handling.reply_months=2"
    assert second.reply_due == dt.date(2023, 5, 1)


def test_R12_three_months_and_six_for_difficult_items_with_a_reason(world, registered):
    assert _assign(world, registered()).reply_due == dt.date(2023, 6, 1)
    difficult = _assign(world, registered("难", is_difficult=True, difficulty_reason="涉及多部门"))
    assert difficult.reply_due == dt.date(2023, 9, 1)
    with pytest.raises(ValidationError):
        registered("无理由", is_difficult=True, difficulty_reason="")


def test_R13_return_within_ten_working_days_then_reassign_restarts_the_clock(
    world, registered, today
):
    case = _assign(world, registered())
    lead = case.assignments.get(role="lead")
    assert lead.return_due == dt.date(2023, 3, 15)  # 10 working days after 1 March 2023
    with pytest.raises(ValidationError):
        services.return_assignment(lead, reason="   ", actor=world.users["unit_handler"])
    services.return_assignment(lead, reason="不属于本单位职责", actor=world.users["unit_handler"])
    case.refresh_from_db()
    assert case.state == S.RETURNED
    today.advance(20)
    other = OrganisationFactory(name="正确单位")
    case = services.reassign_case(case, lead_unit=other, actor=world.users["office_staff"])
    assert case.reply_due == dt.date(2023, 6, 21)  # three months from the reassignment


def test_R13_return_after_the_window_is_refused(world, registered, today):
    case = _assign(world, registered())
    today.advance(30)
    with pytest.raises(ValidationError, match="R13"):
        services.return_assignment(
            case.assignments.get(role="lead"), reason="晚了", actor=world.users["unit_handler"]
        )


def test_R14_assisting_units_send_their_view_to_the_lead_unit(
    world, registered, django_capture_on_commit_callbacks
):
    helper_unit = OrganisationFactory(name="协办局")
    helper = make_user("t-helper", "unit_handler", organisation=helper_unit)
    case = _assign(world, registered(), assisting_units=[helper_unit])
    assisting = case.assignments.get(role="assisting")
    assert assisting.due_date == dt.date(2023, 5, 1)  # two months
    with django_capture_on_commit_callbacks(execute=True):
        services.send_view(assisting, text="建议由住建局牵头", actor=helper)
    assert Notice.objects.filter(type="view_received", recipient_unit=world.unit).exists()
    with pytest.raises(ValidationError):
        services.send_view(
            case.assignments.get(role="lead"), text="x", actor=world.users["unit_handler"]
        )


def test_R15_classes_come_from_the_setting_and_B_needs_a_promise(world, registered):
    case = _assign(world, registered())
    with pytest.raises(ValidationError):
        _reply(world, case, reply_class="D")
    with pytest.raises(ValidationError, match="B"):
        _reply(world, case, reply_class="B")
    change_rule_setting("handling.reply_classes", "A,B,C,D", actor=world.users["administrator"])
    assert _reply(world, case, reply_class="D").reply_class == "D"


def test_R15_only_the_lead_unit_replies(world, registered):
    helper_unit = OrganisationFactory(name="协办局")
    case = _assign(world, registered(), assisting_units=[helper_unit])
    with pytest.raises(PermissionDenied):
        services.reply_case(
            case,
            unit=helper_unit,
            reply_class="A",
            text="x",
            contact_person="x",
            channel="written",
            actor=world.users["unit_handler"],
        )


def test_R16_no_answer_in_time_is_recorded_as_such_and_counted_as_the_setting(
    world, registered, today
):
    case = _assign(world, registered())
    _reply(world, case)
    case.refresh_from_db()
    assert case.evaluation_due == dt.date(2023, 3, 15)
    today.advance(30)
    reminders.run(today.value)
    case.refresh_from_db()
    evaluation = case.evaluations.get()
    assert (evaluation.result, evaluation.counts_as) == ("no_answer", "basically_satisfied")
    assert case.state == S.COMPLETED
    assert case.final_evaluation == "no_answer"


def test_R16_co_signers_may_add_their_evaluation_without_deciding(world, registered):
    from renda.suggestions.models import Suggestion

    case = _assign(world, registered())
    Suggestion.objects.get(case=case).co_signers.add(world.other_deputy)
    co_signer = make_user("t-cosigner", "deputy", person=world.other_deputy.person)
    _reply(world, case)
    services.evaluate_case(case, result="dissatisfied", actor=co_signer)
    case.refresh_from_db()
    assert case.state == S.REPLIED
    with pytest.raises(PermissionDenied):
        services.evaluate_case(case, result="satisfied", actor=world.users["leader"])


def test_R17_dissatisfied_rehandles_within_a_month_then_goes_to_review(world, registered):
    case = _assign(world, registered())
    _reply(world, case)
    _evaluate(world, case, "dissatisfied")
    case.refresh_from_db()
    assert (case.state, case.reply_due, case.rehandle_count) == (
        S.REHANDLING,
        dt.date(2023, 4, 1),
        1,
    )
    _reply(world, case, text="再次答复")
    _evaluate(world, case, "dissatisfied")
    case.refresh_from_db()
    assert case.state == S.UNDER_REVIEW  # never silently closed
    with pytest.raises(ValidationError):
        services.review_case(case, decision="complete", note="", actor=world.users["office_staff"])
    services.review_case(
        case,
        decision="complete",
        note="经主任会议研究，已尽力办理",
        actor=world.users["office_staff"],
    )
    case.refresh_from_db()
    assert case.state == S.COMPLETED


def test_R18_a_key_item_needs_its_leading_leader(world, registered):
    case = _assign(world, registered())
    with pytest.raises(ValidationError):
        services.mark_key(case, lead_leader=None, actor=world.users["office_staff"])
    services.mark_key(
        case, lead_leader=world.users["committee_member"].person, actor=world.users["office_staff"]
    )
    case.refresh_from_db()
    assert case.is_key and case.lead_leader == world.users["committee_member"].person


def test_R19_completed_and_implemented_are_counted_apart(world, registered):
    case = _assign(world, registered())
    _reply(
        world,
        case,
        reply_class="B",
        promised_action="年内建成",
        promised_date=dt.date(2023, 12, 31),
    )
    _evaluate(world, case, "satisfied")
    case.refresh_from_db()
    assert (case.state, case.implementation) == (S.COMPLETED, "pending")
    totals = stats.totals(Case.objects.all())
    assert (totals["completed"], totals["implemented"], totals["promises"]) == (1, 0, 1)
    services.record_implementation(case, note="已建成", actor=world.users["unit_handler"])
    totals = stats.totals(Case.objects.all())
    assert (totals["implemented"], totals["implementation_rate"]) == (1, 1.0)
    with pytest.raises(ValidationError):
        services.record_implementation(case, note="again", actor=world.users["unit_handler"])


def test_reminders_are_sent_once_and_overdue_escalates(world, registered, today):
    Organisation.objects.create(code="OFFICE", name="办公室", kind=Organisation.Kind.OFFICE)
    case = _assign(world, registered())
    today.value = dt.date(2023, 5, 25)
    first = reminders.run(today.value)
    assert first.due_soon == 1
    assert reminders.run(today.value).due_soon == 0
    today.value = dt.date(2023, 6, 5)
    late = reminders.run(today.value)
    assert (late.overdue, late.escalated) == (1, 1)
    assert reminders.run(today.value).overdue == 0
    assert Notice.objects.filter(case=case, type="overdue").count() == 2  # unit + office


def test_statistics_per_unit_are_aggregates(world, registered, django_assert_max_num_queries):
    for title, result in (("一", "satisfied"), ("二", "basically_satisfied"), ("三", "satisfied")):
        case = _assign(world, registered(title))
        _reply(world, case)
        _evaluate(world, case, result)
    with django_assert_max_num_queries(2):  # the aggregate, then the units' names
        rows = stats.by_unit()
    row = next(r for r in rows if r["unit_name"] == world.unit.name)
    assert (row["total"], row["completed"], row["eval_satisfied"], row["satisfaction_rate"]) == (
        3,
        3,
        2,
        1.0,
    )
    assert Evaluation.objects.count() == 3
    assert Assignment.objects.count() == 3


def test_statistics_count_an_item_under_its_current_lead_unit_only(world, registered, client_for):
    """A returned item counts under no unit until reassigned, then under the new one."""
    case = _assign(world, registered())
    assisting = OrganisationFactory(name="协办局")
    services.return_assignment(
        case.assignments.get(role="lead"),
        reason="不属于本单位职责",
        actor=world.users["unit_handler"],
    )
    assert [r["total"] for r in stats.by_unit() if r["unit_name"] == world.unit.name] == []
    other = OrganisationFactory(name="正确单位")
    services.reassign_case(
        case, lead_unit=other, assisting_units=[assisting], actor=world.users["office_staff"]
    )
    assert [(r["unit_name"], r["total"]) for r in stats.by_unit()] == [("正确单位", 1)]
    office = client_for("office_staff")
    row = office.get("/api/v1/cases/").json()["results"][0]
    assert (row["lead_unit"], row["lead_unit_name"]) == (other.pk, "正确单位")
    assert "正确单位" in office.get("/handling/cases/").content.decode()


def test_statistics_name_many_units_from_one_read_of_the_units(world, registered, monkeypatch):
    monkeypatch.setattr(stats, "UNITS_BY_KEY", 1)  # as if there were hundreds
    _assign(world, registered("甲"))
    services.assign_case(
        registered("乙"), lead_unit=world.other_unit, actor=world.users["office_staff"]
    )
    rows = stats.by_unit()
    assert [(r["unit_name"], r["total"]) for r in rows] == sorted(
        [(world.unit.name, 1), (world.other_unit.name, 1)],
        key=lambda r: Organisation.objects.get(name=r[0]).code,
    )


def test_statistics_page_and_api_break_down_by_unit_delegation_and_category(
    world, registered, client_for
):
    case = _assign(world, registered())
    _reply(world, case)
    _evaluate(world, case, "satisfied")
    page = client_for("leader").get("/handling/statistics/", {"year": 2023})
    assert page.status_code == 200
    body = page.content.decode()
    assert world.unit.name in body and world.deputy.delegation.name in body
    data = client_for("leader").get("/api/v1/handling/statistics/", {"year": 2023}).json()
    assert data["totals"]["completed"] == 1
    assert data["by_delegation"][0]["label"] == world.deputy.delegation.name
    assert client_for("leader").get("/handling/statistics/", {"year": "abc"}).status_code == 400
    assert client_for("unit_handler").get("/handling/statistics/").status_code == 403


def test_the_statistics_page_shows_the_units_a_page_at_a_time(
    world, registered, client_for, monkeypatch
):
    from renda.handling import views

    monkeypatch.setattr(views, "STATISTICS_UNITS_PER_PAGE", 1)
    _assign(world, registered("甲"))
    services.assign_case(
        registered("乙"), lead_unit=world.other_unit, actor=world.users["office_staff"]
    )
    leader = client_for("leader")
    first = leader.get("/handling/statistics/", {"year": 2023}).content.decode()
    second = leader.get("/handling/statistics/", {"year": 2023, "page": 2}).content.decode()
    assert (world.unit.name in first) != (world.unit.name in second)
    assert (world.other_unit.name in first) != (world.other_unit.name in second)
    assert 'id="unit-pages"' in first and "page=2" in first
    export = leader.get("/handling/statistics/", {"year": 2023, "format": "xlsx"})
    assert export.status_code == 200  # every unit, whatever the page


def test_reply_attachments_are_checked(world, registered):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = _assign(world, registered())
    with pytest.raises(ValidationError):
        _reply(world, case, attachments=[SimpleUploadedFile("x.exe", b"MZ")])
    reply = _reply(world, case, attachments=[SimpleUploadedFile("答复.pdf", b"%PDF-1.4")])
    assert reply.attachments.get().name == "答复.pdf"


def test_notices_reach_the_to_do_list_and_leave_it_once_read(
    world, registered, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = _assign(world, registered("待读通知"))
    unit = client_for("unit_handler")
    assert "待读通知" in unit.get("/").content.decode()
    unit.get(f"/handling/cases/{case.pk}/")
    assert not Notice.objects.filter(
        case=case, recipient_unit=world.unit, read_at__isnull=True
    ).exists()


@pytest.mark.parametrize("year", ["0.0", "0", "abc", "99999", "2023.5"])
def test_bad_year_filters_are_400_not_500(world, client_for, year):
    assert client_for("office_staff").get("/api/v1/cases/", {"year": year}).status_code == 400


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/cases/", {"unit": "1e30"}),
        ("/api/v1/suggestions/", {"session": "99999999999999999999999"}),
        ("/api/v1/suggestions/", {"delegation": "-1"}),
        ("/api/v1/deputies/", {"term": "1.5"}),
    ],
)
def test_bad_id_filters_are_400_not_500(world, client_for, url, params):
    assert client_for("office_staff").get(url, params).status_code == 400


def test_a_decision_of_the_committee_closes_a_case_before_any_reply(world, registered):
    case = _assign(world, registered("被决定终结的事项"))
    office = world.users["office_staff"]
    with pytest.raises(ValidationError):
        services.close_by_decision(case, reason=" ", actor=office)
    case.refresh_from_db()
    assert case.state == S.ASSIGNED
    services.close_by_decision(case, reason="常委会表决撤销该文件", actor=office)
    case.refresh_from_db()
    assert case.state == S.COMPLETED and case.completed_at is not None
    assert not case.assignments.exclude(state="closed").exists()
    with pytest.raises(InvalidTransition):
        services.close_by_decision(case, reason="again", actor=office)


def test_the_api_case_list_stops_counting_at_its_limit(world, registered, monkeypatch):
    from rest_framework.test import APIClient

    from renda.core.api_support import CappedPagination

    monkeypatch.setattr(CappedPagination, "count_limit", 2)
    for title in ("甲", "乙", "丙", "丁"):
        registered(title)
    client = APIClient()
    client.force_authenticate(world.users["office_staff"])
    body = client.get("/api/v1/cases/", {"page_size": 3}).json()
    assert (body["count"], body["count_is_capped"]) == (3, True)
    assert [row["title"] for row in body["results"]] == ["丁", "丙", "乙"]
    assert body["next"]  # a capped count is not the end of the list
    second = client.get(body["next"]).json()
    assert [row["title"] for row in second["results"]] == ["甲"] and not second["next"]
    assert client.get("/api/v1/cases/", {"page_size": 3, "page": 3}).status_code == 404
    narrowed = client.get("/api/v1/cases/", {"state": "registered", "year": 1999}).json()
    assert (narrowed["count"], narrowed["count_is_capped"]) == (0, False)
