"""/api/v1/ entries of the work ledgers: entries (filter by kind, year, status, owner,
problem area), their moves as actions (409 on an illegal move, 400 with the field's
message on bad input), evidence files, counts by status per kind, and the
rectification lists' problem areas. Reading: the committee side; writing: the office
and leaders (``ledgers.manage``)."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from renda.core.api_filters import MAX_ID, IdFilter, YearFilter
from renda.core.api_permissions import RulesPermission
from renda.core.api_support import ModelSerializer, validated
from renda.core.models import Organisation
from renda.ledgers import services
from renda.ledgers.access import get_entries_for_user, get_problem_areas_for_user
from renda.ledgers.models import OWNER_KINDS, Kind, LedgerAttachment, LedgerEntry, ProblemArea

S = LedgerEntry.Status


class BoundedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """An id the database's integers cannot hold is "no such record", never a 500."""

    def to_internal_value(self, data):
        try:
            out_of_range = not 0 < int(data) <= MAX_ID
        except (TypeError, ValueError, OverflowError):
            out_of_range = False  # left to the field's own message
        if out_of_range:
            self.fail("does_not_exist", pk_value=str(data)[:20])
        return super().to_internal_value(data)


class LedgerAttachmentSerializer(ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = LedgerAttachment
        fields = ["id", "name", "size", "for_close_out", "url", "created_at"]
        read_only_fields = fields

    def get_url(self, attachment) -> str:
        return reverse("ledgers:attachment", args=[attachment.pk])


class LedgerEntrySerializer(ModelSerializer):
    owner_label = serializers.CharField(source="owner.name", read_only=True, default="")
    problem_area_name = serializers.CharField(
        source="problem_area.name", read_only=True, default=""
    )
    closed_out_by = serializers.CharField(
        source="closed_out_by.username", read_only=True, default=""
    )
    attachments = LedgerAttachmentSerializer(many=True, read_only=True)
    # blank for every kind but rules; said explicitly, since a read-only model field
    # loses allow_blank and the schema would then refuse ""
    rule_action = serializers.ChoiceField(
        choices=LedgerEntry.RuleAction.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "kind",
            "title",
            "date",
            "owner",
            "owner_label",
            "owner_name",
            "status",
            "notes",
            "completed_on",
            "rule_action",
            "leader_name",
            "promoted_where",
            "promoted_how",
            "problem_area",
            "problem_area_name",
            "closed_out_on",
            "closed_out_by",
            "close_out_note",
            "attachments",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


def _owner_field():
    return BoundedPrimaryKeyField(
        queryset=Organisation.objects.filter(kind__in=OWNER_KINDS), required=False, allow_null=True
    )


def _area_field():
    return BoundedPrimaryKeyField(
        queryset=ProblemArea.objects.all(), required=False, allow_null=True
    )


class LedgerEntryUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False)
    date = serializers.DateField(required=False)
    owner = _owner_field()
    owner_name = serializers.CharField(max_length=60, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    rule_action = serializers.ChoiceField(
        choices=LedgerEntry.RuleAction.choices, required=False, allow_blank=True
    )
    leader_name = serializers.CharField(max_length=60, required=False, allow_blank=True)
    promoted_where = serializers.CharField(max_length=200, required=False, allow_blank=True)
    promoted_how = serializers.CharField(max_length=200, required=False, allow_blank=True)
    problem_area = _area_field()
    note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, help_text="Reason for the change."
    )


class LedgerEntryCreateInput(LedgerEntryUpdateInput):
    kind = serializers.ChoiceField(choices=Kind.choices)
    title = serializers.CharField(max_length=300)
    date = serializers.DateField()
    note = None


class LedgerDoneInput(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class LedgerNoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class LedgerCloseOutInput(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=services.MAX_ATTACHMENTS
    )


class LedgerAttachInput(serializers.Serializer):
    attachments = serializers.ListField(
        child=serializers.FileField(), max_length=services.MAX_ATTACHMENTS
    )


class LedgerCountsQuery(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1980, max_value=2100)


class LedgerEntryFilter(filters.FilterSet):
    year = YearFilter(field_name="date", lookup_expr="year")
    owner = IdFilter()
    problem_area = IdFilter()

    class Meta:
        model = LedgerEntry
        fields = ["kind", "status", "year", "owner", "problem_area", "rule_action"]


def _require(request):
    if not request.user.has_perm("ledgers.manage"):
        raise PermissionDenied()


def _files(request) -> dict:
    """The request's fields, with every uploaded "attachments" file as a list."""
    data = {k: v for k, v in request.data.items() if k != "attachments"}
    if hasattr(request.data, "getlist"):
        files = request.FILES.getlist("attachments")
        if files:
            data["attachments"] = files
    elif "attachments" in request.data:
        data["attachments"] = request.data["attachments"]
    return data


class LedgerEntryViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = LedgerEntrySerializer
    permission_classes = [RulesPermission]
    required_perm = "ledgers.view"
    filterset_class = LedgerEntryFilter
    search_fields = ["title", "notes", "owner_name", "leader_name", "promoted_where"]
    ordering_fields = ["date", "completed_on", "closed_out_on"]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self):
        return (
            get_entries_for_user(self.request.user)
            .prefetch_related("attachments")
            .order_by("-date", "-pk")
        )

    def _entry(self, pk) -> LedgerEntry:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _done(self, entry, code=status.HTTP_200_OK):
        return Response(LedgerEntrySerializer(self._entry(entry.pk)).data, status=code)

    @extend_schema(request=LedgerEntryCreateInput, responses={201: LedgerEntrySerializer})
    def create(self, request, *args, **kwargs):
        _require(request)  # before validation: refuse, don't explain
        data = validated(LedgerEntryCreateInput, request.data)
        return self._done(
            services.create_entry(actor=request.user, **data), status.HTTP_201_CREATED
        )

    @extend_schema(request=LedgerEntryUpdateInput, responses=LedgerEntrySerializer)
    def partial_update(self, request, pk=None):
        _require(request)
        data = dict(validated(LedgerEntryUpdateInput, request.data))
        note = data.pop("note", "")
        entry = self._entry(pk)
        return self._done(services.update_entry(entry, actor=request.user, note=note, **data))

    @extend_schema(request=LedgerNoteInput, responses=LedgerEntrySerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        _require(request)
        note = validated(LedgerNoteInput, request.data).get("note", "")
        return self._done(services.start_entry(self._entry(pk), actor=request.user, note=note))

    @extend_schema(request=LedgerDoneInput, responses=LedgerEntrySerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        _require(request)
        data = validated(LedgerDoneInput, request.data)
        return self._done(
            services.complete_entry(
                self._entry(pk), actor=request.user, on=data.get("on"), note=data.get("note", "")
            )
        )

    @extend_schema(request=LedgerNoteInput, responses=LedgerEntrySerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        _require(request)
        note = validated(LedgerNoteInput, request.data).get("note", "")
        return self._done(services.reopen_entry(self._entry(pk), actor=request.user, note=note))

    @extend_schema(request=LedgerNoteInput, responses=LedgerEntrySerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        _require(request)
        note = validated(LedgerNoteInput, request.data).get("note", "")
        return self._done(services.cancel_entry(self._entry(pk), actor=request.user, note=note))

    @extend_schema(request=LedgerCloseOutInput, responses=LedgerEntrySerializer)
    @action(detail=True, methods=["post"], url_path="close-out", url_name="close-out")
    def close_out(self, request, pk=None):
        """销号: a rectification item closed out with its date and a note (and evidence)."""
        _require(request)
        data = validated(LedgerCloseOutInput, _files(request))
        return self._done(
            services.close_out(
                self._entry(pk),
                actor=request.user,
                on=data.get("on"),
                note=data.get("note", ""),
                attachments=data.get("attachments", []),
            )
        )

    @extend_schema(request=LedgerAttachInput, responses={201: LedgerEntrySerializer})
    @action(detail=True, methods=["post"])
    def attachments(self, request, pk=None):
        _require(request)
        data = validated(LedgerAttachInput, _files(request))
        entry = self._entry(pk)
        services.add_attachments(entry, data["attachments"], actor=request.user)
        return self._done(entry, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[LedgerCountsQuery],
        responses=inline_serializer(
            "LedgerCounts",
            {
                "year": serializers.IntegerField(allow_null=True),
                "kinds": serializers.DictField(child=serializers.DictField()),
            },
        ),
    )
    @action(detail=False, methods=["get"])
    def counts(self, request):
        """Entries per kind and status (of the year, by the entry's date, when given)."""
        year = validated(LedgerCountsQuery, request.query_params).get("year")
        qs = get_entries_for_user(request.user)
        if year is not None:
            qs = qs.filter(date__year=year)
        rows = qs.order_by().values("kind", "status").annotate(n=Count("id"))
        kinds = {
            kind: {"label": str(label), "total": 0, "by_status": {s: 0 for s in S.values}}
            for kind, label in Kind.choices
        }
        for row in rows:
            kinds[row["kind"]]["by_status"][row["status"]] = row["n"]
            kinds[row["kind"]]["total"] += row["n"]
        return Response({"year": year, "kinds": kinds})


class LedgerProblemAreaSerializer(ModelSerializer):
    items = serializers.IntegerField(read_only=True)
    closed_out = serializers.IntegerField(read_only=True)

    class Meta:
        model = ProblemArea
        fields = ["id", "year", "position", "name", "description", "items", "closed_out"]


class LedgerProblemAreaInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=1980, max_value=2100)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    position = serializers.IntegerField(min_value=1, max_value=999, required=False)


class LedgerProblemAreaUpdateInput(LedgerProblemAreaInput):
    year = serializers.IntegerField(min_value=1980, max_value=2100, required=False)
    name = serializers.CharField(max_length=200, required=False)


class LedgerProblemAreaFilter(filters.FilterSet):
    year = YearFilter()

    class Meta:
        model = ProblemArea
        fields = ["year"]


class ProblemAreaViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = LedgerProblemAreaSerializer
    permission_classes = [RulesPermission]
    required_perm = "ledgers.view"
    filterset_class = LedgerProblemAreaFilter
    search_fields = ["name"]

    def get_queryset(self):
        return (
            get_problem_areas_for_user(self.request.user)
            .annotate(
                items=Count("entries", distinct=True),
                closed_out=Count("entries", filter=Q(entries__status=S.CLOSED_OUT), distinct=True),
            )
            .order_by("-year", "position", "pk")
        )

    def _done(self, area, code=status.HTTP_200_OK):
        area = get_object_or_404(self.get_queryset(), pk=area.pk)
        return Response(LedgerProblemAreaSerializer(area).data, status=code)

    @extend_schema(request=LedgerProblemAreaInput, responses={201: LedgerProblemAreaSerializer})
    def create(self, request, *args, **kwargs):
        _require(request)
        data = validated(LedgerProblemAreaInput, request.data)
        area = services.create_problem_area(actor=request.user, **data)
        return self._done(area, status.HTTP_201_CREATED)

    @extend_schema(request=LedgerProblemAreaUpdateInput, responses=LedgerProblemAreaSerializer)
    def partial_update(self, request, pk=None):
        _require(request)
        data = validated(LedgerProblemAreaUpdateInput, request.data)
        area = get_object_or_404(self.get_queryset(), pk=pk)
        return self._done(services.update_problem_area(area, actor=request.user, **data))


ROUTES: list = [
    ("ledger-entries", LedgerEntryViewSet, "ledger-entry"),
    ("ledger-problem-areas", ProblemAreaViewSet, "ledger-problem-area"),
]
API_PATHS: list = []
