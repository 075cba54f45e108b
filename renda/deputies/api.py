"""API of the deputies app. ROUTES are registered on the project's one router;
API_PATHS are extra paths under /api/v1/ (namespace "api")."""

from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from renda.core.api_filters import MAX_ID, IdFilter
from renda.core.api_permissions import RulesPermission
from renda.core.api_support import LocalTimeField, ModelSerializer, validated
from renda.core.models import Deputy
from renda.deputies import access, records, services, views_performance
from renda.deputies.models import DutyActivity, Place, ReceptionDay
from renda.suggestions.api import DeputiesField


def _out_of_range(key) -> bool:
    """An id the database's integers cannot hold: not a record, never a 500."""
    try:
        return not 0 < int(key) <= MAX_ID
    except (TypeError, ValueError, OverflowError):
        return False  # left to the field's own message


class BoundedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    def to_internal_value(self, data):
        if _out_of_range(data):
            self.fail("does_not_exist", pk_value=str(data)[:20])
        return super().to_internal_value(data)


def _deputies_field(**kwargs):
    return DeputiesField(
        child_relation=serializers.PrimaryKeyRelatedField(
            queryset=Deputy.objects.select_related("person", "term")
        ),
        **kwargs,
    )


class DeputyBriefSerializer(ModelSerializer):
    name = serializers.CharField(source="person.name")

    class Meta:
        model = Deputy
        fields = ["id", "code", "name"]


# --- places ------------------------------------------------------------------------------
class PlaceSerializer(ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    district_name = serializers.CharField(source="district.name", read_only=True, default="")
    township_name = serializers.CharField(source="township.name", read_only=True, default="")
    deputies = DeputyBriefSerializer(many=True, read_only=True)

    class Meta:
        model = Place
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "kind_display",
            "district",
            "district_name",
            "township",
            "township_name",
            "industrial_chain",
            "address",
            "latitude",
            "longitude",
            "opening_hours",
            "contact_person",
            "contact_phone",
            "established_on",
            "is_active",
            "deputies",
        ]


class PlaceFilter(filters.FilterSet):
    district = IdFilter()
    township = IdFilter()
    deputy = IdFilter(field_name="deputies")

    class Meta:
        model = Place
        fields = ["kind", "district", "township", "is_active", "deputy"]


class PlaceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlaceSerializer
    permission_classes = [RulesPermission]
    required_perm = "deputies.view_network"
    filterset_class = PlaceFilter
    search_fields = ["name", "code", "address", "industrial_chain"]
    ordering_fields = ["code", "name", "established_on"]

    def get_queryset(self):
        return (
            access.get_places_for_user(self.request.user)
            .prefetch_related(
                Prefetch("deputies", queryset=Deputy.objects.select_related("person"))
            )
            .order_by("kind", "code")
        )


# --- reception days ----------------------------------------------------------------------
class ReceptionDaySerializer(ModelSerializer):
    place_name = serializers.CharField(source="place.name", read_only=True)
    deputies = _deputies_field()
    deputy_names = serializers.SerializerMethodField()
    opinion_count = serializers.IntegerField(read_only=True)
    place = BoundedPrimaryKeyField(queryset=Place.objects.all())
    starts_at = LocalTimeField(required=False, allow_null=True)
    ends_at = LocalTimeField(required=False, allow_null=True)

    class Meta:
        model = ReceptionDay
        fields = [
            "id",
            "place",
            "place_name",
            "date",
            "starts_at",
            "ends_at",
            "deputies",
            "deputy_names",
            "state",
            "visitors",
            "notes",
            "cancellation_reason",
            "opinion_count",
        ]
        read_only_fields = ["state", "visitors", "cancellation_reason"]

    def get_deputy_names(self, day) -> list[str]:
        return [d.person.name for d in day.deputies.all()]


class ReceptionDayFilter(filters.FilterSet):
    place = IdFilter()
    district = IdFilter(field_name="place__district")
    kind = filters.ChoiceFilter(field_name="place__kind", choices=Place.Kind.choices)
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = ReceptionDay
        fields = ["place", "district", "kind", "state", "date_from", "date_to"]


class HeldInput(serializers.Serializer):
    visitors = serializers.IntegerField(min_value=0, max_value=services.MAX_VISITORS)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    deputies = _deputies_field(required=False)


class CancelInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class ReceptionDayViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ReceptionDaySerializer
    permission_classes = [RulesPermission]
    required_perm = "deputies.view_network"
    filterset_class = ReceptionDayFilter
    ordering_fields = ["date"]

    def get_queryset(self):
        return (
            access.get_reception_days_for_user(self.request.user)
            .annotate(opinion_count=Count("opinions"))
            .prefetch_related(
                Prefetch("deputies", queryset=Deputy.objects.select_related("person"))
            )
            .order_by("-date", "place__code", "pk")
        )

    def _require(self):
        if not self.request.user.has_perm("deputies.manage_network"):
            raise PermissionDenied()

    def _done(self, day, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=day.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        self._require()  # before validation: refuse, don't explain
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        day = services.schedule_reception_day(
            data["place"],
            date=data["date"],
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            deputies=data.get("deputies", []),
            notes=data.get("notes", ""),
            actor=request.user,
        )
        return self._done(day, status.HTTP_201_CREATED)

    @extend_schema(request=HeldInput, responses=ReceptionDaySerializer)
    @action(detail=True, methods=["post"])
    def held(self, request, pk=None):
        self._require()
        data = validated(HeldInput, request.data)
        day = services.record_reception_held(
            get_object_or_404(self.get_queryset(), pk=pk),
            visitors=data["visitors"],
            notes=data["notes"],
            deputies=data.get("deputies"),
            actor=request.user,
        )
        return self._done(day)

    @extend_schema(request=CancelInput, responses=ReceptionDaySerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        self._require()
        data = validated(CancelInput, request.data)
        day = services.cancel_reception_day(
            get_object_or_404(self.get_queryset(), pk=pk), reason=data["reason"], actor=request.user
        )
        return self._done(day)


# --- duty activities ---------------------------------------------------------------------
class DutyActivitySerializer(ModelSerializer):
    deputies = _deputies_field(required=False)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    place = BoundedPrimaryKeyField(queryset=Place.objects.all(), required=False, allow_null=True)

    class Meta:
        model = DutyActivity
        fields = [
            "id",
            "kind",
            "kind_display",
            "title",
            "date",
            "place",
            "reception_day",
            "deputies",
            "description",
        ]
        read_only_fields = ["reception_day"]


class DutyActivityFilter(filters.FilterSet):
    deputy = IdFilter(field_name="deputies")
    place = IdFilter()
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = DutyActivity
        fields = ["kind", "deputy", "place", "date_from", "date_to"]


class DutyActivityViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Activities: the committee side reads all, a deputy their own. A deputy records
    their own activities (``deputies`` may be left out); the office anyone's."""

    serializer_class = DutyActivitySerializer
    permission_classes = [RulesPermission]
    required_perm = "deputies.view_activities"
    filterset_class = DutyActivityFilter
    search_fields = ["title"]
    ordering_fields = ["date"]

    def get_queryset(self):
        return (
            access.get_activities_for_user(self.request.user)
            .prefetch_related("deputies")
            .order_by("-date", "-pk")
        )

    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("deputies.record_activity"):
            raise PermissionDenied()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        deputies = data.pop("deputies", None)
        if deputies is None and not request.user.has_perm("deputies.manage_network"):
            own = access.own_mandates(request.user).first()
            deputies = [own] if own else []
        with transaction.atomic():
            activity = services.record_activity(
                DutyActivity(**data), deputies=deputies or [], actor=request.user
            )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=activity.pk)).data,
            status=status.HTTP_201_CREATED,
        )


# --- duty records (R80) ------------------------------------------------------------------
class DutyRecordViewSet(viewsets.GenericViewSet):
    """履职档案 of one deputy: the committee side, or the deputy themselves."""

    permission_classes = [RulesPermission]
    required_perm = None
    pagination_class = None
    filter_backends: list = []
    serializer_class = serializers.Serializer  # the record is a plain document

    def get_queryset(self):
        return access.get_record_deputies_for_user(self.request.user)

    @extend_schema(responses={200: dict})
    def retrieve(self, request, pk=None):
        deputy = get_object_or_404(self.get_queryset(), pk=pk)
        if not request.user.has_perm("deputies.view_duty_record", deputy):
            raise PermissionDenied()
        record = records.duty_record(deputy)
        coverage = record.coverage
        return Response(
            {
                "deputy": {
                    "id": deputy.pk,
                    "code": deputy.code,
                    "name": deputy.person.name,
                    "term": deputy.term.number,
                    "delegation": deputy.delegation.name,
                    "status": deputy.status,
                },
                "activities_by_kind": {kind: n for kind, _label, n in record.by_kind},
                "activity_total": record.activity_total,
                "activities": [
                    {"id": a.pk, "kind": a.kind, "title": a.title, "date": a.date.isoformat()}
                    for a in record.activities
                ],
                "suggestions_led": [
                    {"id": s.pk, "reference": s.reference, "title": s.title, "state": s.state}
                    for s in record.led
                ],
                "suggestions_co_signed": [
                    {"id": s.pk, "reference": s.reference, "title": s.title, "state": s.state}
                    for s in record.co_signed
                ],
                "reception_days": record.reception_days,
                "absences": [
                    {
                        "session": str(a.session),
                        "approved_leave": a.approved_leave,
                        "reason": a.reason,
                    }
                    for a in record.absences
                ],
                "flagged_r82": record.flagged,
                "trained_in_term": record.trained,
                "reported_in_term": record.reported,
                "term_coverage": {
                    "deputies": coverage.total,
                    "trained": coverage.trained,
                    "reported": coverage.reported,
                    "training_share": coverage.training_share,
                    "report_share": coverage.report_share,
                },
            }
        )


# --- performance overview (issue 9) -------------------------------------------------------
class DeputyPerformanceSerializer(ModelSerializer):
    name = serializers.CharField(source="person.name")
    term = serializers.IntegerField(source="term.number")
    delegation_name = serializers.CharField(source="delegation.name")
    activities = serializers.IntegerField(source="activity_count")
    receptions = serializers.IntegerField(source="reception_count")
    inspections_and_research = serializers.IntegerField(source="inspection_count")
    training = serializers.IntegerField(source="training_count")
    duty_reports = serializers.IntegerField(source="duty_report_count")
    reception_days_on_duty = serializers.IntegerField(source="reception_day_count")
    suggestions_led = serializers.IntegerField(source="led_count")
    suggestions_co_signed = serializers.IntegerField(source="co_signed_count")
    committee_sessions_attended = serializers.IntegerField(source="observed_count")
    trained_in_term = serializers.BooleanField(source="trained")
    reported_in_term = serializers.BooleanField(source="reported")
    congress_absences = serializers.IntegerField(source="absence_count")
    absences_without_approved_leave = serializers.IntegerField(source="unapproved_absence_count")

    class Meta:
        model = Deputy
        fields = [
            "id",
            "code",
            "name",
            "term",
            "delegation",
            "delegation_name",
            "sector",
            "status",
            "activities",
            "receptions",
            "inspections_and_research",
            "training",
            "duty_reports",
            "reception_days_on_duty",
            "suggestions_led",
            "suggestions_co_signed",
            "committee_sessions_attended",
            "trained_in_term",
            "reported_in_term",
            "congress_absences",
            "absences_without_approved_leave",
        ]


class DeputyPerformanceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The deputies' performance overview, as on its page: ``term`` (number; default
    the latest), ``delegation``, ``sector``, ``status``, the period of the counts
    (``year``, ``date_from``, ``date_to``), ``q`` (name or number) and ``sort`` (a
    column key, "-" first for descending; unknown keys are ignored)."""

    serializer_class = DeputyPerformanceSerializer
    permission_classes = [RulesPermission]
    required_perm = "deputies.view_performance"
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        chosen = views_performance.PerformanceFilter(params, queryset=Deputy.objects.none())
        if not chosen.is_valid():
            raise serializers.ValidationError(chosen.errors)
        start, end = chosen.period()
        qs = views_performance.summary_queryset(start, end, params.get("sort", ""))
        qs = chosen.filter_queryset(qs)
        query = params.get("q", "").replace("\x00", "").strip()[:100]
        if query:
            qs = qs.filter(Q(person__name__icontains=query) | Q(code__icontains=query))
        return qs


ROUTES: list = [
    ("places", PlaceViewSet, "place"),
    ("reception-days", ReceptionDayViewSet, "reception-day"),
    ("duty-activities", DutyActivityViewSet, "duty-activity"),
    ("duty-records", DutyRecordViewSet, "duty-record"),
    ("deputy-performance", DeputyPerformanceViewSet, "deputy-performance"),
]
API_PATHS: list = []  # django.urls.path(...) entries
