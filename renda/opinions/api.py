"""Public opinions through the API: intake (open to anyone, rate-limited), the
workbench's list and actions, and tracking and evaluation by code (R90).

ROUTES are registered on the project's one router; API_PATHS are extra paths under
/api/v1/ (namespace "api")."""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound, PermissionDenied, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from renda.core.api_filters import IdFilter, YearFilter
from renda.core.api_permissions import RulesPermission
from renda.core.api_support import CappedPagination, ModelSerializer, validated
from renda.core.models import Organisation
from renda.core.public import client_key, district_by_id
from renda.deputies.models import Place
from renda.handling.models import EVALUATE_CHOICES
from renda.opinions import hot_topics, services
from renda.opinions.access import (
    get_opinions_for_user,
    handled_cases,
    personal_data,
    sees_personal_data,
)
from renda.opinions.models import Category, Channel, PublicOpinion
from renda.opinions.search import newest_matches, search_opinions, similar_opinions


class OpinionSerializer(ModelSerializer):
    """What the workbench sees; personal data masked unless the reader handles the case."""

    title = serializers.CharField(source="case.title", read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    case_state = serializers.CharField(source="case.state", read_only=True)
    reply_due = serializers.DateField(source="case.reply_due", read_only=True, allow_null=True)
    personal_data = serializers.SerializerMethodField()

    class Meta:
        model = PublicOpinion
        fields = [
            "id",
            "tracking_code",
            "title",
            "text",
            "category",
            "channel",
            "district",
            "location",
            "latitude",
            "longitude",
            "station",
            "forwarded_by",
            "submitted_at",
            "case",
            "case_state",
            "reply_due",
            "routing",
            "suggested_unit",
            "routing_confidence",
            "merged_into",
            "escalated_to",
            "callback_at",
            "personal_data",
        ]
        read_only_fields = fields

    def get_personal_data(self, opinion) -> dict[str, str]:
        return personal_data(opinion, unmasked=self._handles(opinion))

    def _handles(self, opinion) -> bool:
        """R91 for a whole page in one query: which of its cases the reader handles."""
        if "handled_cases" not in self.context:
            user = self.context["request"].user
            page = self.parent.instance if self.parent is not None else [opinion]
            self.context["handled_cases"] = handled_cases(user, [o.case_id for o in page])
        return opinion.case_id in self.context["handled_cases"]


class IntakeInput(serializers.Serializer):
    text = serializers.CharField(max_length=4000)
    category = serializers.ChoiceField(choices=Category.choices)
    # ids, looked up below: a related field would copy its queryset for every submission
    district = serializers.IntegerField(
        required=False, allow_null=True, help_text="The id of a district or county."
    )
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, min_value=-90, max_value=90
    )
    longitude = serializers.DecimalField(
        max_digits=10,
        decimal_places=6,
        required=False,
        allow_null=True,
        min_value=-180,
        max_value=180,
    )
    station = serializers.IntegerField(
        required=False, allow_null=True, help_text="The id of an active liaison station or place."
    )
    submitter_name = serializers.CharField(max_length=60, required=False, allow_blank=True)
    submitter_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    submitter_email = serializers.EmailField(required=False, allow_blank=True)
    client_token = serializers.CharField(max_length=64, required=False, allow_blank=True)

    def validate_district(self, value):
        if value is None:
            return None
        district = district_by_id(value)
        if district is None:
            raise serializers.ValidationError(_("Choose a district or county."))
        return district

    def validate_station(self, value):
        if value is None:
            return None
        station = Place.objects.filter(is_active=True, pk=value).first()
        if station is None:
            raise serializers.ValidationError(_("Choose an open station."))
        return station


class ReceiptSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    created = serializers.BooleanField()


class OpinionAssignInput(serializers.Serializer):
    lead_unit = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_handling_unit=True)
    )
    assisting_units = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_handling_unit=True), many=True, required=False
    )
    is_complex = serializers.BooleanField(required=False, default=False)
    complexity_reason = serializers.CharField(required=False, allow_blank=True, max_length=500)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class OpinionMergeInput(serializers.Serializer):
    into = serializers.CharField(max_length=20)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class OpinionNoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class SimilarSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    title = serializers.CharField()
    score = serializers.FloatField()


class OpinionFilter(filters.FilterSet):
    district = IdFilter()
    station = IdFilter()
    year = YearFilter(field_name="submitted_at")
    case_state = filters.CharFilter(field_name="case__state")
    q = filters.CharFilter(method="filter_q", max_length=100)

    class Meta:
        model = PublicOpinion
        fields = ["category", "channel", "routing", "district", "station", "year", "case_state"]

    def filter_q(self, queryset, name, value):
        if not value.strip():
            return queryset
        return search_opinions(queryset, value, newest=newest_matches(self.data))


class OpinionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = OpinionSerializer
    permission_classes = [RulesPermission]
    required_perm = "opinions.view_list"
    filterset_class = OpinionFilter
    pagination_class = CappedPagination

    def get_permissions(self):
        if self.action == "create":
            return [AllowAny()]
        return super().get_permissions()

    def get_queryset(self):
        return get_opinions_for_user(self.request.user).order_by("-submitted_at", "-id")

    def _opinion(self, pk) -> PublicOpinion:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _require(self, perm):
        if not self.request.user.has_perm(perm):
            raise PermissionDenied()

    def _done(self, opinion):
        opinion = self._opinion(opinion.pk)
        return Response(OpinionSerializer(opinion, context={"request": self.request}).data)

    @extend_schema(request=IntakeInput, responses={201: ReceiptSerializer, 200: ReceiptSerializer})
    def create(self, request, *args, **kwargs):
        """Submit an opinion. Anyone may; the same client_token never makes two."""
        data = validated(IntakeInput, request.data)
        user = request.user if request.user.is_authenticated else None
        staff = bool(user) and user.has_perm("opinions.route")
        try:
            opinion, created = services.submit_opinion(
                **{k: v for k, v in data.items() if k != "client_token"},
                channel=Channel.STATION if staff and data.get("station") else Channel.API,
                client_token=data.get("client_token") or None,
                client_key="" if staff else client_key(request),
                actor=user,
            )
        except services.RateLimited as exc:
            raise Throttled(detail=str(exc)) from exc
        body = {"tracking_code": opinion.tracking_code, "created": created}
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=OpinionAssignInput, responses=OpinionSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        self._require("opinions.route")
        data = validated(OpinionAssignInput, request.data)
        opinion = self._opinion(pk)
        services.assign_opinion(opinion, actor=request.user, **data)
        return self._done(opinion)

    @extend_schema(request=OpinionMergeInput, responses=OpinionSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        self._require("opinions.route")
        data = validated(OpinionMergeInput, request.data)
        into = services.opinion_for_code(data["into"])
        if into is None:
            raise NotFound()
        opinion = self._opinion(pk)
        services.merge_opinion(opinion, into=into, actor=request.user, note=data.get("note", ""))
        return self._done(opinion)

    @extend_schema(request=OpinionNoteInput, responses=OpinionSerializer)
    @action(detail=True, methods=["post"])
    def callback(self, request, pk=None):
        self._require("opinions.callback")
        opinion = self._opinion(pk)
        if not sees_personal_data(request.user, opinion):
            raise PermissionDenied()
        note = validated(OpinionNoteInput, request.data)["note"]
        services.record_callback(opinion, note=note, actor=request.user)
        return self._done(opinion)

    @extend_schema(request=None, responses=OpinionSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        self._require("opinions.escalate")
        opinion = services.escalate_to_suggestion(self._opinion(pk), actor=request.user)
        return self._done(opinion)

    @extend_schema(responses={200: SimilarSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def similar(self, request, pk=None):
        self._require("opinions.route")
        pairs = similar_opinions(self._opinion(pk))
        return Response(
            [
                {"id": o.pk, "tracking_code": o.tracking_code, "title": o.case.title, "score": s}
                for o, s in pairs
            ]
        )


class TrackingCodeInput(serializers.Serializer):
    code = serializers.CharField(max_length=20)


class OpinionEvaluateInput(TrackingCodeInput):
    result = serializers.ChoiceField(choices=EVALUATE_CHOICES)
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class StatusSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    text = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    state = serializers.CharField()
    case_state = serializers.CharField()
    status_label = serializers.CharField()
    unit_name = serializers.CharField()
    reply_text = serializers.CharField()
    reply_due = serializers.DateField(allow_null=True)
    can_evaluate = serializers.BooleanField()
    merged_into = serializers.CharField()
    evaluation = serializers.CharField()


def _status(opinion) -> dict:
    info = services.public_status(opinion)
    return {
        "tracking_code": opinion.tracking_code,
        "text": opinion.text,
        "submitted_at": opinion.submitted_at,
        **{k: info[k] for k in StatusSerializer().fields if k in info},
    }


def _opinion_by_code(request, code) -> PublicOpinion:
    from renda.opinions.portal import _lookup_allowed

    if not _lookup_allowed(request):
        raise Throttled()
    opinion = services.opinion_for_code(code)
    if opinion is None:
        raise NotFound()
    return opinion


@extend_schema(request=TrackingCodeInput, responses=StatusSerializer)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes([])
def track(request):
    """R90: the progress of one opinion, for the holder of its tracking code."""
    code = validated(TrackingCodeInput, request.data)["code"]
    return Response(StatusSerializer(_status(_opinion_by_code(request, code))).data)


@extend_schema(request=OpinionEvaluateInput, responses=StatusSerializer)
@api_view(["POST"])
@permission_classes([AllowAny])
def evaluate(request):
    data = validated(OpinionEvaluateInput, request.data)
    opinion = _opinion_by_code(request, data["code"])
    services.evaluate_by_code(data["code"], result=data["result"], comment=data.get("comment", ""))
    opinion.refresh_from_db()
    return Response(StatusSerializer(_status(opinion)).data)


class HotTopicsQuery(serializers.Serializer):
    weeks = serializers.IntegerField(min_value=2, max_value=26, required=False, default=8)
    district = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)


@extend_schema(parameters=[HotTopicsQuery], responses=dict)
@api_view(["GET"])
def hot_topics_view(request):
    if not request.user.has_perm("opinions.view_hot_topics"):
        raise PermissionDenied()
    query = validated(HotTopicsQuery, request.query_params)
    return Response(hot_topics.hot_topics(weeks=query["weeks"], district_id=query.get("district")))


ROUTES = [("opinions", OpinionViewSet, "opinion")]
API_PATHS = [
    path("opinions/track/", track, name="opinion-track"),
    path("opinions/evaluate/", evaluate, name="opinion-evaluate"),
    path("opinions/hot-topics/", hot_topics_view, name="opinion-hot-topics"),
]
