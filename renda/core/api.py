"""Read API over the core registers. Querysets come from the access helpers only."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from renda.core import access
from renda.core.api_filters import IdFilter
from renda.core.api_permissions import RulesPermission
from renda.core.api_support import ModelSerializer
from renda.core.models import CommitteeMember, Deputy, Organisation, Term
from renda.core.privacy import mask_phone, mask_text


class LoginThrottle(AnonRateThrottle):
    rate = "30/minute"


class TokenRequest(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)


@extend_schema(
    summary="Exchange a username and password for an API token",
    request=TokenRequest,
    responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([LoginThrottle])
def obtain_token(request):
    data = TokenRequest(data=request.data)
    data.is_valid(raise_exception=True)
    user = authenticate(
        request._request,
        username=data.validated_data["username"],
        password=data.validated_data["password"],
    )
    if user is None or not user.is_active:
        raise AuthenticationFailed(_("Wrong username or password."))
    token, _created = Token.objects.get_or_create(user=user)
    return Response({"token": token.key})


class TermSerializer(ModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "number", "start_date", "end_date"]


class OrganisationSerializer(ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "kind_display",
            "parent",
            "is_handling_unit",
            "contact_person",
            "contact_phone",
            "address",
            "is_active",
        ]


class DeputySerializer(ModelSerializer):
    name = serializers.CharField(source="person.name")
    gender = serializers.CharField(source="person.gender")
    ethnicity = serializers.CharField(source="person.ethnicity")
    party = serializers.CharField(source="person.party")
    mobile = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()
    term = serializers.IntegerField(source="term.number")
    delegation_name = serializers.CharField(source="delegation.name")

    class Meta:
        model = Deputy
        fields = [
            "id",
            "code",
            "name",
            "gender",
            "ethnicity",
            "party",
            "term",
            "delegation",
            "delegation_name",
            "constituency",
            "sector",
            "occupation",
            "status",
            "mandate_ended_on",
            "mobile",
            "address",
        ]

    def _may_see_contact(self, deputy) -> bool:
        decided = self.context.setdefault("contact_visible", {})
        if deputy.pk not in decided:
            user = self.context["request"].user
            decided[deputy.pk] = user.has_perm("core.view_deputy_contact", deputy)
        return decided[deputy.pk]

    def get_mobile(self, deputy) -> str:
        phone = deputy.person.mobile
        return phone if self._may_see_contact(deputy) else mask_phone(phone)

    def get_address(self, deputy) -> str:
        return deputy.address if self._may_see_contact(deputy) else mask_text(deputy.address)


class CommitteeMemberSerializer(ModelSerializer):
    name = serializers.CharField(source="person.name")
    term = serializers.IntegerField(source="term.number")

    class Meta:
        model = CommitteeMember
        fields = ["id", "name", "term", "post", "start_date", "end_date"]


class DeputyFilter(filters.FilterSet):
    term = IdFilter(field_name="term__number")

    class Meta:
        model = Deputy
        fields = ["term", "delegation", "status", "sector"]


class DeputyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DeputySerializer
    permission_classes = [RulesPermission]
    required_perm = "core.view_deputy_list"
    filterset_class = DeputyFilter
    search_fields = ["person__name", "code", "occupation", "constituency"]
    ordering_fields = ["code", "person__name"]

    def get_queryset(self):
        return access.get_deputies_for_user(self.request.user).order_by("delegation__code", "code")


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    filterset_fields = ["kind", "parent", "is_handling_unit", "is_active"]
    search_fields = ["name", "short_name", "code"]
    ordering_fields = ["code", "name"]

    def get_queryset(self):
        return access.get_organisations_for_user(self.request.user).order_by("kind", "code")


class CommitteeMemberViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CommitteeMemberSerializer
    filterset_fields = ["post"]
    search_fields = ["person__name"]

    def get_queryset(self):
        return access.get_committee_members_for_user(self.request.user).order_by(
            "term", "post", "pk"
        )


class TermViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TermSerializer
    queryset = Term.objects.all()
    pagination_class = None
