import datetime as dt

import pytest

from renda.core import clock
from renda.core.models import Session
from renda.suggestions import services as suggestion_services
from renda.suggestions.models import Suggestion


class Today:
    def __init__(self, monkeypatch, start):
        self.value = start
        monkeypatch.setattr(clock, "today", lambda: self.value)

    def advance(self, days: int) -> dt.date:
        self.value += dt.timedelta(days=days)
        return self.value


@pytest.fixture
def today(monkeypatch):
    return Today(monkeypatch, dt.date(2023, 3, 1))


@pytest.fixture
def session(world):
    return Session.objects.get_or_create(
        term=world.term, body="congress", number=1, defaults={"start_date": dt.date(2023, 1, 6)}
    )[0]


@pytest.fixture
def registered(world, session, today):
    """A registered suggestion of the world's deputy; returns its case."""

    def make(title="关于改善公交线路的建议", **register_kwargs):
        item = Suggestion.objects.create(
            session=session,
            title=title,
            text="……",
            category="urban",
            lead_deputy=world.deputy,
            state=Suggestion.State.SUBMITTED,
        )
        suggestion_services.register(item, actor=world.users["office_staff"], **register_kwargs)
        item.refresh_from_db()
        return item.case

    return make
