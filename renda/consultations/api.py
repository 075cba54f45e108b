"""API of consultations: viewsets registered by renda/api_urls.py, and the public
endpoints of the portal (open consultations, a comment, tracking by code). Thin:
access from access.py, changes through services.py (409 on an illegal move, 400 on
bad input)."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import path
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound, PermissionDenied, Throttled
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response

from renda.consultations import provisions as P
from renda.consultations import services
from renda.consultations.access import (
    expert_of,
    get_comments_for_user,
    get_consultations_for_user,
    get_contact_points_for_user,
    get_public_consultations,
    point_ids_of,
)
from renda.consultations.models import (
    OPENABLE_CHANNELS,
    Adoption,
    Channel,
    Comment,
    Consultation,
    ContactPoint,
    channel_q,
)
from renda.core import roles as R
from renda.core.api_permissions import RulesPermission
from renda.core.api_support import ModelSerializer, Pagination, validated
from renda.core.models import Organisation, User
from renda.core.public import client_key
from renda.deputies.api import BoundedPrimaryKeyField


def _pk(queryset, **kwargs):
    return BoundedPrimaryKeyField(queryset=queryset, **kwargs)


class RoleOrPoint(BasePermission):
    """A renda role, or an account acting for a contact point, with the view's rule."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (R.roles_of(user) or point_ids_of(user)):
            return False
        perm = getattr(view, "required_perm", None)
        return perm is None or user.has_perm(perm)


class Mixin:
    def _require(self, perm: str, obj=None) -> None:
        if not self.request.user.has_perm(perm, obj):
            raise PermissionDenied()

    def _object(self, pk):
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _done(self, obj, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(fresh).data, status=code)


# --- consultations -----------------------------------------------------------------------------
class ConsultationSerializer(ModelSerializer):
    legal_text = serializers.CharField(source="version.legal_text.title", read_only=True)
    legal_text_kind = serializers.CharField(source="version.legal_text.kind", read_only=True)
    channels = serializers.ListField(
        source="channel_list", child=serializers.CharField(), read_only=True
    )
    comment_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "version",
            "legal_text",
            "legal_text_kind",
            "title",
            "purpose",
            "opens_on",
            "closes_on",
            "channels",
            "bodies",
            "experts",
            "state",
            "opened_on",
            "closed_on",
            "concluded_on",
            "summary",
            "comment_count",
        ]
        read_only_fields = fields


class ConsultationInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    title = serializers.CharField(max_length=services.TITLE_MAX)
    purpose = serializers.CharField(
        max_length=services.SUMMARY_MAX, required=False, allow_blank=True
    )
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=[c.value for c in OPENABLE_CHANNELS]),
        min_length=1,
        max_length=5,
    )
    bodies = serializers.ListField(
        child=_pk(Organisation.objects.all()), required=False, max_length=200
    )
    experts = serializers.ListField(
        child=serializers.IntegerField(), required=False, max_length=200
    )


class ConsultationCloseInput(serializers.Serializer):
    note = serializers.CharField(max_length=services.REASON_MAX, required=False, allow_blank=True)


class ConsultationConcludeInput(serializers.Serializer):
    summary = serializers.CharField(max_length=services.SUMMARY_MAX)


class ConsultationProvisionSerializer(serializers.Serializer):
    ref = serializers.CharField(allow_blank=True)
    label = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)
    comment_count = serializers.IntegerField()


class ConsultationFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=Consultation.State.choices)
    channel = filters.ChoiceFilter(
        choices=[(c.value, c.label) for c in OPENABLE_CHANNELS], method="by_channel"
    )

    class Meta:
        model = Consultation
        fields = ["state", "channel"]

    def by_channel(self, queryset, name, value):
        return queryset.filter(channel_q(value))


class ConsultationViewSet(Mixin, viewsets.ReadOnlyModelViewSet):
    """Consultations: the office creates, opens, closes and concludes; the committee
    side reads; an expert sees those they are invited to."""

    serializer_class = ConsultationSerializer
    permission_classes = [RulesPermission]
    required_perm = "consultations.view_list"
    filterset_class = ConsultationFilter
    pagination_class = Pagination
    search_fields = ["title"]

    def get_queryset(self):
        return (
            get_consultations_for_user(self.request.user)
            .prefetch_related("bodies", "experts")
            .annotate(comment_count=Count("comments", distinct=True))
            .order_by("-opens_on", "-pk")
        )

    @extend_schema(request=ConsultationInput, responses={201: ConsultationSerializer})
    def create(self, request, *args, **kwargs):
        self._require("consultations.manage")
        data = validated(ConsultationInput, request.data)
        from renda.legislation.models import TextVersion
        from renda.supervision.models import Expert

        version = TextVersion.objects.filter(pk=data.pop("version")).first()
        if version is None:
            raise serializers.ValidationError({"version": ["No such text version."]})
        ids = data.pop("experts", [])
        experts = list(Expert.objects.filter(pk__in=[i for i in ids if 0 < i < 2**31]))
        if len(experts) != len(set(ids)):
            raise serializers.ValidationError({"experts": ["No such expert."]})
        consultation = services.create_consultation(
            version=version, experts=experts, actor=request.user, **data
        )
        return self._done(consultation, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ConsultationSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        self._require("consultations.manage")
        consultation = self._object(pk)
        services.open_consultation(consultation, actor=request.user)
        return self._done(consultation)

    @extend_schema(request=ConsultationCloseInput, responses=ConsultationSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        self._require("consultations.manage")
        consultation = self._object(pk)
        data = validated(ConsultationCloseInput, request.data)
        services.close_consultation(consultation, actor=request.user, note=data.get("note", ""))
        return self._done(consultation)

    @extend_schema(request=ConsultationConcludeInput, responses=ConsultationSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        self._require("consultations.manage")
        consultation = self._object(pk)
        data = validated(ConsultationConcludeInput, request.data)
        services.conclude_consultation(consultation, summary=data["summary"], actor=request.user)
        return self._done(consultation)

    @extend_schema(responses={200: ConsultationProvisionSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def provisions(self, request, pk=None):
        """The version's provisions in text order, each with its comment count."""
        consultation = self._object(pk)
        counts = dict(
            get_comments_for_user(request.user)
            .filter(consultation=consultation)
            .values_list("provision")
            .annotate(n=Count("pk"))
            .order_by()
        )
        rows = [
            {"ref": p.ref, "label": p.label, "text": p.text, "comment_count": counts.get(p.ref, 0)}
            for p in P.provisions(consultation.version.tree)
        ]
        return Response(ConsultationProvisionSerializer(rows, many=True).data)


# --- comments ----------------------------------------------------------------------------------
class AdoptionSerializer(ModelSerializer):
    class Meta:
        model = Adoption
        fields = ["decision", "reason", "decided_at"]


class CommentSerializer(ModelSerializer):
    adoption = serializers.SerializerMethodField()
    citizen_contact = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "consultation",
            "provision",
            "provision_label",
            "text",
            "channel",
            "contact_point",
            "expert",
            "body",
            "citizen_name",
            "citizen_contact",
            "theme",
            "tracking_code",
            "received_at",
            "adoption",
        ]
        read_only_fields = fields

    @extend_schema_field(AdoptionSerializer(allow_null=True))
    def get_adoption(self, comment) -> dict | None:
        adoption = getattr(comment, "adoption", None) if hasattr(comment, "adoption") else None
        return AdoptionSerializer(adoption).data if adoption else None

    def get_citizen_contact(self, comment) -> str:
        """Personal data: the office sees it; others do not."""
        request = self.context.get("request")
        if request is not None and R.has_any_role(request.user, R.REGISTRARS):
            return comment.citizen_contact
        return ""


class CommentInput(serializers.Serializer):
    consultation = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    provision = serializers.CharField(max_length=60, required=False, allow_blank=True)
    text = serializers.CharField(max_length=services.TEXT_MAX)
    citizen_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    citizen_contact = serializers.CharField(max_length=100, required=False, allow_blank=True)
    contact_point = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    body = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    client_token = serializers.CharField(max_length=64, required=False, allow_blank=True)


class CommentAdoptionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Adoption.Decision.choices)
    reason = serializers.CharField(max_length=services.REASON_MAX)


class CommentGroupInput(serializers.Serializer):
    theme = serializers.CharField(max_length=services.THEME_MAX, allow_blank=True)


class CommentFilter(filters.FilterSet):
    consultation = filters.NumberFilter(method="by_consultation")
    channel = filters.ChoiceFilter(choices=Channel.choices)
    provision = filters.CharFilter(max_length=60)
    theme = filters.CharFilter(max_length=services.THEME_MAX)

    class Meta:
        model = Comment
        fields = ["consultation", "channel", "provision", "theme"]

    def by_consultation(self, queryset, name, value):
        if not 0 < value < 2**31:
            return queryset.none()
        return queryset.filter(consultation_id=int(value))


class CommentViewSet(Mixin, viewsets.ReadOnlyModelViewSet):
    """Comments: the committee side reads all; a contact point's accounts their point's;
    an expert their own. Contact points, experts and the office submit; the office
    groups them and decides adoption."""

    serializer_class = CommentSerializer
    permission_classes = [RoleOrPoint]
    required_perm = "consultations.view_comments"
    filterset_class = CommentFilter
    pagination_class = Pagination

    def get_queryset(self):
        return get_comments_for_user(self.request.user).order_by(
            "consultation", "sort_key", "received_at", "pk"
        )

    def _submitter(self, data) -> dict:
        """Who submits, and through which channel; 403 when the user may not."""
        user = self.request.user
        point_id = data.get("contact_point")
        if point_id:
            point = ContactPoint.objects.filter(pk=point_id).first()
            if point is None or not user.has_perm("consultations.submit_for_point", point):
                raise PermissionDenied()
            return {"channel": Channel.CONTACT_POINT, "contact_point": point}
        expert = expert_of(user)
        if expert is not None:
            return {"channel": Channel.EXPERT, "expert": expert}
        if user.has_perm("consultations.manage"):
            body_id = data.get("body")
            if body_id:
                body = Organisation.objects.filter(pk=body_id).first()
                if body is None:
                    raise serializers.ValidationError({"body": ["No such body."]})
                return {"channel": Channel.BODY, "body": body}
            return {"channel": Channel.STAFF}
        raise PermissionDenied()

    @extend_schema(request=CommentInput, responses={201: CommentSerializer, 200: CommentSerializer})
    def create(self, request, *args, **kwargs):
        data = validated(CommentInput, request.data)
        who = self._submitter(data)
        consultation = get_object_or_404(Consultation, pk=data["consultation"])
        comment, created = services.add_comment(
            consultation,
            text=data["text"],
            provision=data.get("provision", ""),
            citizen_name=data.get("citizen_name", ""),
            citizen_contact=data.get("citizen_contact", ""),
            client_token=data.get("client_token") or None,
            author=request.user,
            actor=request.user,
            **who,
        )
        fresh = Comment.objects.select_related("adoption").get(pk=comment.pk)
        return Response(
            self.get_serializer(fresh).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(request=CommentAdoptionInput, responses=CommentSerializer)
    @action(detail=True, methods=["post"])
    def adoption(self, request, pk=None):
        self._require("consultations.manage")
        comment = self._object(pk)
        data = validated(CommentAdoptionInput, request.data)
        services.decide_adoption(comment, actor=request.user, **data)
        return self._done(comment)

    @extend_schema(request=CommentGroupInput, responses=CommentSerializer)
    @action(detail=True, methods=["post"])
    def group(self, request, pk=None):
        self._require("consultations.manage")
        comment = self._object(pk)
        data = validated(CommentGroupInput, request.data)
        services.group_comments([comment], theme=data["theme"], actor=request.user)
        return self._done(comment)


# --- contact points ----------------------------------------------------------------------------
class ContactPointSerializer(ModelSerializer):
    comment_count = serializers.IntegerField(read_only=True)
    adopted_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ContactPoint
        fields = [
            "id",
            "kind",
            "name",
            "area",
            "district",
            "address",
            "contact_person",
            "phone",
            "designated_on",
            "is_active",
            "comment_count",
            "adopted_count",
        ]
        read_only_fields = fields


class ContactPointInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ContactPoint.Kind.choices)
    name = serializers.CharField(max_length=200)
    area = serializers.CharField(max_length=200, required=False, allow_blank=True)
    district = _pk(Organisation.objects.all(), required=False, allow_null=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_person = serializers.CharField(max_length=60, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    designated_on = serializers.DateField()
    is_active = serializers.BooleanField(required=False, default=True)
    users = serializers.ListField(
        child=_pk(User.objects.filter(is_active=True)), required=False, max_length=100
    )


class ContactPointViewSet(Mixin, viewsets.ReadOnlyModelViewSet):
    """Contact points and legislative bases: the committee side sees all; a point's
    accounts their own point."""

    serializer_class = ContactPointSerializer
    permission_classes = [RoleOrPoint]
    pagination_class = Pagination

    def get_queryset(self):
        adopted = Q(comments__adoption__decision=Adoption.Decision.ADOPTED)
        return (
            get_contact_points_for_user(self.request.user)
            .annotate(
                comment_count=Count("comments", distinct=True),
                adopted_count=Count("comments", filter=adopted, distinct=True),
            )
            .order_by("kind", "name", "pk")
        )

    @extend_schema(request=ContactPointInput, responses={201: ContactPointSerializer})
    def create(self, request, *args, **kwargs):
        self._require("consultations.manage_contact_points")
        data = validated(ContactPointInput, request.data)
        users = data.pop("users", [])
        point = services.create_contact_point(actor=request.user, users=users, **data)
        return self._done(point, status.HTTP_201_CREATED)


# --- public endpoints (the portal) -------------------------------------------------------------
class PublicConsultationSerializer(ModelSerializer):
    legal_text = serializers.CharField(source="version.legal_text.title", read_only=True)

    class Meta:
        model = Consultation
        fields = ["id", "title", "legal_text", "purpose", "opens_on", "closes_on"]
        read_only_fields = fields


class PublicProvisionSerializer(serializers.Serializer):
    ref = serializers.CharField(allow_blank=True)
    label = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)


class PublicConsultationDetailSerializer(PublicConsultationSerializer):
    provisions = serializers.SerializerMethodField()

    class Meta(PublicConsultationSerializer.Meta):
        fields = [*PublicConsultationSerializer.Meta.fields, "provisions"]
        read_only_fields = fields

    @extend_schema_field(PublicProvisionSerializer(many=True))
    def get_provisions(self, consultation) -> list[dict]:
        return [
            {"ref": p.ref, "label": p.label, "text": p.text}
            for p in P.provisions(consultation.version.tree)
        ]


class PublicCommentInput(serializers.Serializer):
    provision = serializers.CharField(max_length=60, required=False, allow_blank=True)
    text = serializers.CharField(max_length=services.TEXT_MAX)
    citizen_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    citizen_contact = serializers.CharField(max_length=100, required=False, allow_blank=True)
    client_token = serializers.CharField(max_length=64, required=False, allow_blank=True)


class CommentReceiptSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    provision_label = serializers.CharField(allow_blank=True)
    created = serializers.BooleanField()


class CommentTrackingCodeInput(serializers.Serializer):
    code = serializers.CharField(max_length=20)


class CommentStatusSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    consultation = serializers.CharField()
    consultation_state = serializers.CharField()
    provision = serializers.CharField(allow_blank=True)
    provision_label = serializers.CharField(allow_blank=True)
    text = serializers.CharField()
    received_at = serializers.DateTimeField()
    decision = serializers.CharField(allow_blank=True)
    decision_label = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_blank=True)
    decided_at = serializers.DateTimeField(allow_null=True)


@extend_schema(responses=PublicConsultationSerializer(many=True))
@api_view(["GET"])
@permission_classes([AllowAny])
def public_list(request):
    """Consultations open to the public now."""
    rows = get_public_consultations()[:200]
    return Response(PublicConsultationSerializer(rows, many=True).data)


@extend_schema(responses=PublicConsultationDetailSerializer)
@api_view(["GET"])
@permission_classes([AllowAny])
def public_detail(request, pk):
    consultation = get_object_or_404(get_public_consultations(), pk=pk)
    return Response(PublicConsultationDetailSerializer(consultation).data)


@extend_schema(
    request=PublicCommentInput,
    responses={201: CommentReceiptSerializer, 200: CommentReceiptSerializer},
)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes([])
def public_comment(request, pk):
    """A citizen's comment; anyone may, rate-limited; the same client_token never makes two."""
    consultation = get_object_or_404(get_public_consultations(), pk=pk)
    data = validated(PublicCommentInput, request.data)
    try:
        comment, created = services.add_comment(
            consultation,
            text=data["text"],
            provision=data.get("provision", ""),
            channel=Channel.PORTAL,
            citizen_name=data.get("citizen_name", ""),
            citizen_contact=data.get("citizen_contact", ""),
            client_token=data.get("client_token") or None,
            client_key=client_key(request),
        )
    except services.RateLimited as exc:
        raise Throttled(detail=str(exc)) from exc
    body = {
        "tracking_code": comment.tracking_code,
        "provision_label": comment.provision_label,
        "created": created,
    }
    return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@extend_schema(request=CommentTrackingCodeInput, responses=CommentStatusSerializer)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes([])
def track(request):
    """The comment and the decision on it, for the holder of its tracking code."""
    code = validated(CommentTrackingCodeInput, request.data)["code"]
    if not services.lookup_allowed(client_key(request)):
        raise Throttled()
    comment = services.comment_for_code(code)
    if comment is None:
        raise NotFound()
    return Response(CommentStatusSerializer(services.public_status(comment)).data)


ROUTES = [
    ("consultations", ConsultationViewSet, "consultation"),
    ("consultation-comments", CommentViewSet, "consultation-comment"),
    ("contact-points", ContactPointViewSet, "contact-point"),
]
API_PATHS = [
    path("public-consultations/", public_list, name="public-consultation-list"),
    path("public-consultations/<int:pk>/", public_detail, name="public-consultation-detail"),
    path(
        "public-consultations/<int:pk>/comments/",
        public_comment,
        name="public-consultation-comment",
    ),
    path("public-consultations/track/", track, name="public-consultation-track"),
]
