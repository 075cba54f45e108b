"""The intake's background work (renda/opinions/tasks.py) on the database task backend,
as `make demo` and production run it: the citizen has their tracking code at once; the
worker indexes and routes the opinion afterwards, in one sweep for many."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from renda.core.models import Organisation
from renda.opinions import services, tasks
from renda.opinions.models import PublicOpinion
from renda.opinions.search import search_opinions

# The worker manages its own database connections (it closes them between tasks), as it
# does in production: these tests commit for real instead of running in a rolled-back
# transaction.
pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "小区门口的路灯坏了一个月，晚上出行很不安全。"


@pytest.fixture
def database_tasks(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKENDS["database"]}}
    # a sweep queued by another test of this process is not in this test's database
    monkeypatch.setattr(tasks, "_queued_sweep_starts_at", None)


def _run_worker() -> None:
    # the sweep's start, a second after it was queued, has come
    DBTaskResult.objects.update(run_after=timezone.now())
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def _found(opinion: PublicOpinion) -> bool:
    return search_opinions(PublicOpinion.objects.filter(pk=opinion.pk), "路灯").exists()


def _submit(client_token: str = "t-1") -> PublicOpinion:  # noqa: S107 (no secret)
    opinion, _created = services.submit_opinion(
        text=TEXT, category="urban", channel="portal", client_token=client_token
    )
    return opinion


def test_a_submission_is_queued_then_indexed_and_routed_by_the_worker(database_tasks):
    opinion = _submit()
    assert opinion.tracking_code
    opinion.refresh_from_db()
    assert opinion.routing == PublicOpinion.Routing.PENDING
    assert not _found(opinion)
    sweep = DBTaskResult.objects.get(status="READY")
    assert sweep.run_after > sweep.enqueued_at  # it waits for the submissions that follow

    _run_worker()
    opinion.refresh_from_db()
    assert opinion.routing == PublicOpinion.Routing.MANUAL  # no router trained: the office
    assert _found(opinion)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_submissions_close_together_share_one_sweep(database_tasks):
    opinions = [_submit(f"t-{n}") for n in range(3)]
    assert DBTaskResult.objects.count() == 1

    _run_worker()

    for opinion in opinions:
        opinion.refresh_from_db()
        assert opinion.routing == PublicOpinion.Routing.MANUAL
        assert _found(opinion)


def test_a_submission_after_the_window_queues_the_next_sweep(database_tasks, monkeypatch):
    _submit("t-1")
    later = timezone.now() + dt.timedelta(seconds=0.6)
    monkeypatch.setattr(tasks.timezone, "now", lambda: later)
    _submit("t-2")
    assert DBTaskResult.objects.count() == 2  # the first may already be under way


def test_a_sweep_takes_every_batch_and_goes_past_a_failure(database_tasks, monkeypatch):
    opinions = [_submit(f"t-{n}") for n in range(5)]
    monkeypatch.setattr(tasks, "SWEEP_BATCH", 2)
    real = tasks._index_and_route

    def fail_on_the_second(opinion):
        if opinion.pk == opinions[1].pk:
            raise RuntimeError("the router broke")
        real(opinion)

    monkeypatch.setattr(tasks, "_index_and_route", fail_on_the_second)

    assert tasks.index_and_route_pending.call() == 4

    routing = dict(PublicOpinion.objects.values_list("pk", "routing"))
    assert routing.pop(opinions[1].pk) == PublicOpinion.Routing.PENDING  # the next sweep's
    assert set(routing.values()) == {PublicOpinion.Routing.MANUAL}


def test_an_opinion_missed_by_its_sweep_is_taken_by_the_next(database_tasks):
    opinion = _submit("t-1")
    DBTaskResult.objects.all().delete()  # the process died before queueing its sweep
    tasks._queued_sweep_starts_at = None
    _submit("t-2")

    _run_worker()

    opinion.refresh_from_db()
    assert opinion.routing == PublicOpinion.Routing.MANUAL
    assert _found(opinion)


def test_a_staff_decision_taken_before_the_sweep_stands_and_is_indexed(database_tasks, world):
    opinion = _submit()
    services.assign_opinion(opinion, lead_unit=world.unit, actor=world.users["office_staff"])
    assert _found(opinion)  # the sweep takes only pending opinions

    _run_worker()

    opinion.refresh_from_db()
    assert opinion.routing == PublicOpinion.Routing.CORRECTED
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_sweep_leaves_an_opinion_another_sweep_routed(database_tasks):
    opinion = _submit()
    PublicOpinion.objects.filter(pk=opinion.pk).update(routing=PublicOpinion.Routing.SUGGESTED)

    from renda.opinions import routing

    routing.route_opinion(opinion, only_pending=True)

    opinion.refresh_from_db()
    assert opinion.routing == PublicOpinion.Routing.SUGGESTED


def test_the_same_client_token_queues_no_second_task(database_tasks):
    _submit("same")
    tasks._queued_sweep_starts_at = None  # even with no sweep queued since
    _submit("same")
    assert DBTaskResult.objects.count() == 1


def _api_submit(**extra):
    body = {"text": TEXT, "category": "transport", **extra}
    return APIClient().post(reverse("api:opinion-list"), body, format="json")


def test_an_intake_costs_a_fixed_few_queries(world, database_tasks, django_assert_max_num_queries):
    district = Organisation.objects.create(code="D-Q", name="测试区", kind="district")
    _api_submit(district=district.pk)  # reads the districts once
    # in one transaction: the case, the opinion and two audit rows; no lookup, and the
    # sweep queued by the first submission serves this one too
    with django_assert_max_num_queries(6):
        assert _api_submit(district=district.pk, client_token="q-1").status_code == 201
