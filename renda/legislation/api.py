"""/api/v1/ entries of legislation: legal texts and their versions.

GET  legal-texts/                      texts (search, kind filter)
POST legal-texts/                      create a text (office)
GET  legal-texts/{id}/                 a text with its versions
POST legal-texts/{id}/versions/        a new version from pasted text (JSON) or a
                                       .docx (multipart ``file``) — office
GET  legal-texts/{id}/comparison/?a=&b= the comparison table of versions a and b
                                       (numbers; by default the last two), JSON
GET  text-versions/                    versions (filter ``legal_text``)
GET  text-versions/{id}/               a version with its source text
GET  text-versions/{id}/structure/     its parsed tree and problems
GET  text-versions/{id}/akn/           Akoma Ntoso 3.0 XML
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from renda.core.api_filters import IdFilter
from renda.core.api_permissions import RulesPermission
from renda.core.api_support import ModelSerializer, validated
from renda.core.models import Organisation
from renda.legislation import api_projects, services
from renda.legislation.access import get_texts_for_user, get_versions_for_user
from renda.legislation.comparison import compare
from renda.legislation.documents import MAX_UPLOAD_BYTES
from renda.legislation.models import LegalText, TextVersion
from renda.legislation.problems import described
from renda.legislation.services import MAX_TEXT_CHARS
from renda.legislation.views import akn_response, pick_versions, version_payload

MANAGE = "legislation.manage_texts"


def _require(request):
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied()


class VersionSummarySerializer(ModelSerializer):
    problem_count = serializers.SerializerMethodField()

    class Meta:
        model = TextVersion
        fields = [
            "id",
            "legal_text",
            "number",
            "label",
            "source",
            "file_name",
            "article_count",
            "problem_count",
            "note",
            "created_at",
        ]
        read_only_fields = fields

    def get_problem_count(self, version) -> int:
        return len(version.problems or [])


class VersionDetailSerializer(VersionSummarySerializer):
    problems = serializers.SerializerMethodField()

    class Meta(VersionSummarySerializer.Meta):
        fields = [*VersionSummarySerializer.Meta.fields, "problems", "source_text"]
        read_only_fields = fields

    def get_problems(self, version) -> list[dict]:
        return described(version.problems or [])


class LegalTextSerializer(ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    versions = VersionSummarySerializer(many=True, read_only=True)

    class Meta:
        model = LegalText
        fields = [
            "id",
            "title",
            "kind",
            "organisation",
            "note",
            "created_at",
            "updated_at",
            "versions",
        ]
        read_only_fields = ["created_at", "updated_at", "versions"]
        extra_kwargs = {"note": {"max_length": 2000}}


class VersionInput(serializers.Serializer):
    text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=MAX_TEXT_CHARS
    )
    file = serializers.FileField(required=False, max_length=200)
    label = serializers.CharField(required=False, allow_blank=True, max_length=100)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    def validate_file(self, upload):
        if upload.size > MAX_UPLOAD_BYTES:
            raise serializers.ValidationError(
                _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_UPLOAD_BYTES // 2**20}
            )
        return upload

    def validate(self, data):
        has_text = bool((data.get("text") or "").strip())
        if has_text == bool(data.get("file")):
            raise serializers.ValidationError(
                {"text": [_("Give the text, or a .docx file as 'file' (one of the two).")]}
            )
        return data


class ComparisonQuery(serializers.Serializer):
    a = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    b = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class LegalTextFilter(filters.FilterSet):
    class Meta:
        model = LegalText
        fields = ["kind"]


class LegalTextViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = LegalTextSerializer
    permission_classes = [RulesPermission]
    required_perm = "legislation.view_texts"
    filterset_class = LegalTextFilter
    search_fields = ["title"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return (
            get_texts_for_user(self.request.user)
            .prefetch_related("versions")
            .order_by("-updated_at", "-pk")
        )

    def create(self, request, *args, **kwargs):
        _require(request)  # before validation: refuse, don't explain
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        legal_text = services.create_text(actor=request.user, **serializer.validated_data)
        legal_text = self.get_queryset().get(pk=legal_text.pk)
        return Response(LegalTextSerializer(legal_text).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VersionInput, responses={201: VersionDetailSerializer})
    @action(detail=True, methods=["post"])
    def versions(self, request, pk=None):
        _require(request)
        data = validated(VersionInput, request.data)
        legal_text = get_object_or_404(self.get_queryset(), pk=pk)
        upload = data.get("file")
        version = services.add_version(
            legal_text,
            actor=request.user,
            text=None if upload else data["text"],
            docx=upload.read() if upload else None,
            file_name=upload.name if upload else "",
            label=data.get("label", ""),
            note=data.get("note", ""),
        )
        return Response(VersionDetailSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("a", int, description="old version number"),
            OpenApiParameter("b", int, description="new version number"),
        ],
        responses={200: OpenApiResponse(description="The comparison table (rows of articles)")},
    )
    @action(detail=True, methods=["get"])
    def comparison(self, request, pk=None):
        query = validated(ComparisonQuery, request.query_params)
        legal_text = get_object_or_404(self.get_queryset(), pk=pk)
        old, new = pick_versions(legal_text, query.get("a"), query.get("b"))
        table = compare(old.tree, new.tree)
        return Response(
            {
                "legal_text": legal_text.pk,
                "old": {"number": old.number, "label": old.display_label},
                "new": {"number": new.number, "label": new.display_label},
                **table,
            }
        )


class VersionFilter(filters.FilterSet):
    legal_text = IdFilter()

    class Meta:
        model = TextVersion
        fields = ["legal_text"]


class TextVersionViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [RulesPermission]
    required_perm = "legislation.view_texts"
    filterset_class = VersionFilter

    def get_serializer_class(self):
        return VersionDetailSerializer if self.action == "retrieve" else VersionSummarySerializer

    def get_queryset(self):
        return get_versions_for_user(self.request.user).order_by("legal_text_id", "number")

    @extend_schema(responses={200: OpenApiResponse(description="tree and problems")})
    @action(detail=True, methods=["get"])
    def structure(self, request, pk=None):
        return Response(version_payload(self.get_object()))

    @extend_schema(responses={200: OpenApiResponse(description="Akoma Ntoso 3.0 XML")})
    @action(detail=True, methods=["get"])
    def akn(self, request, pk=None):
        return akn_response(self.get_object())


ROUTES: list = [
    ("legal-texts", LegalTextViewSet, "legal-text"),
    ("text-versions", TextVersionViewSet, "text-version"),
    *api_projects.ROUTES,
]
API_PATHS: list = []
