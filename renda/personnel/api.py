"""API of the personnel app: appointment and removal bills, their items, certificates
and oath ceremonies. ROUTES are registered on the project's one router; API_PATHS are
extra paths under /api/v1/ (namespace "api").

R70: an item shows as appointed (``is_appointed``) only once its vote has passed; the
ballot's result is the engine's and is shown only once the vote is concluded."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from renda.ballots.models import Ballot
from renda.core.api_filters import IdFilter, YearFilter
from renda.core.api_permissions import RulesPermission
from renda.core.api_support import ModelSerializer, validated
from renda.core.models import Organisation, Person, Session
from renda.personnel import services
from renda.personnel.access import get_bills_for_user, get_ceremonies_for_user, get_items_for_user
from renda.personnel.documents import certificate_response
from renda.personnel.models import AppointmentBill, AppointmentItem, OathCeremony

S = AppointmentItem.State


class AppointmentItemSerializer(ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    organisation_name = serializers.CharField(
        source="organisation.name", read_only=True, default=""
    )
    is_appointed = serializers.BooleanField(read_only=True)
    oath_pending = serializers.BooleanField(read_only=True)
    ballot_method = serializers.SerializerMethodField()
    ceremony = serializers.SerializerMethodField()

    class Meta:
        model = AppointmentItem
        fields = [
            "id",
            "bill",
            "position",
            "action",
            "person",
            "person_name",
            "post",
            "organisation",
            "organisation_name",
            "reasons",
            "state",
            "deliberated_on",
            "statement_on",
            "statement_summary",
            "ballot",
            "ballot_method",
            "decided_on",
            "is_appointed",
            "oath_pending",
            "certificate_number",
            "certificate_issued_on",
            "ceremony",
        ]
        read_only_fields = fields

    def get_ballot_method(self, item) -> str | None:
        return item.ballot.method if item.ballot_id else None

    def get_ceremony(self, item) -> int | None:
        taking = getattr(item, "oath_taking", None) if item.state == S.SWORN else None
        return taking.ceremony_id if taking else None


class AppointmentItemInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=AppointmentItem.Action.choices)
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    person_name = serializers.CharField(required=False, allow_blank=True, max_length=60)
    gender = serializers.ChoiceField(
        choices=Person.Gender.choices, required=False, allow_blank=True
    )
    post = serializers.CharField(max_length=200)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    reasons = serializers.CharField(required=False, allow_blank=True, max_length=5000)

    def validate(self, data):
        if not data.get("person") and not (data.get("person_name") or "").strip():
            raise serializers.ValidationError(
                {"person": [_("Choose the person or give their name.")]}
            )
        return data


class AppointmentBillSerializer(ModelSerializer):
    items = AppointmentItemSerializer(many=True, read_only=True)
    new_items = AppointmentItemInput(many=True, write_only=True, required=False)
    session = serializers.PrimaryKeyRelatedField(
        queryset=Session.objects.filter(body=Session.Body.STANDING_COMMITTEE),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = AppointmentBill
        fields = [
            "id",
            "term",
            "session",
            "title",
            "nominator",
            "nominating_organisation",
            "submitted_on",
            "grouping",
            "note",
            "items",
            "new_items",
        ]


class AppointmentItemFilter(filters.FilterSet):
    bill = IdFilter()
    session = IdFilter(field_name="bill__session")
    person = IdFilter()
    year = YearFilter(field_name="decided_on", lookup_expr="year")
    appointed = filters.BooleanFilter(method="filter_appointed")
    oath_pending = filters.BooleanFilter(method="filter_oath_pending")

    class Meta:
        model = AppointmentItem
        fields = ["bill", "session", "person", "action", "state", "year"]

    def filter_appointed(self, queryset, name, value):
        appointed = {
            "action": AppointmentItem.Action.APPOINT,
            "state__in": AppointmentItem.DECIDED_YES,
        }
        return queryset.filter(**appointed) if value else queryset.exclude(**appointed)

    def filter_oath_pending(self, queryset, name, value):
        pending = {
            "action": AppointmentItem.Action.APPOINT,
            "state__in": [S.PASSED, S.CERTIFIED],
        }
        return queryset.filter(**pending) if value else queryset.exclude(**pending)


class AppointmentBillFilter(filters.FilterSet):
    session = IdFilter()
    term = IdFilter()
    year = YearFilter(field_name="submitted_on", lookup_expr="year")

    class Meta:
        model = AppointmentBill
        fields = ["session", "term", "nominator", "year"]


class AppointmentDateInput(serializers.Serializer):
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AppointmentStatementInput(serializers.Serializer):
    on = serializers.DateField()
    summary = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class AppointmentVoteInput(serializers.Serializer):
    held_on = serializers.DateField()


class AppointmentVoteEntry(serializers.Serializer):
    voter = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    choice = serializers.ChoiceField(choices=["yes", "no", "abstain"])


class AppointmentVotesInput(serializers.Serializer):
    ballot = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    entries = AppointmentVoteEntry(many=True, allow_empty=False, max_length=1000)


class AppointmentNoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AppointmentBallotSummary(ModelSerializer):
    class Meta:
        model = Ballot
        fields = ["id", "question", "method", "state", "held_on", "electorate_size"]


def _require(request, perm="personnel.manage"):
    if not request.user.has_perm(perm):
        raise PermissionDenied()


class BillViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AppointmentBillSerializer
    permission_classes = [RulesPermission]
    required_perm = "personnel.view"
    filterset_class = AppointmentBillFilter
    search_fields = ["title", "items__person__name"]
    ordering_fields = ["submitted_on"]

    def get_queryset(self):
        return (
            get_bills_for_user(self.request.user)
            .prefetch_related("items__person", "items__organisation", "items__ballot")
            .order_by("-submitted_on", "-pk")
        )

    def _bill(self, pk) -> AppointmentBill:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _done(self, bill, code=status.HTTP_200_OK):
        return Response(AppointmentBillSerializer(self._bill(bill.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        _require(request)  # before validation: refuse, don't explain
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        items = [dict(i) for i in data.pop("new_items", [])]
        bill = services.create_bill(**data, items=items, actor=request.user)
        return self._done(bill, status.HTTP_201_CREATED)

    @extend_schema(request=AppointmentItemInput, responses=AppointmentBillSerializer)
    @action(detail=True, methods=["post"], url_path="add-item", url_name="add-item")
    def add_item(self, request, pk=None):
        _require(request)
        data = dict(validated(AppointmentItemInput, request.data))
        bill = self._bill(pk)
        services.add_item(bill, actor=request.user, **data)
        return self._done(bill, status.HTTP_201_CREATED)

    @extend_schema(request=AppointmentDateInput, responses=AppointmentBillSerializer)
    @action(detail=True, methods=["post"])
    def deliberate(self, request, pk=None):
        _require(request)
        data = validated(AppointmentDateInput, request.data)
        bill = self._bill(pk)
        services.deliberate(bill, on=data["on"], note=data.get("note", ""), actor=request.user)
        return self._done(bill)

    @extend_schema(
        request=AppointmentVoteInput, responses={200: AppointmentBallotSummary(many=True)}
    )
    @action(detail=True, methods=["post"], url_path="put-to-vote", url_name="put-to-vote")
    def put_to_vote(self, request, pk=None):
        _require(request)
        data = validated(AppointmentVoteInput, request.data)
        ballots = services.put_to_vote(self._bill(pk), held_on=data["held_on"], actor=request.user)
        return Response(AppointmentBallotSummary(ballots, many=True).data)

    @extend_schema(request=AppointmentVotesInput, responses={200: dict})
    @action(detail=True, methods=["post"])
    def votes(self, request, pk=None):
        """Votes entered by the clerk (from paper or the voting system) on one of the
        bill's open ballots; the ballot engine counts them."""
        _require(request)
        data = validated(AppointmentVotesInput, request.data)
        bill = self._bill(pk)
        ballot = Ballot.objects.filter(pk=data["ballot"], appointment_items__bill=bill).first()
        if ballot is None:
            raise NotFound(_("No such ballot on this bill."))
        with transaction.atomic():
            count = services.record_votes(
                ballot,
                entries=[(e["voter"], e["choice"]) for e in data["entries"]],
                actor=request.user,
            )
        return Response({"ballot": ballot.pk, "recorded": count})

    @extend_schema(request=None, responses=AppointmentBillSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        _require(request)
        bill = self._bill(pk)
        services.conclude_vote(bill, actor=request.user)
        return self._done(bill)


class ItemViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AppointmentItemSerializer
    permission_classes = [RulesPermission]
    required_perm = "personnel.view"
    filterset_class = AppointmentItemFilter
    search_fields = ["person__name", "post"]
    ordering_fields = ["decided_on", "position"]

    def get_queryset(self):
        return (
            get_items_for_user(self.request.user)
            .select_related("oath_taking")
            .order_by("-bill__submitted_on", "bill_id", "position")
        )

    def _item(self, pk) -> AppointmentItem:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _done(self, item):
        return Response(AppointmentItemSerializer(self._item(item.pk)).data)

    @extend_schema(request=AppointmentStatementInput, responses=AppointmentItemSerializer)
    @action(detail=True, methods=["post"])
    def statement(self, request, pk=None):
        _require(request)
        data = validated(AppointmentStatementInput, request.data)
        return self._done(
            services.record_statement(
                self._item(pk), on=data["on"], summary=data.get("summary", ""), actor=request.user
            )
        )

    @extend_schema(request=AppointmentDateInput, responses=AppointmentItemSerializer)
    @action(
        detail=True, methods=["post"], url_path="issue-certificate", url_name="issue-certificate"
    )
    def issue_certificate(self, request, pk=None):
        _require(request)
        data = validated(AppointmentDateInput, request.data)
        return self._done(
            services.issue_certificate(self._item(pk), on=data["on"], actor=request.user)
        )

    @extend_schema(
        request=None,
        responses={200: OpenApiResponse(description="任命书 (.docx)")},
    )
    @action(detail=True, methods=["get"], url_path="certificate", url_name="certificate")
    def certificate(self, request, pk=None):
        item = self._item(pk)
        if item.state not in {S.CERTIFIED, S.SWORN}:
            raise NotFound(_("No certificate has been issued for this item."))
        return certificate_response(item)

    @extend_schema(request=AppointmentNoteInput, responses=AppointmentItemSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        _require(request)
        note = validated(AppointmentNoteInput, request.data).get("note", "")
        return self._done(services.withdraw_item(self._item(pk), note=note, actor=request.user))


class OathCeremonySerializer(ModelSerializer):
    sworn = serializers.SerializerMethodField()
    items = serializers.PrimaryKeyRelatedField(
        queryset=AppointmentItem.objects.all(), many=True, write_only=True
    )

    class Meta:
        model = OathCeremony
        fields = [
            "id",
            "held_on",
            "place",
            "organiser",
            "session",
            "presided_by",
            "note",
            "sworn",
            "items",
        ]
        read_only_fields = ["organiser"]

    def get_sworn(self, ceremony) -> list[dict]:
        return [
            {
                "item": t.item_id,
                "person": t.item.person_id,
                "person_name": t.item.person.name,
                "post": t.item.post,
            }
            for t in ceremony.oath_takings.all()
        ]


class OathCeremonyFilter(filters.FilterSet):
    year = YearFilter(field_name="held_on", lookup_expr="year")

    class Meta:
        model = OathCeremony
        fields = ["year"]


class CeremonyViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = OathCeremonySerializer
    permission_classes = [RulesPermission]
    required_perm = "personnel.view"
    filterset_class = OathCeremonyFilter
    search_fields = ["place"]

    def get_queryset(self):
        return (
            get_ceremonies_for_user(self.request.user)
            .prefetch_related("oath_takings__item__person")
            .order_by("-held_on", "-pk")
        )

    def create(self, request, *args, **kwargs):
        _require(request)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        ceremony = services.record_ceremony(actor=request.user, **data)
        ceremony = self.get_queryset().get(pk=ceremony.pk)
        return Response(OathCeremonySerializer(ceremony).data, status=status.HTTP_201_CREATED)


ROUTES: list = [
    ("appointment-bills", BillViewSet, "appointment-bill"),
    ("appointments", ItemViewSet, "appointment"),
    ("oath-ceremonies", CeremonyViewSet, "oath-ceremony"),
]
API_PATHS: list = []  # django.urls.path(...) entries
