"""URLs of consultations in the access matrix (renda/core/tests/test_access_matrix.py).

The office (REGISTRARS) runs consultations, decides adoption and registers contact
points; the committee side reads; an expert sees the list of the consultations they
are invited to (none here) and no single one; the portal's pages and public endpoints
are open to anyone. Object URLs point at an open consultation with one comment and at
a contact point no world user acts for."""

from renda.core.tests.access_roles import COMMITTEE, NOBODY, PUBLIC, REGISTRARS, WITH_ROLE

LIST_READERS = COMMITTEE | {"expert"}

POLICY = {
    "consultations:list": LIST_READERS,
    "consultations:create": REGISTRARS,
    "consultations:detail": COMMITTEE,
    "consultations:act": NOBODY,  # POST only
    "consultations:summary": COMMITTEE,
    "consultations:point-list": COMMITTEE,
    "consultations:point-create": REGISTRARS,
    "consultations:point-detail": COMMITTEE,
    "consultations:point-edit": REGISTRARS,
    "consultations:point-comment": REGISTRARS,
    "consultations-portal:list": PUBLIC,
    "consultations-portal:detail": PUBLIC,
    "consultations-portal:comment": NOBODY,  # POST only
    "consultations-portal:track": PUBLIC,
    "api:consultation-list": LIST_READERS,
    "api:consultation-detail": COMMITTEE,
    "api:consultation-open": NOBODY,
    "api:consultation-close": NOBODY,
    "api:consultation-conclude": NOBODY,
    "api:consultation-provisions": COMMITTEE,
    "api:consultation-comment-list": LIST_READERS,
    "api:consultation-comment-detail": COMMITTEE,
    "api:consultation-comment-adoption": NOBODY,
    "api:consultation-comment-group": NOBODY,
    "api:contact-point-list": WITH_ROLE,
    "api:contact-point-detail": COMMITTEE,
    "api:public-consultation-list": PUBLIC,
    "api:public-consultation-detail": PUBLIC,
    "api:public-consultation-comment": NOBODY,  # POST only
    "api:public-consultation-track": NOBODY,  # POST only
}

POST_POLICY = {
    "consultations:create": REGISTRARS,
    "consultations:act": REGISTRARS,
    "consultations:point-create": REGISTRARS,
    "consultations:point-edit": REGISTRARS,
    "consultations:point-comment": REGISTRARS,
    "consultations-portal:comment": PUBLIC,
    "consultations-portal:track": PUBLIC,
    "api:consultation-list": REGISTRARS,
    "api:consultation-open": REGISTRARS,
    "api:consultation-close": REGISTRARS,
    "api:consultation-conclude": REGISTRARS,
    "api:consultation-comment-list": LIST_READERS,  # refused by validation or 403
    "api:consultation-comment-adoption": REGISTRARS,
    "api:consultation-comment-group": REGISTRARS,
    "api:contact-point-list": REGISTRARS,
    "api:public-consultation-comment": PUBLIC,
    "api:public-consultation-track": PUBLIC,
}

_consultation = lambda w: {"pk": w.consultation.pk}  # noqa: E731
_comment = lambda w: {"pk": w.consultation_comment.pk}  # noqa: E731
_point = lambda w: {"pk": w.contact_point.pk}  # noqa: E731
URL_ARGS = {
    "consultations:detail": _consultation,
    "consultations:act": lambda w: {"pk": w.consultation.pk, "action": "close"},
    "consultations:summary": _consultation,
    "consultations:point-detail": _point,
    "consultations:point-edit": _point,
    "consultations:point-comment": _point,
    "consultations-portal:detail": _consultation,
    "consultations-portal:comment": _consultation,
    "api:consultation-detail": _consultation,
    "api:consultation-open": _consultation,
    "api:consultation-close": _consultation,
    "api:consultation-conclude": _consultation,
    "api:consultation-provisions": _consultation,
    "api:consultation-comment-detail": _comment,
    "api:consultation-comment-adoption": _comment,
    "api:consultation-comment-group": _comment,
    "api:contact-point-detail": _point,
    "api:public-consultation-detail": _consultation,
    "api:public-consultation-comment": _consultation,
}

TEXT = "矩阵征求意见条例\n第一条　为了测试，制定本条例。\n第二条　本条例自公布之日起施行。\n"


def prepare(world) -> None:
    import datetime as dt

    from renda.consultations import services
    from renda.consultations.models import Channel, ContactPoint
    from renda.core import clock
    from renda.legislation import services as legislation

    office = world.users["office_staff"]
    legal_text = legislation.create_text(title="矩阵征求意见条例", kind="other", actor=office)
    version = legislation.add_version(legal_text, text=TEXT, label="征求意见稿", actor=office)
    today = clock.today()
    consultation = services.create_consultation(
        version=version,
        title="矩阵征求意见",
        opens_on=today,
        closes_on=today + dt.timedelta(days=30),
        channels=[Channel.PORTAL, Channel.CONTACT_POINT, Channel.BODY],
        bodies=[world.other_unit],
        actor=office,
    )
    services.open_consultation(consultation, actor=office)
    world.contact_point = services.create_contact_point(
        actor=office,
        kind=ContactPoint.Kind.CONTACT_POINT,
        name="矩阵基层立法联系点",
        area="矩阵街道",
        designated_on=today,
    )
    world.consultation = consultation
    world.consultation_comment, _created = services.add_comment(
        consultation,
        text="建议第一条写明立法目的。",
        provision="art_1",
        channel=Channel.CONTACT_POINT,
        contact_point=world.contact_point,
        citizen_name="王某",
        citizen_contact="13900000000",
        actor=office,
    )
