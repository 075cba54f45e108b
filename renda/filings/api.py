"""/api/v1/ entries of filing and review: filings (issuers file, the office checks),
reviews (start, extend, finish; the assistant), corrections (the issuer replies; the
office closes or has the committee vote on revocation), review requests (anyone submits
and tracks by code; the office acknowledges, reviews, answers), annual lists with
coverage, and the annual report (.docx). 409 on an illegal move, 400 on bad input."""

import base64
import binascii

from django.shortcuts import get_object_or_404
from django.urls import path
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound, PermissionDenied, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from renda.core import clock
from renda.core import roles as R
from renda.core.api_filters import IdFilter, YearFilter
from renda.core.api_permissions import RulesPermission
from renda.core.api_support import ModelSerializer, validated
from renda.core.models import Organisation
from renda.core.public import client_key
from renda.filings import assistant, documents, services
from renda.filings.access import (
    get_annual_lists_for_user,
    get_corrections_for_user,
    get_filings_for_user,
    get_requests_for_user,
    get_reviews_for_user,
)
from renda.filings.forms import committees
from renda.filings.models import (
    AnnualList,
    CorrectionNotice,
    Filing,
    Review,
    ReviewRequest,
)
from renda.handling.documents import docx_response

MAX_DOCX_BYTES = 10 * 1024 * 1024


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied()


# --- serializers -----------------------------------------------------------------------
class FilingSerializer(ModelSerializer):
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)

    class Meta:
        model = Filing
        fields = [
            "id",
            "issuer",
            "issuer_name",
            "title",
            "document_number",
            "adopted_on",
            "published_on",
            "legal_basis",
            "explanation",
            "state",
            "filed_on",
            "is_late",
            "days_after_publication",
            "check_due",
            "check_rule",
            "checked_on",
            "return_reason",
            "times_returned",
            "legal_text",
            "version",
        ]
        read_only_fields = fields


class FilingInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    document_number = serializers.CharField(max_length=80)
    adopted_on = serializers.DateField()
    published_on = serializers.DateField()
    legal_basis = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    explanation = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    text = serializers.CharField(max_length=services.MAX_TEXT, required=False, allow_blank=True)
    docx_base64 = serializers.CharField(
        required=False, allow_blank=True, help_text="The text as a .docx file, base64-encoded."
    )


class FilingRefileInput(serializers.Serializer):
    text = serializers.CharField(max_length=services.MAX_TEXT, required=False, allow_blank=True)
    docx_base64 = serializers.CharField(required=False, allow_blank=True)
    legal_basis = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class FilingNoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class FilingReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


def _docx(data) -> bytes | None:
    raw = data.get("docx_base64") or ""
    if not raw:
        return None
    try:
        content = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise serializers.ValidationError({"docx_base64": ["Not valid base64."]}) from None
    if len(content) > MAX_DOCX_BYTES:
        raise serializers.ValidationError({"docx_base64": ["The file is larger than 10 MB."]})
    return content


class FilingReviewSerializer(ModelSerializer):
    filing_title = serializers.CharField(source="filing.title", read_only=True)
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    correction = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "filing",
            "filing_title",
            "type",
            "committee",
            "committee_name",
            "reviewer",
            "state",
            "started_on",
            "due_on",
            "deadline_rule",
            "extended",
            "extension_reason",
            *Review.QUESTIONS,
            "finding",
            "finding_text",
            "finished_on",
            "correction",
        ]
        read_only_fields = fields

    def get_correction(self, review) -> int | None:
        try:
            return review.correction.pk
        except CorrectionNotice.DoesNotExist:
            return None


class FilingStartReviewInput(serializers.Serializer):
    filing = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    type = serializers.ChoiceField(
        choices=[c for c in Review.Type.choices if c[0] != Review.Type.ON_REQUEST]
    )
    committee = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class FilingFinishInput(serializers.Serializer):
    exceeds_power = serializers.BooleanField(required=False, default=False)
    conflicts_with_higher_law = serializers.BooleanField(required=False, default=False)
    restricts_rights = serializers.BooleanField(required=False, default=False)
    clearly_improper = serializers.BooleanField(required=False, default=False)
    finding_text = serializers.CharField(max_length=10_000)


class FilingCorrectionSerializer(ModelSerializer):
    filing = serializers.IntegerField(source="review.filing_id", read_only=True)
    filing_title = serializers.CharField(source="review.filing.title", read_only=True)
    reply_due = serializers.DateField(source="case.reply_due", read_only=True)
    case_state = serializers.CharField(source="case.state", read_only=True)

    class Meta:
        model = CorrectionNotice
        fields = [
            "id",
            "review",
            "filing",
            "filing_title",
            "case",
            "case_state",
            "reply_due",
            "opinion",
            "state",
            "outcome",
            "issuer_reply",
            "ballot",
            "closed_on",
        ]
        read_only_fields = fields


class FilingCorrectionReplyInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=CorrectionNotice.REPLY_OUTCOMES)
    text = serializers.CharField(max_length=10_000)
    contact_person = serializers.CharField(max_length=60)
    contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    amended_text = serializers.CharField(
        max_length=services.MAX_TEXT, required=False, allow_blank=True
    )


class FilingCloseInput(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    outcome = serializers.ChoiceField(
        choices=["amended", "repealed"], required=False, allow_blank=True
    )


class FilingRevocationInput(serializers.Serializer):
    held_on = serializers.DateField()


class FilingRequestSerializer(ModelSerializer):
    requester_name = serializers.SerializerMethodField()
    requester_contact = serializers.SerializerMethodField()

    def _office_only(self, value: str) -> str:
        """Personal data (R91): the office handling the request sees it; others do not."""
        request = self.context.get("request")
        if request is not None and R.has_any_role(request.user, R.REGISTRARS):
            return value
        return ""

    def get_requester_name(self, item) -> str:
        return self._office_only(item.requester_name)

    def get_requester_contact(self, item) -> str:
        return self._office_only(item.requester_contact)

    class Meta:
        model = ReviewRequest
        fields = [
            "id",
            "tracking_code",
            "requester_kind",
            "requester_name",
            "requester_contact",
            "document_title",
            "document_number",
            "reasons",
            "channel",
            "state",
            "submitted_at",
            "acknowledged_on",
            "filing",
            "review",
            "outcome",
            "answered_on",
        ]
        read_only_fields = fields


class FilingRequestInput(serializers.Serializer):
    requester_kind = serializers.ChoiceField(choices=ReviewRequest.RequesterKind.choices)
    document_title = serializers.CharField(max_length=200)
    document_number = serializers.CharField(max_length=80, required=False, allow_blank=True)
    reasons = serializers.CharField(max_length=5000)
    requester_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    requester_contact = serializers.CharField(max_length=100, required=False, allow_blank=True)
    client_token = serializers.CharField(max_length=64, required=False, allow_blank=True)


class FilingReceiptSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    state = serializers.CharField()


class FilingAcknowledgeInput(serializers.Serializer):
    filing = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class FilingRequestReviewInput(serializers.Serializer):
    committee = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class FilingAnswerInput(serializers.Serializer):
    outcome = serializers.CharField(max_length=5000)


class FilingCodeInput(serializers.Serializer):
    code = serializers.CharField(max_length=20)


class FilingStatusSerializer(serializers.Serializer):
    code = serializers.CharField()
    document_title = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField()
    submitted_on = serializers.DateField()
    acknowledged_on = serializers.DateField(allow_null=True)
    answered_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField(allow_blank=True)


class FilingMissingSerializer(serializers.Serializer):
    document_number = serializers.CharField()
    title = serializers.CharField()


class FilingCoverageSerializer(serializers.Serializer):
    """One issuer's coverage of a year: documents listed, filed, never filed."""

    issuer = serializers.IntegerField()
    issuer_name = serializers.CharField()
    listed = serializers.IntegerField()
    filed = serializers.IntegerField()
    coverage = serializers.FloatField(allow_null=True)
    missing = FilingMissingSerializer(many=True)


class FilingAnnualListSerializer(ModelSerializer):
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)
    entries = serializers.SerializerMethodField()

    class Meta:
        model = AnnualList
        fields = ["id", "issuer", "issuer_name", "year", "submitted_on", "entries"]
        read_only_fields = fields

    def get_entries(self, annual) -> list[dict]:
        return [
            {"document_number": e.document_number, "title": e.title, "published_on": e.published_on}
            for e in annual.entries.all()
        ]


class FilingListEntryInput(serializers.Serializer):
    document_number = serializers.CharField(max_length=80)
    title = serializers.CharField(max_length=200)
    published_on = serializers.DateField(required=False, allow_null=True)


class FilingAnnualListInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=1980, max_value=2100)
    entries = FilingListEntryInput(many=True, allow_empty=False, max_length=2000)


class FilingYearQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=1980, max_value=2100, required=False)


# --- filters ------------------------------------------------------------------------------
class FilingFilter(filters.FilterSet):
    year = YearFilter(field_name="filed_on", lookup_expr="year")
    issuer = IdFilter()

    class Meta:
        model = Filing
        fields = ["state", "is_late", "year", "issuer"]


class FilingReviewFilter(filters.FilterSet):
    filing = IdFilter()

    class Meta:
        model = Review
        fields = ["state", "type", "finding", "filing"]


# --- viewsets --------------------------------------------------------------------------------
def _committee(pk) -> Organisation:
    found = committees().filter(pk=pk).first()
    if found is None:
        raise serializers.ValidationError({"committee": ["Choose a special or working committee."]})
    return found


class FilingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = FilingSerializer
    permission_classes = [RulesPermission]
    required_perm = "filings.view"
    filterset_class = FilingFilter
    search_fields = ["title", "document_number"]

    def get_queryset(self):
        return get_filings_for_user(self.request.user).order_by("-filed_on", "-pk")

    def _filing(self, pk) -> Filing:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _done(self, filing, code=status.HTTP_200_OK):
        return Response(FilingSerializer(self._filing(filing.pk)).data, status=code)

    @extend_schema(request=FilingInput, responses={201: FilingSerializer})
    def create(self, request, *args, **kwargs):
        """An issuer (a unit handler of the issuing body) files a document."""
        _require(request, "filings.file")
        data = validated(FilingInput, request.data)
        docx = _docx(data)
        filing = services.file_document(
            issuer=request.user.organisation,
            title=data["title"],
            document_number=data["document_number"],
            adopted_on=data["adopted_on"],
            published_on=data["published_on"],
            legal_basis=data.get("legal_basis", ""),
            explanation=data.get("explanation", ""),
            text=None if docx else data.get("text", ""),
            docx=docx,
            actor=request.user,
        )
        return self._done(filing, status.HTTP_201_CREATED)

    @extend_schema(request=FilingNoteInput, responses=FilingSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        _require(request, "filings.manage")
        note = validated(FilingNoteInput, request.data).get("note", "")
        return self._done(services.accept_filing(self._filing(pk), actor=request.user, note=note))

    @extend_schema(request=FilingReasonInput, responses=FilingSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        _require(request, "filings.manage")
        reason = validated(FilingReasonInput, request.data)["reason"]
        return self._done(
            services.return_filing(self._filing(pk), reason=reason, actor=request.user)
        )

    @extend_schema(request=FilingRefileInput, responses=FilingSerializer)
    @action(detail=True, methods=["post"])
    def refile(self, request, pk=None):
        _require(request, "filings.file")
        filing = self._filing(pk)
        if filing.issuer_id != request.user.organisation_id:
            raise NotFound()
        data = validated(FilingRefileInput, request.data)
        docx = _docx(data)
        return self._done(
            services.refile(
                filing,
                actor=request.user,
                text=None if docx else data.get("text") or None,
                docx=docx,
                legal_basis=data.get("legal_basis") or None,
                note=data.get("note", ""),
            )
        )

    @extend_schema(responses=dict)
    @action(detail=True, methods=["get"])
    def articles(self, request, pk=None):
        """The filed text per article with what commonly needs a legal basis marked."""
        filing = self._filing(pk)
        reports = assistant.assist_tree(filing.version.tree) if filing.version else []
        return Response([_report(r) for r in reports])


def _report(report) -> dict:
    return {
        "article": report.num,
        "label": report.label,
        "text": report.text,
        "flags": [{"category": f.category, "word": f.word, "start": f.start} for f in report.flags],
        "citations": report.citations,
        "similar": report.similar,
    }


class ReviewViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = FilingReviewSerializer
    permission_classes = [RulesPermission]
    required_perm = "filings.view_reviews"
    filterset_class = FilingReviewFilter

    def get_queryset(self):
        return (
            get_reviews_for_user(self.request.user)
            .select_related("correction")
            .order_by("-started_on", "-pk")
        )

    def _review(self, pk) -> Review:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _done(self, review, code=status.HTTP_200_OK):
        return Response(FilingReviewSerializer(self._review(review.pk)).data, status=code)

    @extend_schema(request=FilingStartReviewInput, responses={201: FilingReviewSerializer})
    def create(self, request, *args, **kwargs):
        _require(request, "filings.manage")
        data = validated(FilingStartReviewInput, request.data)
        filing = get_object_or_404(get_filings_for_user(request.user), pk=data["filing"])
        review = services.start_review(
            filing,
            type=data["type"],
            committee=_committee(data["committee"]),
            reviewer=request.user,
            actor=request.user,
        )
        return self._done(review, status.HTTP_201_CREATED)

    @extend_schema(request=FilingReasonInput, responses=FilingReviewSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        _require(request, "filings.manage")
        reason = validated(FilingReasonInput, request.data)["reason"]
        return self._done(
            services.extend_review(self._review(pk), reason=reason, actor=request.user)
        )

    @extend_schema(request=FilingFinishInput, responses=FilingReviewSerializer)
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        _require(request, "filings.manage")
        data = validated(FilingFinishInput, request.data)
        return self._done(services.finish_review(self._review(pk), actor=request.user, **data))

    @extend_schema(responses=dict)
    @action(detail=True, methods=["get"])
    def assistant(self, request, pk=None):
        """Per article: what needs a legal basis, the basis cited, similar provisions."""
        review = self._review(pk)
        filing = review.filing
        reports = assistant.assist_tree(filing.version.tree) if filing.version else []
        assistant.similar_provisions(filing, reports)
        return Response(
            {
                "legal_basis": filing.legal_basis,
                "summary": assistant.summary(reports),
                "articles": [_report(r) for r in reports],
            }
        )


class CorrectionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FilingCorrectionSerializer
    permission_classes = [RulesPermission]
    required_perm = "filings.view"

    def get_queryset(self):
        return get_corrections_for_user(self.request.user).order_by("-pk")

    def _notice(self, pk) -> CorrectionNotice:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _done(self, notice):
        return Response(FilingCorrectionSerializer(self._notice(notice.pk)).data)

    @extend_schema(request=FilingCorrectionReplyInput, responses=FilingCorrectionSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """The issuer: amended (with the amended text) or repealed."""
        _require(request, "filings.file")
        notice = self._notice(pk)  # someone else's: 404 before any validation
        data = validated(FilingCorrectionReplyInput, request.data)
        return self._done(services.reply_to_correction(notice, actor=request.user, **data))

    @extend_schema(request=FilingCloseInput, responses=FilingCorrectionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        _require(request, "filings.manage")
        data = validated(FilingCloseInput, request.data)
        return self._done(
            services.close_correction(
                self._notice(pk),
                actor=request.user,
                note=data.get("note", ""),
                outcome=data.get("outcome", ""),
            )
        )

    @extend_schema(request=FilingRevocationInput, responses=FilingCorrectionSerializer)
    @action(detail=True, methods=["post"], url_path="propose-revocation")
    def propose_revocation(self, request, pk=None):
        _require(request, "filings.manage")
        held_on = validated(FilingRevocationInput, request.data)["held_on"]
        return self._done(
            services.propose_revocation(self._notice(pk), held_on=held_on, actor=request.user)
        )

    @extend_schema(request=FilingNoteInput, responses=FilingCorrectionSerializer)
    @action(detail=True, methods=["post"], url_path="record-revocation")
    def record_revocation(self, request, pk=None):
        _require(request, "filings.manage")
        note = validated(FilingNoteInput, request.data).get("note", "")
        return self._done(
            services.record_revocation(self._notice(pk), actor=request.user, note=note)
        )


class ReviewRequestViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = FilingRequestSerializer
    permission_classes = [RulesPermission]
    required_perm = "filings.view_reviews"

    def get_permissions(self):
        if self.action == "create":
            return [AllowAny()]
        return super().get_permissions()

    def get_queryset(self):
        return get_requests_for_user(self.request.user).order_by("-submitted_at", "-pk")

    def _item(self, pk) -> ReviewRequest:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _done(self, item):
        return Response(self.get_serializer(self._item(item.pk)).data)

    @extend_schema(
        request=FilingRequestInput,
        responses={201: FilingReceiptSerializer, 200: FilingReceiptSerializer},
    )
    def create(self, request, *args, **kwargs):
        """R65: anyone may ask for a review; the same client_token never makes two."""
        data = validated(FilingRequestInput, request.data)
        user = request.user if request.user.is_authenticated else None
        staff = bool(user) and user.has_perm("filings.manage")
        item, created = services.submit_request(
            **{k: v for k, v in data.items() if k != "client_token"},
            channel=ReviewRequest.Channel.OFFICE if staff else ReviewRequest.Channel.API,
            client_token=data.get("client_token") or None,
            client_key="" if staff else client_key(request),
            actor=user,
        )
        return Response(
            {"tracking_code": item.tracking_code, "state": item.state},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(request=FilingAcknowledgeInput, responses=FilingRequestSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        _require(request, "filings.manage")
        data = validated(FilingAcknowledgeInput, request.data)
        filing = None
        if data.get("filing"):
            filing = get_object_or_404(get_filings_for_user(request.user), pk=data["filing"])
        return self._done(
            services.acknowledge_request(
                self._item(pk), filing=filing, note=data.get("note", ""), actor=request.user
            )
        )

    @extend_schema(request=FilingRequestReviewInput, responses=FilingRequestSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        _require(request, "filings.manage")
        data = validated(FilingRequestReviewInput, request.data)
        item = self._item(pk)
        services.review_on_request(
            item, committee=_committee(data["committee"]), reviewer=request.user, actor=request.user
        )
        return self._done(item)

    @extend_schema(request=FilingAnswerInput, responses=FilingRequestSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        _require(request, "filings.manage")
        outcome = validated(FilingAnswerInput, request.data)["outcome"]
        return self._done(
            services.answer_request(self._item(pk), outcome=outcome, actor=request.user)
        )


class AnnualListViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = FilingAnnualListSerializer
    permission_classes = [RulesPermission]
    required_perm = "filings.view"

    def get_queryset(self):
        return (
            get_annual_lists_for_user(self.request.user)
            .prefetch_related("entries")
            .order_by("-year", "issuer__name", "pk")
        )

    @extend_schema(request=FilingAnnualListInput, responses={201: FilingAnnualListSerializer})
    def create(self, request, *args, **kwargs):
        _require(request, "filings.file")
        data = validated(FilingAnnualListInput, request.data)
        annual = services.file_annual_list(
            issuer=request.user.organisation,
            year=data["year"],
            entries=[
                (e["document_number"], e["title"], e.get("published_on")) for e in data["entries"]
            ],
            actor=request.user,
        )
        annual = get_object_or_404(self.get_queryset(), pk=annual.pk)
        return Response(FilingAnnualListSerializer(annual).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[FilingYearQuery], responses=FilingCoverageSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def coverage(self, request):
        """Per issuer: documents listed, filed, never filed, and the share."""
        year = validated(FilingYearQuery, request.query_params).get("year") or (
            clock.today().year - 1
        )
        issuers = get_annual_lists_for_user(request.user).filter(year=year).values("issuer_id")
        rows = services.coverage(year, issuers=issuers)
        return Response(
            [
                {
                    "issuer": r["issuer"].pk,
                    "issuer_name": r["issuer"].name,
                    "listed": r["listed"],
                    "filed": r["filed"],
                    "coverage": r["coverage"],
                    "missing": [
                        {"document_number": e.document_number, "title": e.title}
                        for e in r["missing"]
                    ],
                }
                for r in rows
            ]
        )


# --- by tracking code, and the report ----------------------------------------------------------
@extend_schema(request=FilingCodeInput, responses=FilingStatusSerializer)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes([])
def track(request):
    """R65: the progress and outcome of one request, for the holder of its code."""
    code = validated(FilingCodeInput, request.data)["code"]
    if not services.lookup_allowed(client_key(request)):
        raise Throttled()
    item = services.request_for_code(code)
    if item is None:
        raise NotFound()
    return Response(FilingStatusSerializer(services.public_status(item)).data)


@extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
@api_view(["GET"])
def report(request, year):
    """R66: the annual filing-and-review report as .docx."""
    if not request.user.has_perm("filings.view_reviews"):
        raise PermissionDenied()
    if not 1980 <= year <= 2100:
        raise NotFound()
    return docx_response(documents.annual_report(year), f"{year}年度备案审查工作报告.docx")


ROUTES: list = [
    ("filings", FilingViewSet, "filing"),
    ("filing-reviews", ReviewViewSet, "filing-review"),
    ("filing-corrections", CorrectionViewSet, "filing-correction"),
    ("filing-review-requests", ReviewRequestViewSet, "filing-review-request"),
    ("filing-annual-lists", AnnualListViewSet, "filing-annual-list"),
]
API_PATHS: list = [
    path("filing-review-requests/track/", track, name="filing-review-request-track"),
    path("filings/report/<int:year>/", report, name="filing-report"),
]
