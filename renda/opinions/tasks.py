"""Background work of the intake: an opinion is indexed for search and similar items
and routed to a unit after the citizen already has their tracking code, so that the
submission itself stays as quick as a bare insert (issue 4's intake goal).

With a task worker, one sweep serves every opinion still pending when it starts: a busy
intake queues at most one sweep every half ``SWEEP_WINDOW`` per process instead of a
task row per opinion. An opinion stays pending (``routing``) until it is routed, so a
sweep that never ran (a crash between the commit and the queueing) is made good by the
next one."""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from renda.opinions.models import PublicOpinion

logger = logging.getLogger(__name__)

# A sweep starts this long after it is queued; commits in the first half of that wait
# rely on it instead of queueing another. The other half is the margin for a worker
# whose clock runs a little ahead.
SWEEP_WINDOW = dt.timedelta(seconds=1)
_queued_sweep_starts_at: dt.datetime | None = None
SWEEP_BATCH = 200


@task()
def index_and_route(opinion_id: int) -> None:
    opinion = PublicOpinion.objects.filter(pk=opinion_id).first()
    if opinion is not None:
        _index_and_route(opinion)


@task()
def index_and_route_pending() -> int:
    """Index and route every opinion not routed yet, in the order they came; the number
    done. Batches are read by key, not through an open cursor: routing an opinion
    takes it out of the pending set being read."""
    done, last = 0, 0
    pending = PublicOpinion.objects.filter(routing=PublicOpinion.Routing.PENDING)
    while batch := list(pending.filter(pk__gt=last).order_by("pk")[:SWEEP_BATCH]):
        for opinion in batch:
            try:
                _index_and_route(opinion)
            except Exception:  # one opinion's failure must not hold up the others
                logger.exception("Indexing and routing public opinion %s failed", opinion.pk)
            else:
                done += 1
        last = batch[-1].pk
    return done


def _index_and_route(opinion: PublicOpinion) -> None:
    from renda.opinions import routing, services

    services.index_opinion(opinion)
    if opinion.routing == PublicOpinion.Routing.PENDING:
        try:
            routing.route_opinion(opinion, only_pending=True)
        except ValidationError:
            pass  # staff decided where it goes meanwhile: their choice stands


def queue_background_work(opinion: PublicOpinion) -> None:
    """Called inside the intake's transaction."""
    if not default_task_backend.supports_defer:
        # tasks run inside the request (RENDA_TASKS=immediate): this opinion, at once
        index_and_route.enqueue(opinion.pk)
        return
    transaction.on_commit(_queue_sweep)


def _queue_sweep() -> None:
    global _queued_sweep_starts_at
    now = timezone.now()
    # this opinion is committed: a sweep that starts later than now will take it
    if _queued_sweep_starts_at is not None and now < _queued_sweep_starts_at - SWEEP_WINDOW / 2:
        return
    starts_at = now + SWEEP_WINDOW
    try:
        index_and_route_pending.using(run_after=starts_at).enqueue()
    except Exception:  # the opinion is stored: the next sweep takes it
        logger.exception("Queueing the sweep of pending public opinions failed")
        return
    _queued_sweep_starts_at = starts_at
