"""/api/v1/ entries of supervision: oversight — the annual plan and its items, work
reports (R40 dates), special inquiries, law-enforcement inspections (R44), the
deliberation opinions sent through the handling engine (R41) and decisions voted
through the ballot engine. Thin: access from access_oversight.py, every change one
call of services_oversight.py. An illegal move is a 409, bad input a 400."""

from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from renda.ballots.models import Ballot
from renda.core.api_filters import IdFilter, YearFilter
from renda.core.api_permissions import RulesPermission
from renda.core.api_support import ModelSerializer, validated
from renda.core.models import CommitteeMember, Organisation, Person, Session, Term
from renda.deputies.api import BoundedPrimaryKeyField
from renda.meetings.models import AgendaItem, ChairMeeting
from renda.supervision import access_oversight as access
from renda.supervision import services_oversight as services
from renda.supervision.models import (
    ChainState,
    Decision,
    DeliberationOpinion,
    LawEnforcementInspection,
    PlanItem,
    SpecialInquiry,
    SupervisionPlan,
    WorkReport,
)

MANAGE = "supervision.manage_oversight"


def _pk(queryset, **kwargs):
    return BoundedPrimaryKeyField(queryset=queryset, **kwargs)


def _opt(queryset):
    return _pk(queryset, required=False, allow_null=True, default=None)


def _pks(queryset, **kwargs):
    return serializers.ListField(child=_pk(queryset), max_length=1000, **kwargs)


COMMITTEE_SESSIONS = Session.objects.filter(body=Session.Body.STANDING_COMMITTEE)
ORGS = Organisation.objects.all()


def _text(limit, **kwargs):
    return serializers.CharField(max_length=limit, **kwargs)


def _blank(limit):
    return serializers.CharField(max_length=limit, required=False, allow_blank=True, default="")


# --- output ------------------------------------------------------------------------------------
class DeliberationOpinionSerializer(ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    case_state = serializers.CharField(source="case.state", read_only=True)
    reply_due = serializers.DateField(source="case.reply_due", read_only=True)
    reported_back = serializers.SerializerMethodField()
    record_type = serializers.SerializerMethodField()
    record = serializers.SerializerMethodField()

    class Meta:
        model = DeliberationOpinion
        fields = [
            "id",
            "case",
            "case_state",
            "record_type",
            "record",
            "body",
            "body_name",
            "text",
            "sent_on",
            "budget_or_audit",
            "reply_due",
            "reported_back",
        ]

    def get_reported_back(self, opinion) -> bool:
        return opinion.case.state in {"replied", "completed", "rehandling", "under_review"}

    def get_record_type(self, opinion) -> str:
        return services._link_field(opinion.record)

    def get_record(self, opinion) -> int:
        return opinion.record.pk


class LinkedAssessmentSerializer(ModelSerializer):
    subject_name = serializers.CharField(source="subject.name", default="", read_only=True)

    class Meta:
        model = Ballot
        fields = ["id", "question", "subject", "subject_name", "topic", "held_on", "state"]


CHAIN_FIELDS = [
    "id",
    "term",
    "title",
    "owner",
    "session",
    "agenda_item",
    "state",
    "deliberated_on",
    "deliberation_summary",
    "published_at",
]


class ChainSerializer(ModelSerializer):
    term = serializers.IntegerField(source="term.number", read_only=True)
    opinions = serializers.SerializerMethodField()
    assessments = serializers.SerializerMethodField()

    def get_opinions(self, record) -> list[dict]:
        rows = record.opinions.select_related("case", "body", _link(record))
        return DeliberationOpinionSerializer(rows, many=True).data

    def get_assessments(self, record) -> list[dict]:
        return LinkedAssessmentSerializer(
            record.assessments.select_related("subject").order_by("held_on", "pk"), many=True
        ).data


def _link(record) -> str:
    return services._link_field(record)


class R40DeadlineSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    done_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    warning = serializers.BooleanField()


class WorkReportSerializer(ChainSerializer):
    reporting_body_name = serializers.CharField(source="reporting_body.name", read_only=True)
    plan_item = serializers.PrimaryKeyRelatedField(read_only=True)
    r40 = serializers.SerializerMethodField()

    class Meta:
        model = WorkReport
        fields = [
            *CHAIN_FIELDS,
            "plan_item",
            "category",
            "reporting_body",
            "reporting_body_name",
            "draft_received_on",
            "final_received_on",
            "sent_to_members_on",
            "r40",
            "opinions",
            "assessments",
        ]

    def get_r40(self, report) -> list[dict]:
        return R40DeadlineSerializer(services.r40_deadlines(report), many=True).data


class InquiryQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    asked_by = serializers.IntegerField(source="asked_by_id")
    asked_by_name = serializers.CharField(source="asked_by.person.name")
    department = serializers.IntegerField(source="department_id")
    department_name = serializers.CharField(source="department.name")
    question = serializers.CharField()
    answered_by = serializers.CharField()
    answer = serializers.CharField()


class InquirySerializer(ChainSerializer):
    plan_item = serializers.PrimaryKeyRelatedField(read_only=True)
    departments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    questions = serializers.SerializerMethodField()

    class Meta:
        model = SpecialInquiry
        fields = [
            *CHAIN_FIELDS,
            "plan_item",
            "departments",
            "questions",
            "opinions",
            "assessments",
        ]

    def get_questions(self, inquiry) -> list[dict]:
        rows = inquiry.questions.select_related("asked_by__person", "department")
        return InquiryQuestionSerializer(rows, many=True).data


class InspectionSerializer(ChainSerializer):
    plan_item = serializers.PrimaryKeyRelatedField(read_only=True)
    members = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    visits = serializers.SerializerMethodField()

    class Meta:
        model = LawEnforcementInspection
        fields = [
            *CHAIN_FIELDS,
            "plan_item",
            "law",
            "regulation",
            "subject",
            "leader",
            "members",
            "visits",
            "questionnaires",
            "third_party",
            "evaluation",
            "findings",
            "opinions",
            "assessments",
        ]

    def get_visits(self, inspection) -> list[dict]:
        return [
            {"place": v.place, "date": v.date.isoformat(), "notes": v.notes}
            for v in inspection.visits.all()
        ]


class PlanItemSerializer(ModelSerializer):
    record = serializers.SerializerMethodField()

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "plan",
            "position",
            "kind",
            "title",
            "owner",
            "subject",
            "planned_month",
            "session",
            "notes",
            "record",
        ]

    def get_record(self, item) -> dict | None:
        record = services.record_of(item)
        if record is None:
            return None
        return {"type": _link(record), "id": record.pk, "state": record.state}


class SupervisionPlanSerializer(ModelSerializer):
    term = serializers.IntegerField(source="term.number", read_only=True)
    items = PlanItemSerializer(many=True, read_only=True)

    class Meta:
        model = SupervisionPlan
        fields = [
            "id",
            "term",
            "year",
            "title",
            "text",
            "state",
            "chair_meeting",
            "adopted_on",
            "published_at",
            "items",
        ]


class DecisionFollowUpSerializer(serializers.Serializer):
    date = serializers.DateField()
    body = serializers.IntegerField(source="body_id", allow_null=True)
    text = serializers.CharField()


class DecisionSerializer(ModelSerializer):
    term = serializers.IntegerField(source="term.number", read_only=True)
    ballot_state = serializers.CharField(source="ballot.state", default=None, allow_null=True)
    ballot_passed = serializers.BooleanField(source="ballot.passed", default=None, allow_null=True)
    follow_ups = DecisionFollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "term",
            "session",
            "agenda_item",
            "kind",
            "title",
            "text",
            "proposed_by",
            "state",
            "ballot",
            "ballot_state",
            "ballot_passed",
            "adopted_on",
            "published_at",
            "follow_ups",
        ]


# --- input --------------------------------------------------------------------------------------
class SupervisionPlanInput(serializers.Serializer):
    term = _pk(Term.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = _text(200)
    text = _blank(50000)


class PlanItemInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PlanItem.Kind.choices)
    title = _text(300)
    owner = _pk(ORGS)
    subject = _opt(ORGS)
    planned_month = serializers.IntegerField(min_value=1, max_value=12)
    session = _opt(COMMITTEE_SESSIONS)
    notes = _blank(5000)


class AdoptInput(serializers.Serializer):
    chair_meeting = _pk(ChairMeeting.objects.all())


class PlanItemStartInput(serializers.Serializer):
    category = serializers.ChoiceField(
        choices=WorkReport.Category.choices, required=False, default="special_topic"
    )
    law = _blank(200)
    regulation = _blank(200)


class WorkReportInput(serializers.Serializer):
    term = _pk(Term.objects.all())
    title = _text(300)
    category = serializers.ChoiceField(choices=WorkReport.Category.choices)
    reporting_body = _pk(ORGS)
    owner = _opt(ORGS)
    session = _opt(COMMITTEE_SESSIONS)
    agenda_item = _opt(AgendaItem.objects.all())


class WorkReportDocumentsInput(serializers.Serializer):
    draft_received_on = serializers.DateField(required=False, allow_null=True, default=None)
    final_received_on = serializers.DateField(required=False, allow_null=True, default=None)
    sent_to_members_on = serializers.DateField(required=False, allow_null=True, default=None)


class DeliberationInput(serializers.Serializer):
    on = serializers.DateField()
    summary = _text(50000)
    session = _opt(COMMITTEE_SESSIONS)


class DeliberationOpinionsInput(serializers.Serializer):
    body = _opt(ORGS)
    text = _text(50000)


class AssessmentsInput(serializers.Serializer):
    """Either existing assessment ballots to link, or departments to assess now."""

    ballots = _pks(Ballot.objects.all(), required=False, default=list)
    departments = _pks(ORGS, required=False, default=list)
    held_on = serializers.DateField(required=False, allow_null=True, default=None)
    session = _opt(COMMITTEE_SESSIONS)
    topic = _blank(100)

    def validate(self, data):
        if bool(data["ballots"]) == bool(data["departments"]):
            raise serializers.ValidationError(
                {"ballots": ["Give either the ballots to link or the departments to assess."]}
            )
        return data


class InquiryInput(serializers.Serializer):
    term = _pk(Term.objects.all())
    title = _text(300)
    owner = _opt(ORGS)
    session = _opt(COMMITTEE_SESSIONS)
    departments = _pks(ORGS, required=False, default=list)
    agenda_item = _opt(AgendaItem.objects.all())


class DepartmentsInput(serializers.Serializer):
    departments = _pks(ORGS, allow_empty=False)


class QuestionInput(serializers.Serializer):
    asked_by = _pk(CommitteeMember.objects.all())
    department = _pk(ORGS)
    question = _text(20000)
    answered_by = _blank(200)
    answer = _blank(50000)


class InquiryAnswerInput(serializers.Serializer):
    question = serializers.IntegerField(min_value=1, max_value=2**31)
    answered_by = _text(200)
    answer = _text(50000)


class InspectionInput(serializers.Serializer):
    term = _pk(Term.objects.all())
    title = _text(300)
    law = _text(200)
    regulation = _blank(200)
    owner = _opt(ORGS)
    subject = _opt(ORGS)
    leader = _opt(Person.objects.all())
    members = _pks(Person.objects.all(), required=False, default=list)
    session = _opt(COMMITTEE_SESSIONS)
    agenda_item = _opt(AgendaItem.objects.all())


class InspectionGroupInput(serializers.Serializer):
    leader = _pk(Person.objects.all())
    members = _pks(Person.objects.all(), required=False, default=list)


class InspectionVisitInput(serializers.Serializer):
    place = _text(200)
    date = serializers.DateField()
    notes = _blank(20000)


class InspectionReportInput(serializers.Serializer):
    findings = _text(100000)
    questionnaires = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)
    third_party = _blank(200)
    evaluation = _blank(50000)


class DecisionInput(serializers.Serializer):
    term = _pk(Term.objects.all())
    kind = serializers.ChoiceField(choices=Decision.Kind.choices, default="decision")
    title = _text(300)
    text = _text(200000)
    proposed_by = _blank(200)
    session = _opt(COMMITTEE_SESSIONS)
    agenda_item = _opt(AgendaItem.objects.all())


class DecisionVoteInput(serializers.Serializer):
    held_on = serializers.DateField(required=False, allow_null=True, default=None)
    ballot = _opt(Ballot.objects.all())


class DecisionVoteEntry(serializers.Serializer):
    voter = _pk(Person.objects.all())
    choice = serializers.ChoiceField(choices=["yes", "no", "abstain"])


class DecisionVotesInput(serializers.Serializer):
    entries = DecisionVoteEntry(many=True, allow_empty=False, max_length=1000)


class DecisionFollowUpInput(serializers.Serializer):
    date = serializers.DateField()
    text = _text(20000)
    body = _opt(ORGS)


# --- filters ---------------------------------------------------------------------------------------
class ChainFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=ChainState.choices)
    session = IdFilter()
    year = YearFilter(field_name="deliberated_on", lookup_expr="year")


class WorkReportFilter(ChainFilter):
    category = filters.ChoiceFilter(choices=WorkReport.Category.choices)
    reporting_body = IdFilter()

    class Meta:
        model = WorkReport
        fields = ["state", "session", "year", "category", "reporting_body"]


class InquiryFilter(ChainFilter):
    class Meta:
        model = SpecialInquiry
        fields = ["state", "session", "year"]


class InspectionFilter(ChainFilter):
    class Meta:
        model = LawEnforcementInspection
        fields = ["state", "session", "year"]


class DecisionFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=Decision.State.choices)
    session = IdFilter()
    year = YearFilter(field_name="adopted_on", lookup_expr="year")

    class Meta:
        model = Decision
        fields = ["state", "session", "year"]


class OpinionFilter(filters.FilterSet):
    work_report = IdFilter()
    inquiry = IdFilter()
    inspection = IdFilter()
    body = IdFilter()
    year = YearFilter(field_name="sent_on", lookup_expr="year")

    class Meta:
        model = DeliberationOpinion
        fields = ["work_report", "inquiry", "inspection", "body", "year"]


class PlanItemFilter(filters.FilterSet):
    plan = IdFilter()
    kind = filters.ChoiceFilter(choices=PlanItem.Kind.choices)

    class Meta:
        model = PlanItem
        fields = ["plan", "kind"]


# --- viewsets ----------------------------------------------------------------------------------------
class _Base(viewsets.GenericViewSet):
    permission_classes = [RulesPermission]
    required_perm = "supervision.view_oversight"

    def _manage(self):
        if not self.request.user.has_perm(MANAGE):
            raise PermissionDenied()  # before validation: refuse, don't explain

    def _object(self, pk):
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _done(self, obj, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data, status=code)


class ChainActions:
    """The chain every work report, inquiry and inspection follows (R44)."""

    @extend_schema(request=DeliberationInput)
    @action(detail=True, methods=["post"])
    def deliberate(self, request, pk=None):
        self._manage()
        record = self._object(pk)
        data = validated(DeliberationInput, request.data)
        services.deliberate(record, actor=request.user, **data)
        return self._done(record)

    @extend_schema(request=DeliberationOpinionsInput)
    @action(detail=True, methods=["post"])
    def opinions(self, request, pk=None):
        self._manage()
        record = self._object(pk)
        data = validated(DeliberationOpinionsInput, request.data)
        services.send_opinions(record, actor=request.user, **data)
        return self._done(record, status.HTTP_201_CREATED)

    @extend_schema(request=AssessmentsInput)
    @action(detail=True, methods=["post"])
    def assessments(self, request, pk=None):
        self._manage()
        record = self._object(pk)
        data = validated(AssessmentsInput, request.data)
        if data["ballots"]:
            services.link_assessments(record, ballots=data["ballots"], actor=request.user)
        else:
            services.assess(
                record,
                departments=data["departments"],
                held_on=data["held_on"],
                session=data["session"],
                topic=data["topic"],
                actor=request.user,
            )
        return self._done(record)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        self._manage()
        record = self._object(pk)
        services.publish(record, actor=request.user)
        return self._done(record)


class PlanViewSet(_Base, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = SupervisionPlanSerializer

    def get_queryset(self):
        return (
            access.get_plans_for_user(self.request.user).prefetch_related("items").order_by("-year")
        )

    @extend_schema(request=SupervisionPlanInput, responses=SupervisionPlanSerializer)
    def create(self, request):
        self._manage()
        data = validated(SupervisionPlanInput, request.data)
        plan = services.create_plan(actor=request.user, **data)
        return self._done(plan, status.HTTP_201_CREATED)

    @extend_schema(request=PlanItemInput, responses=SupervisionPlanSerializer)
    @action(detail=True, methods=["post"])
    def items(self, request, pk=None):
        self._manage()
        plan = self._object(pk)
        data = validated(PlanItemInput, request.data)
        services.add_plan_item(plan, actor=request.user, **data)
        return self._done(plan, status.HTTP_201_CREATED)

    @extend_schema(request=AdoptInput, responses=SupervisionPlanSerializer)
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        self._manage()
        plan = self._object(pk)
        data = validated(AdoptInput, request.data)
        services.adopt_plan(plan, chair_meeting=data["chair_meeting"], actor=request.user)
        return self._done(plan)

    @extend_schema(request=None, responses=SupervisionPlanSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        self._manage()
        plan = self._object(pk)
        services.publish_plan(plan, actor=request.user)
        return self._done(plan)


class PlanItemViewSet(_Base, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = PlanItemSerializer
    filterset_class = PlanItemFilter

    def get_queryset(self):
        return access.get_plan_items_for_user(self.request.user).order_by("plan", "position")

    @extend_schema(request=PlanItemStartInput, responses=PlanItemSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """The item becomes its work report, inquiry or inspection."""
        self._manage()
        item = self._object(pk)
        data = validated(PlanItemStartInput, request.data)
        services.start_item(item, actor=request.user, **data)
        return self._done(item, status.HTTP_201_CREATED)


class WorkReportViewSet(ChainActions, _Base, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Work reports: R40 document dates and warnings, deliberation, opinions (R41).
    A unit handler reads the reports its unit made."""

    serializer_class = WorkReportSerializer
    filterset_class = WorkReportFilter
    required_perm = "supervision.view_work_reports"
    search_fields = ["title"]

    def get_queryset(self):
        return access.get_work_reports_for_user(self.request.user).order_by("-created_at", "-pk")

    @extend_schema(request=WorkReportInput, responses=WorkReportSerializer)
    def create(self, request):
        self._manage()
        data = validated(WorkReportInput, request.data)
        report = services.create_work_report(actor=request.user, **data)
        return self._done(report, status.HTTP_201_CREATED)

    @extend_schema(request=WorkReportDocumentsInput, responses=WorkReportSerializer)
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        """R40: the dates the draft and the final version arrived and went to members."""
        self._manage()
        report = self._object(pk)
        data = validated(WorkReportDocumentsInput, request.data)
        services.record_documents(report, actor=request.user, **data)
        return self._done(report)


class InquiryViewSet(ChainActions, _Base, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = InquirySerializer
    filterset_class = InquiryFilter
    search_fields = ["title"]

    def get_queryset(self):
        return (
            access.get_inquiries_for_user(self.request.user)
            .prefetch_related("departments")
            .order_by("-created_at", "-pk")
        )

    @extend_schema(request=InquiryInput, responses=InquirySerializer)
    def create(self, request):
        self._manage()
        data = validated(InquiryInput, request.data)
        inquiry = services.create_inquiry(actor=request.user, **data)
        return self._done(inquiry, status.HTTP_201_CREATED)

    @extend_schema(request=DepartmentsInput, responses=InquirySerializer)
    @action(detail=True, methods=["post"])
    def departments(self, request, pk=None):
        self._manage()
        inquiry = self._object(pk)
        data = validated(DepartmentsInput, request.data)
        services.add_departments(inquiry, departments=data["departments"], actor=request.user)
        return self._done(inquiry)

    @extend_schema(request=QuestionInput, responses=InquirySerializer)
    @action(detail=True, methods=["post"])
    def questions(self, request, pk=None):
        self._manage()
        inquiry = self._object(pk)
        data = validated(QuestionInput, request.data)
        services.add_question(inquiry, actor=request.user, **data)
        return self._done(inquiry, status.HTTP_201_CREATED)

    @extend_schema(request=InquiryAnswerInput, responses=InquirySerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        self._manage()
        inquiry = self._object(pk)
        data = validated(InquiryAnswerInput, request.data)
        question = get_object_or_404(inquiry.questions, pk=data["question"])
        services.answer_question(
            question, answered_by=data["answered_by"], answer=data["answer"], actor=request.user
        )
        return self._done(inquiry)


class InspectionViewSet(ChainActions, _Base, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Law-enforcement inspections: group, sites, evaluation, report (R44)."""

    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter
    search_fields = ["title", "law"]

    def get_queryset(self):
        return (
            access.get_inspections_for_user(self.request.user)
            .prefetch_related("members", "visits")
            .order_by("-created_at", "-pk")
        )

    @extend_schema(request=InspectionInput, responses=InspectionSerializer)
    def create(self, request):
        self._manage()
        data = validated(InspectionInput, request.data)
        inspection = services.create_inspection(actor=request.user, **data)
        return self._done(inspection, status.HTTP_201_CREATED)

    @extend_schema(request=InspectionGroupInput, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def group(self, request, pk=None):
        self._manage()
        inspection = self._object(pk)
        data = validated(InspectionGroupInput, request.data)
        services.set_group(inspection, actor=request.user, **data)
        return self._done(inspection)

    @extend_schema(request=InspectionVisitInput, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def visits(self, request, pk=None):
        self._manage()
        inspection = self._object(pk)
        data = validated(InspectionVisitInput, request.data)
        services.add_visit(inspection, actor=request.user, **data)
        return self._done(inspection, status.HTTP_201_CREATED)

    @extend_schema(request=InspectionReportInput, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        self._manage()
        inspection = self._object(pk)
        data = validated(InspectionReportInput, request.data)
        services.record_report(inspection, actor=request.user, **data)
        return self._done(inspection)


class OpinionViewSet(_Base, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Deliberation opinions and their report back (read only: the body replies through
    the handling engine, /api/v1/cases/{case}/reply/)."""

    serializer_class = DeliberationOpinionSerializer
    filterset_class = OpinionFilter

    def get_queryset(self):
        return access.get_opinions_for_user(self.request.user).order_by("-sent_on", "-pk")


class DecisionViewSet(_Base, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    search_fields = ["title"]

    def get_queryset(self):
        return (
            access.get_decisions_for_user(self.request.user)
            .prefetch_related("follow_ups")
            .order_by("-created_at", "-pk")
        )

    @extend_schema(request=DecisionInput, responses=DecisionSerializer)
    def create(self, request):
        self._manage()
        data = validated(DecisionInput, request.data)
        decision = services.create_decision(actor=request.user, **data)
        return self._done(decision, status.HTTP_201_CREATED)

    @extend_schema(request=DecisionVoteInput, responses=DecisionSerializer)
    @action(detail=True, methods=["post"], url_path="put-to-vote", url_name="put-to-vote")
    def put_to_vote(self, request, pk=None):
        self._manage()
        decision = self._object(pk)
        data = validated(DecisionVoteInput, request.data)
        services.put_decision_to_vote(decision, actor=request.user, **data)
        return self._done(decision)

    @extend_schema(request=DecisionVotesInput, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def votes(self, request, pk=None):
        """Votes entered by the clerk; members may also vote themselves on the ballot."""
        self._manage()
        decision = self._object(pk)
        data = validated(DecisionVotesInput, request.data)
        entries = [(e["voter"], e["choice"]) for e in data["entries"]]
        services.record_decision_votes(decision, entries=entries, actor=request.user)
        return self._done(decision)

    @extend_schema(request=None, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        self._manage()
        decision = self._object(pk)
        services.conclude_decision(decision, actor=request.user)
        return self._done(decision)

    @extend_schema(request=None, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        self._manage()
        decision = self._object(pk)
        services.publish_decision(decision, actor=request.user)
        return self._done(decision)

    @extend_schema(request=DecisionFollowUpInput, responses=DecisionSerializer)
    @action(detail=True, methods=["post"], url_path="follow-ups", url_name="follow-ups")
    def follow_ups(self, request, pk=None):
        self._manage()
        decision = self._object(pk)
        data = validated(DecisionFollowUpInput, request.data)
        services.add_follow_up(decision, actor=request.user, **data)
        return self._done(decision, status.HTTP_201_CREATED)


ROUTES: list = [
    ("supervision-plans", PlanViewSet, "supervision-plan"),
    ("supervision-plan-items", PlanItemViewSet, "supervision-plan-item"),
    ("work-reports", WorkReportViewSet, "work-report"),
    ("special-inquiries", InquiryViewSet, "special-inquiry"),
    ("law-enforcement-inspections", InspectionViewSet, "law-enforcement-inspection"),
    ("deliberation-opinions", OpinionViewSet, "deliberation-opinion"),
    ("decisions", DecisionViewSet, "decision"),
]
API_PATHS: list = []
