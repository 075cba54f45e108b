"""Cases through the API: lists and the workflow actions, each one service call."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from renda.core import clock
from renda.core.api_filters import IdFilter, YearFilter
from renda.core.api_permissions import RulesPermission
from renda.core.api_support import CappedPagination, ModelSerializer, validated
from renda.core.models import Organisation, Person
from renda.handling import access, services, stats
from renda.handling.models import (
    Assignment,
    Case,
    Evaluation,
    Reply,
    SupervisionNote,
)


class AssignmentSerializer(ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "unit",
            "unit_name",
            "role",
            "state",
            "assigned_on",
            "due_date",
            "deadline_rule",
            "return_due",
            "return_reason",
            "view_text",
            "overdue",
        ]

    def get_overdue(self, row) -> bool:
        return row.state == Assignment.State.ACTIVE and row.due_date < clock.today()


class ReplySerializer(ModelSerializer):
    unit_name = serializers.CharField(source="assignment.unit.name", read_only=True)

    class Meta:
        model = Reply
        fields = [
            "id",
            "round",
            "unit_name",
            "text",
            "reply_class",
            "contact_person",
            "contact_phone",
            "channel",
            "promised_action",
            "promised_date",
            "on_time",
            "created_at",
        ]


class EvaluationSerializer(ModelSerializer):
    class Meta:
        model = Evaluation
        fields = ["id", "is_primary", "result", "counts_as", "comment", "created_at"]


class CaseSerializer(ModelSerializer):
    assignments = AssignmentSerializer(many=True, read_only=True)
    lead_leader_name = serializers.CharField(source="lead_leader.name", default="", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "kind",
            "state",
            "reference",
            "title",
            "is_difficult",
            "difficulty_reason",
            "is_key",
            "lead_leader",
            "lead_leader_name",
            "supervising_body",
            "lead_unit",
            "registered_at",
            "assigned_on",
            "reply_due",
            "evaluation_due",
            "overdue",
            "rehandle_count",
            "reply_class",
            "final_evaluation",
            "implementation",
            "completed_at",
            "assignments",
        ]

    def get_overdue(self, case) -> bool:
        return case.is_overdue_on(clock.today())


class CaseListSerializer(CaseSerializer):
    """A list row: the lead unit's name instead of every assignment."""

    lead_unit_name = serializers.CharField(source="lead_unit.name", read_only=True, default="")

    class Meta(CaseSerializer.Meta):
        fields = [f for f in CaseSerializer.Meta.fields if f != "assignments"] + ["lead_unit_name"]


class CaseDetailSerializer(CaseSerializer):
    replies = ReplySerializer(many=True, read_only=True)
    evaluations = EvaluationSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "replies", "evaluations"]


class CaseFilter(filters.FilterSet):
    unit = IdFilter(method="filter_unit")
    overdue = filters.BooleanFilter(method="filter_overdue")
    year = YearFilter(
        field_name="registered_at", lookup_expr="year", min_value=1980, max_value=2100
    )

    class Meta:
        model = Case
        fields = ["kind", "state", "is_key", "reply_class", "implementation"]

    def filter_unit(self, queryset, name, value):
        return queryset.filter(assignments__unit_id=value).distinct()

    def filter_overdue(self, queryset, name, value):
        late = Case.overdue_on(clock.today())
        # most overdue first, as on the overdue page: handling_case_overdue_idx serves it
        return (
            queryset.filter(late).order_by("reply_due", "pk") if value else queryset.exclude(late)
        )


# --- action payloads ---------------------------------------------------------------------
class AssignInput(serializers.Serializer):
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    assisting_units = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), many=True, required=False
    )
    joint_units = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), many=True, required=False
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class TextInput(serializers.Serializer):
    text = serializers.CharField(max_length=20000)


class ReplyInput(serializers.Serializer):
    text = serializers.CharField(max_length=50000)
    reply_class = serializers.CharField(max_length=4)
    contact_person = serializers.CharField(max_length=60)
    contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    channel = serializers.ChoiceField(choices=Reply.Channel.choices)
    promised_action = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    promised_date = serializers.DateField(required=False, allow_null=True)


class EvaluateInput(serializers.Serializer):
    result = serializers.ChoiceField(
        choices=[c for c in Evaluation.Result.choices if c[0] != "no_answer"]
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ReviewInput(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[("complete", _("Complete")), ("rehandle", _("Handle again"))]
    )
    note = serializers.CharField(max_length=5000)


class KeyInput(serializers.Serializer):
    lead_leader = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    supervising_body = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class SupervisionInput(serializers.Serializer):
    type = serializers.ChoiceField(choices=SupervisionNote.Type.choices)
    date = serializers.DateField()
    text = serializers.CharField(max_length=20000)


class NoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=5000)


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    # every item handled goes through here, the public opinions' thousands a year too:
    # counting stops at 10,000, as the opinions list does (PostgreSQL counted all 100,000
    # cases of the bench for each page, 11 ms)
    pagination_class = CappedPagination
    permission_classes = [RulesPermission]
    required_perm = "handling.view_case_list"
    filterset_class = CaseFilter
    search_fields = ["title", "reference"]
    ordering_fields = ["registered_at", "reply_due"]

    def get_queryset(self):
        qs = access.get_cases_for_user(self.request.user)
        if self.action == "list":
            # joined by the page's rows only: select_related stays out of the keys' query
            return qs.select_related("lead_unit").order_by("-registered_at", "-pk")
        qs = qs.prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("unit"))
        )
        if self.action == "retrieve":
            qs = qs.prefetch_related("replies__assignment__unit", "evaluations")
        return qs.order_by("-registered_at", "-pk")

    def get_serializer_class(self):
        if self.action == "list":
            return CaseListSerializer
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer

    def _case(self, pk) -> Case:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _require(self, perm, case=None):
        if not self.request.user.has_perm(perm, case):
            raise PermissionDenied()

    def _unit_assignment(self, case) -> Assignment:
        self._require("handling.act_for_unit", case)
        return (
            case.assignments.filter(unit_id=self.request.user.organisation_id)
            .order_by("-pk")
            .first()
        )

    def _done(self, case):
        return Response(CaseDetailSerializer(self._case(case.pk)).data)

    @extend_schema(request=AssignInput, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        case = self._case(pk)
        self._require("handling.assign_case", case)
        data = validated(AssignInput, request.data)
        func = services.reassign_case if case.state == Case.State.RETURNED else services.assign_case
        func(
            case,
            lead_unit=data["lead_unit"],
            assisting_units=data.get("assisting_units", []),
            joint_units=data.get("joint_units", []),
            actor=request.user,
            note=data.get("note", ""),
        )
        return self._done(case)

    @extend_schema(request=ReasonInput, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        case = self._case(pk)
        assignment = self._unit_assignment(case)
        services.return_assignment(
            assignment, reason=validated(ReasonInput, request.data)["reason"], actor=request.user
        )
        return self._done(case)

    @extend_schema(request=TextInput, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def view(self, request, pk=None):
        case = self._case(pk)
        assignment = self._unit_assignment(case)
        services.send_view(
            assignment, text=validated(TextInput, request.data)["text"], actor=request.user
        )
        return self._done(case)

    @extend_schema(request=ReplyInput, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        case = self._case(pk)
        self._require("handling.act_for_unit", case)
        data = validated(ReplyInput, request.data)
        services.reply_case(
            case,
            unit=request.user.organisation,
            actor=request.user,
            attachments=request.FILES.getlist("attachments"),
            **data,
        )
        return self._done(case)

    @extend_schema(request=EvaluateInput, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        case = self._case(pk)
        self._require("handling.evaluate_case", case)
        data = validated(EvaluateInput, request.data)
        services.evaluate_case(
            case, result=data["result"], comment=data.get("comment", ""), actor=request.user
        )
        return self._done(case)

    @extend_schema(request=ReviewInput, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        case = self._case(pk)
        self._require("handling.review_case", case)
        data = validated(ReviewInput, request.data)
        services.review_case(case, decision=data["decision"], note=data["note"], actor=request.user)
        return self._done(case)

    @extend_schema(request=KeyInput, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"], url_path="mark-key")
    def mark_key(self, request, pk=None):
        case = self._case(pk)
        self._require("handling.assign_case", case)
        data = validated(KeyInput, request.data)
        services.mark_key(
            case,
            lead_leader=data["lead_leader"],
            supervising_body=data.get("supervising_body"),
            actor=request.user,
            note=data.get("note", ""),
        )
        return self._done(case)

    @extend_schema(request=SupervisionInput, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def supervise(self, request, pk=None):
        case = self._case(pk)
        self._require("handling.supervise_case", case)
        services.add_supervision_note(
            case, actor=request.user, **validated(SupervisionInput, request.data)
        )
        return self._done(case)

    @extend_schema(request=NoteInput, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def implement(self, request, pk=None):
        case = self._case(pk)
        if not (
            request.user.has_perm("handling.assign_case")
            or request.user.has_perm("handling.act_for_unit", case)
        ):
            raise PermissionDenied()
        services.record_implementation(
            case, note=validated(NoteInput, request.data)["note"], actor=request.user
        )
        return self._done(case)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path="assignment-sheet", url_name="assignment-sheet")
    def assignment_sheet(self, request, pk=None):
        """交办单 as .docx (after assignment)."""
        from rest_framework.exceptions import NotFound

        from renda.handling import documents

        case = self._case(pk)
        if case.assigned_on is None:
            raise NotFound(_("The item has not been assigned yet."))
        return documents.docx_response(
            documents.assignment_sheet(case), f"交办单-{case.reference or case.pk}.docx"
        )

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path="reply-letter", url_name="reply-letter")
    def reply_letter(self, request, pk=None):
        """答复函 of the latest reply as .docx."""
        from rest_framework.exceptions import NotFound

        from renda.handling import documents

        case = self._case(pk)
        reply = case.replies.order_by("-round").first()
        if reply is None:
            raise NotFound(_("The item has no reply yet."))
        return documents.docx_response(
            documents.reply_letter(reply), f"答复函-{case.reference or case.pk}.docx"
        )


class InboxCaseSerializer(CaseSerializer):
    """The case as an inbox row shows it; its detail has the rest."""

    class Meta(CaseSerializer.Meta):
        fields = [
            "id",
            "kind",
            "state",
            "reference",
            "title",
            "is_difficult",
            "is_key",
            "registered_at",
            "reply_due",
            "overdue",
            "rehandle_count",
            "reply_class",
        ]


class InboxSerializer(AssignmentSerializer):
    case = InboxCaseSerializer(read_only=True)

    class Meta(AssignmentSerializer.Meta):
        fields = [*AssignmentSerializer.Meta.fields, "case"]


INBOX_COLUMNS = [
    *(f for f in AssignmentSerializer.Meta.fields if f not in {"unit_name", "overdue"}),
    "case",
    "unit__name",
    *(f"case__{f}" for f in InboxCaseSerializer.Meta.fields if f != "overdue"),
]


class InboxViewSet(viewsets.ReadOnlyModelViewSet):
    """A unit handler's assignments, soonest due first."""

    serializer_class = InboxSerializer
    permission_classes = [RulesPermission]
    required_perm = "handling.view_inbox"
    filterset_fields = ["state", "role"]

    def get_queryset(self):
        # the page's order: the (unit, state, due_date) index serves it; the columns the
        # rows show, and no others (a case has twice as many)
        return (
            access.get_assignments_for_unit(self.request.user)
            .only(*INBOX_COLUMNS)
            .order_by("state", "due_date", "pk")
        )


class StatisticsQuery(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1980, max_value=2100)
    kind = serializers.CharField(required=False, max_length=32)


@extend_schema(parameters=[StatisticsQuery], responses={200: dict})
@api_view(["GET"])
def statistics(request):
    if not request.user.has_perm("handling.view_statistics"):
        raise PermissionDenied()
    query = StatisticsQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    year, kind = query.validated_data.get("year"), query.validated_data.get("kind")
    # One scan of the cases per year serves the kinds, the totals, the open count and
    # the breakdowns.
    by_kind, breakdowns = stats.by_kind_and_breakdowns(year)
    totals = stats.sum_rows([row for row in by_kind if not kind or row["kind"] == kind])
    return Response(
        {
            "year": year,
            "kind": kind,
            "totals": totals,
            "by_kind": by_kind,
            "by_unit": stats.by_unit(year, kind),
            "open": totals["open"],
            **{f"by_{name}": rows for name, (_label, rows) in breakdowns.items()},
        }
    )
