"""The intake's background work (renda/opinions/tasks.py) on the database task backend,
as `make demo` and production run it: the citizen has their tracking code at once; the
worker indexes and routes the opinion afterwards."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from renda.core.models import Organisation
from renda.opinions import services
from renda.opinions.models import PublicOpinion
from renda.opinions.search import search_opinions

# The worker manages its own database connections (it closes them between tasks), as it
# does in production: these tests commit for real instead of running in a rolled-back
# transaction.
pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "小区门口的路灯坏了一个月，晚上出行很不安全。"


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKENDS["database"]}}


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
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    opinion.refresh_from_db()
    assert opinion.routing == PublicOpinion.Routing.MANUAL  # no router trained: the office
    assert _found(opinion)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_worker_keeps_a_staff_decision_taken_meanwhile(database_tasks):
    opinion = _submit()
    PublicOpinion.objects.filter(pk=opinion.pk).update(routing=PublicOpinion.Routing.CORRECTED)

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    opinion.refresh_from_db()
    assert opinion.routing == PublicOpinion.Routing.CORRECTED
    assert _found(opinion)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_same_client_token_queues_no_second_task(database_tasks):
    _submit("same")
    _submit("same")
    assert DBTaskResult.objects.count() == 1


def _api_submit(**extra):
    body = {"text": TEXT, "category": "transport", **extra}
    return APIClient().post(reverse("api:opinion-list"), body, format="json")


def test_an_intake_costs_a_fixed_few_queries(world, database_tasks, django_assert_max_num_queries):
    district = Organisation.objects.create(code="D-Q", name="测试区", kind="district")
    _api_submit(district=district.pk)  # reads the districts once
    # in one transaction: the case, the opinion, its task and two audit rows; no lookup
    with django_assert_max_num_queries(7):
        assert _api_submit(district=district.pk, client_token="q-1").status_code == 201
