"""Motions and suggestions through the API."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from renda.core import clock
from renda.core.api_filters import MAX_ID, IdFilter
from renda.core.api_permissions import RulesPermission
from renda.core.api_support import ModelSerializer, validated
from renda.core.models import Deputy, Organisation, Session
from renda.handling.api import CaseSerializer
from renda.suggestions import services
from renda.suggestions.access import get_suggestions_for_user
from renda.suggestions.models import Suggestion


class DeputiesField(serializers.ManyRelatedField):
    """Deputies by primary key, fetched in one query however many there are."""

    def to_internal_value(self, data):
        if isinstance(data, str) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        try:
            keys = [int(key) for key in data]
        except (TypeError, ValueError):
            raise serializers.ValidationError(_("Give deputies by number.")) from None
        out_of_range = [key for key in keys if not 0 < key <= MAX_ID]
        if out_of_range:  # a number the database's integers cannot hold is no deputy
            raise serializers.ValidationError(
                _("No such deputy: %(keys)s.") % {"keys": ", ".join(map(str, out_of_range))[:80]}
            )
        found = self.child_relation.get_queryset().in_bulk(keys)
        missing = [key for key in keys if key not in found]
        if missing:
            raise serializers.ValidationError(
                _("No such deputy: %(keys)s.") % {"keys": ", ".join(map(str, missing))}
            )
        return [found[key] for key in dict.fromkeys(keys)]


class SuggestionSerializer(ModelSerializer):
    reference = serializers.CharField(read_only=True)
    lead_deputy_name = serializers.CharField(source="lead_deputy.person.name", read_only=True)
    co_signers = DeputiesField(
        child_relation=serializers.PrimaryKeyRelatedField(queryset=Deputy.objects.all()),
        required=False,
    )
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.filter(body="congress"))
    case = CaseSerializer(read_only=True)

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "type",
            "state",
            "session",
            "number",
            "reference",
            "title",
            "text",
            "category",
            "lead_deputy",
            "lead_deputy_name",
            "co_signers",
            "delegation",
            "may_publish",
            "review_note",
            "converted_from",
            "merged_into",
            "submitted_at",
            "case",
        ]
        read_only_fields = [
            "state",
            "number",
            "lead_deputy",
            "review_note",
            "converted_from",
            "merged_into",
            "submitted_at",
        ]


class SuggestionFilter(filters.FilterSet):
    session = IdFilter()
    delegation = IdFilter(field_name="lead_deputy__delegation")
    is_key = filters.BooleanFilter(field_name="case__is_key")
    case_state = filters.CharFilter(field_name="case__state")
    unit = IdFilter(field_name="case__assignments__unit", distinct=True)

    class Meta:
        model = Suggestion
        fields = [
            "type",
            "state",
            "category",
            "session",
            "delegation",
            "is_key",
            "case_state",
            "unit",
        ]


class SimilarItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    score = serializers.FloatField()


class ReviewNoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=5000)


class RegisterInput(serializers.Serializer):
    is_difficult = serializers.BooleanField(required=False, default=False)
    difficulty_reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class MergeInput(serializers.Serializer):
    into = serializers.PrimaryKeyRelatedField(queryset=Suggestion.objects.all())
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class SuggestionViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    serializer_class = SuggestionSerializer
    permission_classes = [RulesPermission]
    required_perm = "suggestions.view_list"
    filterset_class = SuggestionFilter
    search_fields = ["title", "text", "lead_deputy__person__name"]
    ordering_fields = ["number", "submitted_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            get_suggestions_for_user(self.request.user)
            .select_related("case__lead_leader")
            .prefetch_related("co_signers", "case__assignments__unit")
            .order_by(*Suggestion._meta.ordering)
        )

    def _item(self, pk) -> Suggestion:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _require(self, perm):
        if not self.request.user.has_perm(perm):
            raise PermissionDenied()

    def _deputy_mandate(self, session) -> Deputy:
        try:  # one mandate per person and term (core_deputy_one_per_term)
            return Deputy.objects.select_related("person").get(
                person_id=self.request.user.person_id, term_id=session.term_id
            )
        except Deputy.DoesNotExist:
            raise ValidationError(
                {"session": [_("You are not a deputy of this session's term.")]}
            ) from None

    def create(self, request, *args, **kwargs):
        self._require("suggestions.draft")  # before validation: refuse, don't explain
        return super().create(request, *args, **kwargs)

    # save_draft is the transaction (one more around it would only add a savepoint)
    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        co_signers = data.pop("co_signers", [])
        item = Suggestion(**data, lead_deputy=self._deputy_mandate(data["session"]))
        serializer.instance = services.save_draft(
            item, co_signers=co_signers, actor=self.request.user
        )

    @transaction.atomic
    def perform_update(self, serializer):
        item = serializer.instance
        data = dict(serializer.validated_data)
        co_signers = data.pop("co_signers", None)
        for name, value in data.items():
            setattr(item, name, value)
        serializer.instance = services.save_draft(
            item,
            co_signers=list(item.co_signers.all()) if co_signers is None else co_signers,
            actor=self.request.user,
        )

    def _done(self, item, code=status.HTTP_200_OK):
        return Response(SuggestionSerializer(self._item(item.pk)).data, status=code)

    @extend_schema(request=None, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._done(services.submit(self._item(pk), actor=request.user))

    @extend_schema(request=ReviewNoteInput, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        self._require("suggestions.review")
        note = validated(ReviewNoteInput, request.data)["note"]
        return self._done(
            services.return_for_revision(self._item(pk), note=note, actor=request.user)
        )

    @extend_schema(request=ReviewNoteInput, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        self._require("suggestions.review")
        note = validated(ReviewNoteInput, request.data)["note"]
        return self._done(services.decline(self._item(pk), note=note, actor=request.user))

    @extend_schema(request=RegisterInput, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        self._require("suggestions.review")
        data = validated(RegisterInput, request.data)
        return self._done(services.register(self._item(pk), actor=request.user, **data))

    @extend_schema(request=ReviewNoteInput, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def convert(self, request, pk=None):
        self._require("suggestions.review")
        note = request.data.get("note", "") if hasattr(request.data, "get") else ""
        created = services.convert_motion(self._item(pk), actor=request.user, note=str(note)[:2000])
        return self._done(created, status.HTTP_201_CREATED)

    @extend_schema(request=MergeInput, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        self._require("suggestions.review")
        data = validated(MergeInput, request.data)
        into = self._item(data["into"].pk)
        return self._done(
            services.merge(self._item(pk), into=into, actor=request.user, note=data.get("note", ""))
        )

    @extend_schema(responses={200: SimilarItemSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def similar(self, request, pk=None):
        self._require("suggestions.review")
        pairs = services.similar_items(self._item(pk))
        return Response(
            [
                {"id": s.pk, "reference": s.reference, "title": s.title, "score": score}
                for s, score in pairs
            ]
        )


class CommendInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=1980, max_value=2100)
    suggestion = serializers.PrimaryKeyRelatedField(
        queryset=Suggestion.objects.all(), required=False, allow_null=True
    )
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    reason = serializers.CharField(max_length=2000)


class YearQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=1980, max_value=2100, required=False)


@extend_schema(parameters=[YearQuery], request=CommendInput, responses={200: dict, 201: dict})
@api_view(["GET", "POST"])
def commendations(request):
    """Candidates computed from the records (GET ?year=) and the office's choice (POST)."""
    from renda.suggestions import commendations as service
    from renda.suggestions.models import Commendation

    if not request.user.has_perm("suggestions.view_commendations"):
        raise PermissionDenied()
    if request.method == "POST":
        if not request.user.has_perm("suggestions.review"):
            raise PermissionDenied()
        data = validated(CommendInput, request.data)
        row = service.commend(
            data["year"],
            reason=data["reason"],
            actor=request.user,
            suggestion=data.get("suggestion"),
            unit=data.get("unit"),
        )
        return Response(
            {"id": row.pk, "year": row.year, "type": row.type}, status=status.HTTP_201_CREATED
        )
    year = validated(YearQuery, request.query_params).get("year") or clock.today().year
    return Response(
        {
            "year": year,
            "units": [
                {
                    "unit": r["unit_ref"],
                    "name": r["unit_name"],
                    "items": r["total"],
                    "satisfaction_rate": r["satisfaction_rate"],
                    "implementation_rate": r["implementation_rate"],
                }
                for r in service.unit_candidates(year)
            ],
            "suggestions": [
                {"id": s.pk, "reference": s.reference, "title": s.title}
                for s in service.suggestion_candidates(year)
            ],
            "commended": list(
                Commendation.objects.filter(year=year).values(
                    "id", "type", "suggestion", "unit", "reason"
                )
            ),
        }
    )
