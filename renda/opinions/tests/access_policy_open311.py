"""Open311 GeoReport v2 URLs for the access matrix (to be merged into access_policy.py).

Public endpoints: every role, anonymous included, reads them. The opinion they point at
carries the other deputy's leak markers as its submitter's phone and address, so the
matrix proves that no Open311 answer shows personal data (R91)."""

from renda.core.tests.access_roles import NOBODY, PUBLIC
from renda.core.tests.factories import OTHER_DEPUTY_ADDRESS, OTHER_DEPUTY_MOBILE

OPEN311_TOKEN = "matrix-token-1"

POLICY = {
    "open311:discovery": PUBLIC,
    "open311:services": PUBLIC,
    "open311:service": PUBLIC,
    "open311:requests": PUBLIC,
    "open311:request": PUBLIC,
    "open311:token": PUBLIC,
    "open311:unknown": NOBODY,  # any other path: the spec's 404
}

# Anyone may POST a request (a machine client, no session); the matrix's form has no
# api_key, so it is refused with 403 and stores nothing.
POST_POLICY = {"open311:requests": PUBLIC}

URL_ARGS = {
    "open311:discovery": lambda w: {"fmt": "json"},
    "open311:services": lambda w: {"fmt": "json"},
    "open311:service": lambda w: {"code": "urban", "fmt": "xml"},
    "open311:requests": lambda w: {"fmt": "json"},
    "open311:request": lambda w: {"code": w.open311_opinion.tracking_code, "fmt": "json"},
    "open311:token": lambda w: {"token": OPEN311_TOKEN, "fmt": "xml"},
    "open311:unknown": lambda w: {"rest": "requests"},
}


def prepare(world) -> None:
    """An Open311 opinion whose submitter's data are the other deputy's leak markers.
    Made from the rows directly: the matrix does not depend on routing or indexing."""
    from renda.core import clock
    from renda.handling import services as handling
    from renda.handling.models import Kind
    from renda.opinions.models import Channel, PublicOpinion
    from renda.opinions.services import new_tracking_code

    code = new_tracking_code()
    case = handling.open_case(Kind.PUBLIC_OPINION, title="路灯不亮", reference=code, actor=None)
    world.open311_opinion = PublicOpinion.objects.create(
        case=case,
        tracking_code=code,
        client_token=OPEN311_TOKEN,
        channel=Channel.OPEN311,
        category="urban",
        text="建设路与中兴路交叉口的路灯已经一周不亮了。",
        location="建设路与中兴路交叉口",
        submitter_name="泄露测试人",
        submitter_phone=OTHER_DEPUTY_MOBILE,
        submitter_email="leak@example.org",
        submitter_address=OTHER_DEPUTY_ADDRESS,
        submitted_at=clock.now(),
    )
