"""API of the ballots app. ROUTES are registered on the project's one router;
API_PATHS are extra paths under /api/v1/ (namespace "api").

/ballots/ (list, create), /ballots/{id}/ (detail), /ballots/{id}/open|close|publish/
(the office), /ballots/{id}/cast/ (the member themselves), /ballots/{id}/enter/ (the
clerk, from paper), /ballots/{id}/result/ (the tally once closed)."""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from renda.ballots import services
from renda.ballots.access import get_ballots_for_user, has_voted, votes_in_person
from renda.ballots.models import Ballot, BallotOption, Participation
from renda.core.api_permissions import RulesPermission
from renda.core.api_support import Conflict, ModelSerializer, validated
from renda.core.models import Organisation, Person, Session, Term

St = Ballot.State


class OptionSerializer(ModelSerializer):
    class Meta:
        model = BallotOption
        fields = ["id", "position", "label", "code", "person"]


class BallotSerializer(ModelSerializer):
    options = OptionSerializer(many=True, read_only=True)
    participants = serializers.IntegerField(read_only=True)
    passed = serializers.SerializerMethodField()
    has_voted = serializers.SerializerMethodField()

    class Meta:
        model = Ballot
        fields = [
            "id",
            "question",
            "kind",
            "method",
            "electorate",
            "term",
            "session",
            "held_on",
            "pass_rule",
            "places",
            "subject",
            "topic",
            "state",
            "electorate_size",
            "participants",
            "passed",
            "has_voted",
            "rectification_case",
            "opened_at",
            "closed_at",
            "published_at",
            "options",
        ]

    def get_passed(self, ballot) -> bool | None:
        return ballot.passed if ballot.state in {St.CLOSED, St.PUBLISHED} else None

    def get_has_voted(self, ballot) -> bool:
        return has_voted(self.context["request"].user, ballot)


class BallotInput(serializers.Serializer):
    question = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=Ballot.Kind.choices)
    method = serializers.ChoiceField(choices=Ballot.Method.choices)
    electorate = serializers.ChoiceField(choices=Ballot.Electorate.choices)
    term = serializers.PrimaryKeyRelatedField(queryset=Term.objects.all())
    session = serializers.PrimaryKeyRelatedField(
        queryset=Session.objects.all(), required=False, allow_null=True
    )
    held_on = serializers.DateField()
    pass_rule = serializers.ChoiceField(choices=Ballot.PassRule.choices)
    places = serializers.IntegerField(min_value=1, max_value=1000, default=1)
    options = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=500
    )
    candidates = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), many=True, required=False
    )
    subject = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    topic = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class CastInput(serializers.Serializer):
    choices = serializers.ListField(
        child=serializers.IntegerField(min_value=1), allow_empty=False, max_length=1000
    )


class EnterInput(serializers.Serializer):
    # a blank paper is entered as an empty list: it counts as invalid
    choices = serializers.ListField(
        child=serializers.IntegerField(min_value=1), allow_empty=True, max_length=1000
    )
    voter = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())


class OptionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    code = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField()
    chosen = serializers.BooleanField()


class ResultSerializer(serializers.Serializer):
    ballot = serializers.IntegerField()
    state = serializers.CharField()
    electorate_size = serializers.IntegerField()
    participants = serializers.IntegerField()
    valid = serializers.IntegerField()
    invalid = serializers.IntegerField()
    absent = serializers.IntegerField()
    needed = serializers.IntegerField(allow_null=True)
    passed = serializers.BooleanField(allow_null=True)
    accepted_share = serializers.FloatField(allow_null=True)
    tied = serializers.ListField(child=serializers.IntegerField())
    options = OptionResultSerializer(many=True)


def result_data(result: services.Tally) -> dict:
    decision = result.decision
    return {
        "ballot": result.ballot.pk,
        "state": result.ballot.state,
        "electorate_size": result.electorate_size,
        "participants": result.participants,
        "valid": result.valid,
        "invalid": result.invalid,
        "absent": result.absent,
        "needed": decision.needed,
        "passed": decision.passed,
        "accepted_share": result.accepted_share,
        "tied": [k for k in decision.tied if isinstance(k, int)],
        "options": [
            {
                "id": o.pk,
                "label": o.label,
                "code": o.code,
                "count": o.count,
                "share": share,
                "chosen": chosen,
            }
            for o, share, chosen in result.rows()
        ],
    }


class BallotFilter(filters.FilterSet):
    class Meta:
        model = Ballot
        fields = ["state", "kind", "method", "electorate", "topic", "term", "session", "subject"]


class BallotViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = BallotSerializer
    permission_classes = [RulesPermission]
    required_perm = "ballots.view_list"
    filterset_class = BallotFilter
    search_fields = ["question"]
    ordering_fields = ["held_on"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        from django.db.models import Count

        return (
            get_ballots_for_user(self.request.user)
            .annotate(participants=Count("participations", distinct=True))
            .prefetch_related("options")
            .order_by("-held_on", "-pk")
        )

    def _manage(self):
        if not self.request.user.has_perm("ballots.manage"):
            raise PermissionDenied(_("Only the office manages ballots."))

    @extend_schema(request=BallotInput, responses={201: BallotSerializer})
    def create(self, request, *args, **kwargs):
        self._manage()
        data = dict(validated(BallotInput, request.data))
        candidates = data.pop("candidates", None) or []
        data["options"] = [*data.get("options", []), *candidates] or None
        ballot = services.create_ballot(**data, actor=request.user)
        return Response(self._out(ballot), status=status.HTTP_201_CREATED)

    def _out(self, ballot) -> dict:
        ballot = self.get_queryset().get(pk=ballot.pk)
        return BallotSerializer(ballot, context={"request": self.request}).data

    def _transition(self, request, run):
        self._manage()
        ballot = self.get_object()
        run(ballot, actor=request.user)
        return Response(self._out(ballot))

    @extend_schema(request=None, responses=BallotSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        return self._transition(request, services.open_ballot)

    @extend_schema(request=None, responses=BallotSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._transition(request, services.close_ballot)

    @extend_schema(request=None, responses=BallotSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._transition(request, services.publish_ballot)

    @extend_schema(request=CastInput, responses={201: None})
    @action(detail=True, methods=["post"])
    def cast(self, request, pk=None):
        """The member's own vote. The answer confirms the participation only."""
        if not votes_in_person(request.user):
            raise PermissionDenied(_("Only members and deputies vote, with their own account."))
        ballot = self.get_object()
        data = validated(CastInput, request.data)
        services.cast(
            ballot, voter=request.user.person, choices=data["choices"], actor=request.user
        )
        return Response({"detail": _("Your vote has been recorded.")}, status=201)

    @extend_schema(request=EnterInput, responses={201: None})
    @action(detail=True, methods=["post"])
    def enter(self, request, pk=None):
        """The clerk enters a paper ballot for a member."""
        self._manage()
        ballot = self.get_object()
        data = validated(EnterInput, request.data)
        services.cast(
            ballot, voter=data["voter"], choices=data["choices"], actor=request.user, by_clerk=True
        )
        return Response({"detail": _("Entered.")}, status=201)

    @extend_schema(responses=ResultSerializer)
    @action(detail=True, methods=["get"])
    def result(self, request, pk=None):
        ballot = self.get_object()
        if ballot.state not in {St.CLOSED, St.PUBLISHED}:
            raise Conflict(_("The counts are shown once voting is closed."))
        data = result_data(services.tally(ballot))
        data["participants"] = Participation.objects.filter(ballot=ballot).count()
        return Response(data)


ROUTES: list = [("ballots", BallotViewSet, "ballot")]  # (prefix, viewset, basename)
API_PATHS: list = []  # django.urls.path(...) entries
