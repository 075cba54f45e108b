"""Who may open the personnel app's URLs (see renda/core/tests/test_access_matrix.py):
the office prepares (REGISTRARS), the committee side views (COMMITTEE), nobody else.
Object URLs point at a sworn appointment of a prepared bill and its ceremony."""

import datetime as dt

from renda.core.tests.access_roles import COMMITTEE, NOBODY, REGISTRARS

POLICY = {
    "personnel:bill-list": COMMITTEE,
    "personnel:bill-create": REGISTRARS,
    "personnel:bill-detail": COMMITTEE,
    "personnel:bill-act": NOBODY,  # POST only
    "personnel:item-list": COMMITTEE,
    "personnel:item-act": NOBODY,  # POST only
    "personnel:item-certificate": COMMITTEE,
    "personnel:ceremony-list": COMMITTEE,
    "personnel:ceremony-create": REGISTRARS,
    "personnel:ceremony-detail": COMMITTEE,
    "api:appointment-bill-list": COMMITTEE,
    "api:appointment-bill-detail": COMMITTEE,
    "api:appointment-bill-add-item": NOBODY,
    "api:appointment-bill-deliberate": NOBODY,
    "api:appointment-bill-put-to-vote": NOBODY,
    "api:appointment-bill-votes": NOBODY,
    "api:appointment-bill-conclude": NOBODY,
    "api:appointment-list": COMMITTEE,
    "api:appointment-detail": COMMITTEE,
    "api:appointment-statement": NOBODY,
    "api:appointment-issue-certificate": NOBODY,
    "api:appointment-certificate": COMMITTEE,
    "api:appointment-withdraw": NOBODY,
    "api:oath-ceremony-list": COMMITTEE,
    "api:oath-ceremony-detail": COMMITTEE,
}

POST_POLICY = {
    "personnel:bill-act": REGISTRARS,
    "personnel:item-act": REGISTRARS,
    "api:appointment-bill-list": REGISTRARS,
    "api:appointment-bill-add-item": REGISTRARS,
    "api:appointment-bill-deliberate": REGISTRARS,
    "api:appointment-bill-put-to-vote": REGISTRARS,
    "api:appointment-bill-votes": REGISTRARS,
    "api:appointment-bill-conclude": REGISTRARS,
    "api:appointment-statement": REGISTRARS,
    "api:appointment-issue-certificate": REGISTRARS,
    "api:appointment-withdraw": REGISTRARS,
    "api:oath-ceremony-list": REGISTRARS,
}

_bill = lambda w: {"pk": w.appointment_bill.pk}  # noqa: E731
_item = lambda w: {"pk": w.appointment_item.pk}  # noqa: E731
URL_ARGS = {
    "personnel:bill-detail": _bill,
    "personnel:bill-act": lambda w: {"pk": w.appointment_bill.pk, "action": "deliberate"},
    "personnel:item-act": lambda w: {"pk": w.appointment_item.pk, "action": "statement"},
    "personnel:item-certificate": _item,
    "personnel:ceremony-detail": lambda w: {"pk": w.oath_ceremony.pk},
    "api:oath-ceremony-detail": lambda w: {"pk": w.oath_ceremony.pk},
    **{
        f"api:appointment-bill-{name}": _bill
        for name in ("detail", "add-item", "deliberate", "put-to-vote", "votes", "conclude")
    },
    **{
        f"api:appointment-{name}": _item
        for name in ("detail", "statement", "issue-certificate", "certificate", "withdraw")
    },
}


def prepare(world) -> None:
    """A bill voted by the world's one committee member (1 of 1: more than half), the
    appointment certified and sworn."""
    from renda.core.models import CommitteeMember, Session
    from renda.personnel import services
    from renda.personnel.models import Nominator

    office = world.users["office_staff"]
    day = dt.date(2023, 2, 24)
    session, _ = Session.objects.get_or_create(
        term=world.term,
        body=Session.Body.STANDING_COMMITTEE,
        number=2,
        defaults={"start_date": day},
    )
    from renda.meetings.models import SessionDetails

    # opened with its quorum (the meetings app's own tests walk that)
    SessionDetails.objects.update_or_create(
        session=session, defaults={"state": SessionDetails.State.OPEN}
    )
    bill = services.create_bill(
        term=world.term,
        session=session,
        title="矩阵测试任免案",
        nominator=Nominator.MAYOR,
        submitted_on=day,
        items=[{"action": "appoint", "person_name": "矩阵任命", "post": "市统计局局长"}],
        actor=office,
    )
    item = bill.items.get()
    services.deliberate(bill, on=day, actor=office)
    services.record_statement(item, on=day, actor=office)
    (ballot,) = services.put_to_vote(bill, held_on=day, actor=office)
    member = CommitteeMember.objects.filter(term=world.term).first().person
    services.record_votes(ballot, entries=[(member, "yes")], actor=office)
    services.conclude_vote(bill, actor=office)
    item = services.issue_certificate(item, on=day, actor=office)
    ceremony = services.record_ceremony(held_on=day, place="会议室", items=[item], actor=office)
    world.appointment_bill, world.appointment_item, world.oath_ceremony = bill, item, ceremony
