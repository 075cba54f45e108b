"""Public opinions in the access matrix. The opinion the URLs point at was raised by a
citizen whose name, phone and address are the leak markers: only registrars may see
them whole (R91); a unit handler, to whom it is not assigned, sees no trace of it.
(It stays unassigned: which unit handles an opinion is public, on Open311 too, and the
other unit's name carries a marker.)"""

from renda.core.tests.access_roles import COMMITTEE, NOBODY, PUBLIC, REGISTRARS
from renda.core.tests.factories import OTHER_DEPUTY_ADDRESS, OTHER_DEPUTY_MOBILE, OTHER_UNIT_MARK
from renda.opinions.tests import access_policy_open311 as open311

POLICY = {
    "opinions:list": COMMITTEE | {"unit_handler", "deputy"},
    "opinions:create": REGISTRARS | {"deputy"},
    "opinions:hot-topics": COMMITTEE,
    "opinions:export-personal": NOBODY,  # POST only
    "opinions:photo": COMMITTEE,
    "opinions:detail": COMMITTEE,
    "opinions:escalate": NOBODY,  # POST only
    "opinions:act": NOBODY,  # POST only
    "portal-opinions:submit": PUBLIC,
    "portal-opinions:track": PUBLIC,
    "portal-opinions:evaluate": NOBODY,  # POST only
    "api:opinion-list": COMMITTEE | {"unit_handler", "deputy"},
    "api:opinion-detail": COMMITTEE,
    "api:opinion-assign": NOBODY,
    "api:opinion-merge": NOBODY,
    "api:opinion-callback": NOBODY,
    "api:opinion-escalate": NOBODY,
    "api:opinion-similar": REGISTRARS,
    "api:opinion-track": NOBODY,  # POST only
    "api:opinion-evaluate": NOBODY,  # POST only
    "api:opinion-hot-topics": COMMITTEE,
    **open311.POLICY,
}

POST_POLICY = {
    "opinions:create": REGISTRARS | {"deputy"},
    "opinions:export-personal": REGISTRARS,
    "opinions:act": REGISTRARS,
    "portal-opinions:submit": PUBLIC,
    "portal-opinions:track": PUBLIC,
    "portal-opinions:evaluate": PUBLIC,
    "api:opinion-list": PUBLIC,
    "api:opinion-assign": REGISTRARS,
    "api:opinion-merge": REGISTRARS,
    "api:opinion-callback": REGISTRARS,
    "api:opinion-escalate": frozenset({"deputy"}),
    "api:opinion-track": PUBLIC,
    "api:opinion-evaluate": PUBLIC,
    **open311.POST_POLICY,
}

_OPINION = lambda w: {"pk": w.other_opinion.pk}  # noqa: E731

URL_ARGS = {
    "opinions:detail": _OPINION,
    "opinions:escalate": _OPINION,
    "opinions:act": lambda w: {"pk": w.other_opinion.pk, "action": "assign"},
    "opinions:photo": lambda w: {"pk": w.other_opinion.photos.first().pk},
    "api:opinion-detail": _OPINION,
    "api:opinion-assign": _OPINION,
    "api:opinion-merge": _OPINION,
    "api:opinion-callback": _OPINION,
    "api:opinion-escalate": _OPINION,
    "api:opinion-similar": _OPINION,
    **open311.URL_ARGS,
}


def prepare(world) -> None:
    """The other unit's opinion, made from the rows so the matrix does not depend on
    routing or indexing."""
    from django.core.files.base import ContentFile

    from renda.core import clock
    from renda.handling import services as handling
    from renda.handling.models import Kind
    from renda.opinions.models import OpinionPhoto, PublicOpinion

    office = world.users["office_staff"]
    case = handling.open_case(
        Kind.PUBLIC_OPINION, title="他单位的社情民意", reference="SQMATRIX0001", actor=office
    )
    opinion = PublicOpinion.objects.create(
        case=case,
        tracking_code="SQMATRIX23",
        channel="portal",
        category="urban",
        text="小区门口路灯不亮，夜间出行不便，请尽快修复。",
        submitter_name=OTHER_UNIT_MARK,
        submitter_phone=OTHER_DEPUTY_MOBILE,
        submitter_address=OTHER_DEPUTY_ADDRESS,
        submitted_at=clock.now(),
    )
    OpinionPhoto.objects.create(
        opinion=opinion, file=ContentFile(b"\x89PNG\r\n\x1a\n0000", name="p.png"), name="p.png"
    )
    world.other_opinion = opinion
    open311.prepare(world)
