"""GET /api/v1/export/popolo.json: the open-data export in Popolo JSON.

Who may read it: everyone, without an account. It carries only what the congress
publishes anyway — the names and gender of deputies, committee members and appointed
officials, the bodies of the congress side, who holds which post, and the published
results of roll-call votes with each member's vote (see ``renda.reports.popolo``).
Anonymous clients are throttled per address, since one request reads every deputy and
every roll-call vote; logged-in users are not."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import (
    api_view,
    permission_classes,
    renderer_classes,
    throttle_classes,
)
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from renda.reports.popolo import build_document


class OpenDataThrottle(AnonRateThrottle):
    scope = "open_data"
    rate = "30/hour"


# --- the schema of the document, for the OpenAPI description only --------------------
class _Name(serializers.Serializer):
    name = serializers.CharField()


class _Identifier(serializers.Serializer):
    scheme = serializers.CharField()
    identifier = serializers.CharField()


class PopoloPerson(serializers.Serializer):
    id = serializers.CharField(help_text="person/<pk>")
    name = serializers.CharField()
    gender = serializers.CharField(required=False, help_text="male or female")


class PopoloOrganization(serializers.Serializer):
    id = serializers.CharField(help_text="organization/<pk>")
    name = serializers.CharField()
    other_names = _Name(many=True, required=False)
    identifiers = _Identifier(many=True, required=False)
    classification = serializers.CharField(help_text="congress, standing_committee, delegation…")
    parent_id = serializers.CharField(required=False)


class PopoloMembership(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField(required=False)
    role = serializers.CharField(required=False)
    person_id = serializers.CharField()
    organization_id = serializers.CharField(required=False)
    on_behalf_of_id = serializers.CharField(required=False, help_text="the deputy's delegation")
    post_id = serializers.CharField(required=False)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False)
    legislative_period_id = serializers.CharField(required=False, help_text="event/term/<pk>")


class PopoloPost(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()
    role = serializers.CharField()
    organization_id = serializers.CharField()


class PopoloEvent(serializers.Serializer):
    id = serializers.CharField(help_text="event/term/<pk> or event/session/<pk>")
    name = serializers.CharField()
    classification = serializers.CharField(help_text="legislative period or session")
    organization_id = serializers.CharField()
    parent_id = serializers.CharField(required=False)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False)


class PopoloMotion(serializers.Serializer):
    id = serializers.CharField(help_text="motion/<ballot pk>")
    organization_id = serializers.CharField()
    legislative_session_id = serializers.CharField(required=False)
    text = serializers.CharField()
    identifier = serializers.CharField()
    date = serializers.DateTimeField(required=False)
    requirement = serializers.CharField()
    result = serializers.CharField(required=False, help_text="pass or fail")


class PopoloCount(serializers.Serializer):
    option = serializers.CharField(help_text="yes, no, abstain, not voting or absent")
    value = serializers.IntegerField()


class PopoloVote(serializers.Serializer):
    voter_id = serializers.CharField()
    option = serializers.CharField(help_text="yes, no, abstain, not voting or absent")
    group_id = serializers.CharField(required=False, help_text="the deputy's delegation")


class PopoloVoteEvent(serializers.Serializer):
    id = serializers.CharField(help_text="vote_event/<ballot pk>")
    identifier = serializers.CharField()
    motion_id = serializers.CharField()
    organization_id = serializers.CharField()
    legislative_session_id = serializers.CharField(required=False)
    classification = serializers.CharField()
    start_date = serializers.DateTimeField(required=False)
    end_date = serializers.DateTimeField(required=False)
    result = serializers.CharField(required=False, help_text="pass or fail")
    counts = PopoloCount(many=True)
    votes = PopoloVote(many=True)


class PopoloExport(serializers.Serializer):
    persons = PopoloPerson(many=True)
    organizations = PopoloOrganization(many=True)
    memberships = PopoloMembership(many=True)
    posts = PopoloPost(many=True)
    events = PopoloEvent(many=True)
    motions = PopoloMotion(many=True)
    vote_events = PopoloVoteEvent(many=True)


@extend_schema(
    operation_id="export_popolo",
    summary="Open data: people, organisations, memberships, posts and roll-call votes (Popolo)",
    description=(
        "A Popolo JSON export (https://www.popoloproject.com): deputies, committee members "
        "and appointed officials (name and gender only), the bodies of the congress, "
        "memberships and posts, terms and sessions as events, and the published roll-call "
        "votes as motions and vote events with each member's vote (yes, no, abstain, "
        "not voting, absent). Secret ballots are never included. Open to everyone; "
        "anonymous clients are limited to 30 requests an hour."
    ),
    responses={
        200: PopoloExport,
        429: OpenApiResponse(description="Too many requests from this address"),
    },
)
@api_view(["GET"])
@permission_classes([AllowAny])
@throttle_classes([OpenDataThrottle])
@renderer_classes([JSONRenderer])
def popolo(request):
    """The whole export, built with a fixed number of queries."""
    response = Response(build_document())
    # open data: any site may fetch it; caches may keep it a few minutes
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response
