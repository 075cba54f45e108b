"""/api/v1/ entries of supervision: research, recommendations, experts, expert
consultations and livelihood projects. Thin: access from access_projects, changes
through services_projects (409 on an illegal move, 400 on bad input)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from renda.ballots.models import Ballot
from renda.core import roles as R
from renda.core.api_filters import YearFilter
from renda.core.api_permissions import RulesPermission
from renda.core.api_support import ModelSerializer, validated
from renda.core.models import Deputy, Organisation, Person, Session, User
from renda.deputies.api import BoundedPrimaryKeyField
from renda.supervision import services_projects as services
from renda.supervision.access_projects import (
    get_consultations_for_user,
    get_experts_for_user,
    get_projects_for_user,
    get_recommendations_for_user,
    get_research_for_user,
)
from renda.supervision.models import (
    ConsultationRequest,
    Expert,
    LivelihoodProject,
    Milestone,
    PlanItem,
    ProgressReport,
    ProjectInspection,
    Recommendation,
    RecommendationArea,
    Research,
)


def _pk(queryset, **kwargs):
    return BoundedPrimaryKeyField(queryset=queryset, **kwargs)


def _pks(queryset, **kwargs):
    return serializers.ListField(child=_pk(queryset), max_length=1000, **kwargs)


def _units():
    return Organisation.objects.filter(is_handling_unit=True)


class PermissionMixin:
    def _require(self, perm: str) -> None:
        if not self.request.user.has_perm(perm):
            raise PermissionDenied()  # before validation: refuse, don't explain

    def _object(self, pk):
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _done(self, obj, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(fresh).data, status=code)


# --- research --------------------------------------------------------------------------------
class RecommendationSerializer(ModelSerializer):
    department_name = serializers.CharField(
        source="department.name", default="", read_only=True, allow_null=True
    )
    research = serializers.IntegerField(source="area.research_id", read_only=True)
    area_title = serializers.CharField(source="area.title", read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "research",
            "area",
            "area_title",
            "position",
            "text",
            "department",
            "department_name",
            "state",
            "response",
            "responded_on",
            "implemented_on",
        ]


class RecommendationAreaSerializer(ModelSerializer):
    recommendations = RecommendationSerializer(many=True, read_only=True)

    class Meta:
        model = RecommendationArea
        fields = ["id", "position", "title", "recommendations"]


class ResearchSerializer(ModelSerializer):
    places = serializers.ListField(
        source="place_list", child=serializers.CharField(), read_only=True
    )
    areas = RecommendationAreaSerializer(many=True, read_only=True)

    class Meta:
        model = Research
        fields = [
            "id",
            "kind",
            "year",
            "topic",
            "purpose",
            "is_livelihood",
            "state",
            "plan_item",
            "owner",
            "leader",
            "members",
            "departments",
            "places",
            "start_date",
            "end_date",
            "findings",
            "reported_on",
            "closed_on",
            "areas",
        ]


class ResearchInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Research.Kind.choices)
    year = serializers.IntegerField(min_value=1980, max_value=2100)
    topic = serializers.CharField(max_length=300)
    purpose = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    is_livelihood = serializers.BooleanField(required=False, default=False)
    plan_item = _pk(PlanItem.objects.all(), required=False, allow_null=True)
    owner = _pk(Organisation.objects.all(), required=False, allow_null=True)
    leader = _pk(Person.objects.all(), required=False, allow_null=True)
    members = _pks(Person.objects.all(), required=False)
    departments = _pks(_units(), required=False)
    places = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=200
    )
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)


class ResearchStartInput(serializers.Serializer):
    start_date = serializers.DateField(required=False, allow_null=True)


class ResearchReportInput(serializers.Serializer):
    findings = serializers.CharField(max_length=50000)
    reported_on = serializers.DateField(required=False, allow_null=True)


class ResearchNoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class RecommendationAreaInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)


class RecommendationInput(serializers.Serializer):
    area = _pk(RecommendationArea.objects.all())
    text = serializers.CharField(max_length=5000)
    department = _pk(_units(), required=False, allow_null=True)


class ResearchFilter(filters.FilterSet):
    year = YearFilter()

    class Meta:
        model = Research
        fields = ["year", "kind", "state", "is_livelihood"]


class ResearchViewSet(PermissionMixin, viewsets.ReadOnlyModelViewSet):
    """Research and inspection visits, with their recommendation areas."""

    serializer_class = ResearchSerializer
    permission_classes = [RulesPermission]
    required_perm = "supervision.view_research"
    filterset_class = ResearchFilter
    search_fields = ["topic", "places", "findings"]
    ordering_fields = ["year", "start_date"]

    def get_queryset(self):
        return (
            get_research_for_user(self.request.user)
            .prefetch_related(
                "members",
                "departments",
                Prefetch(
                    "areas",
                    queryset=RecommendationArea.objects.order_by("position").prefetch_related(
                        Prefetch(
                            "recommendations",
                            queryset=Recommendation.objects.select_related(
                                "department", "area"
                            ).order_by("position"),
                        )
                    ),
                ),
            )
            .order_by("-year", "kind", "pk")
        )

    def _values(self, data: dict) -> dict:
        data = dict(data)
        if "places" in data:
            data["places"] = "\n".join(p.strip() for p in data["places"] if p.strip())
        return data

    @extend_schema(request=ResearchInput, responses=ResearchSerializer)
    def create(self, request, *args, **kwargs):
        self._require("supervision.manage_research")
        data = self._values(validated(ResearchInput, request.data))
        research = services.create_research(actor=request.user, **data)
        return self._done(research, status.HTTP_201_CREATED)

    @extend_schema(request=ResearchInput(partial=True), responses=ResearchSerializer)
    def partial_update(self, request, pk=None):
        self._require("supervision.manage_research")
        research = self._object(pk)
        serializer = ResearchInput(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = self._values(serializer.validated_data)
        services.update_research(research, actor=request.user, **data)
        return self._done(research)

    @extend_schema(request=ResearchStartInput, responses=ResearchSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        self._require("supervision.manage_research")
        research = self._object(pk)
        data = validated(ResearchStartInput, request.data)
        services.start_research(research, actor=request.user, start_date=data.get("start_date"))
        return self._done(research)

    @extend_schema(request=ResearchReportInput, responses=ResearchSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        self._require("supervision.manage_research")
        research = self._object(pk)
        data = validated(ResearchReportInput, request.data)
        services.report_research(
            research,
            findings=data["findings"],
            reported_on=data.get("reported_on"),
            actor=request.user,
        )
        return self._done(research)

    @extend_schema(request=ResearchNoteInput, responses=ResearchSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        self._require("supervision.manage_research")
        research = self._object(pk)
        data = validated(ResearchNoteInput, request.data)
        services.close_research(research, actor=request.user, note=data.get("note", ""))
        return self._done(research)

    @extend_schema(request=RecommendationAreaInput, responses=ResearchSerializer)
    @action(detail=True, methods=["post"])
    def areas(self, request, pk=None):
        self._require("supervision.manage_research")
        research = self._object(pk)
        data = validated(RecommendationAreaInput, request.data)
        services.add_area(research, title=data["title"], actor=request.user)
        return self._done(research, status.HTTP_201_CREATED)

    @extend_schema(request=RecommendationInput, responses=ResearchSerializer)
    @action(detail=True, methods=["post"])
    def recommendations(self, request, pk=None):
        self._require("supervision.manage_research")
        research = self._object(pk)
        data = validated(RecommendationInput, request.data)
        if data["area"].research_id != research.pk:
            raise serializers.ValidationError({"area": ["This area is of another research."]})
        services.add_recommendation(
            data["area"], text=data["text"], department=data.get("department"), actor=request.user
        )
        return self._done(research, status.HTTP_201_CREATED)


class RecommendationResponseInput(serializers.Serializer):
    response = serializers.CharField(max_length=5000)
    responded_on = serializers.DateField(required=False, allow_null=True)


class RecommendationImplementedInput(serializers.Serializer):
    implemented_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class RecommendationFilter(filters.FilterSet):
    year = YearFilter(field_name="area__research__year")
    research = filters.NumberFilter(field_name="area__research", min_value=1)

    class Meta:
        model = Recommendation
        fields = ["state", "year", "research"]


class RecommendationViewSet(PermissionMixin, viewsets.ReadOnlyModelViewSet):
    """Recommendations of research, each followed to its response (a unit handler:
    those addressed to their unit)."""

    serializer_class = RecommendationSerializer
    permission_classes = [RulesPermission]
    required_perm = "supervision.view_recommendations"
    filterset_class = RecommendationFilter
    search_fields = ["text", "response"]

    def get_queryset(self):
        return get_recommendations_for_user(self.request.user).order_by(
            "area__research", "area__position", "position"
        )

    @extend_schema(request=RecommendationResponseInput, responses=RecommendationSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        self._require("supervision.respond_recommendation")
        recommendation = self._object(pk)
        data = validated(RecommendationResponseInput, request.data)
        services.respond_to_recommendation(
            recommendation,
            response=data["response"],
            responded_on=data.get("responded_on"),
            actor=request.user,
        )
        return self._done(recommendation)

    @extend_schema(request=RecommendationImplementedInput, responses=RecommendationSerializer)
    @action(detail=True, methods=["post"])
    def implement(self, request, pk=None):
        self._require("supervision.respond_recommendation")
        recommendation = self._object(pk)
        data = validated(RecommendationImplementedInput, request.data)
        services.mark_implemented(
            recommendation,
            implemented_on=data.get("implemented_on"),
            note=data.get("note", ""),
            actor=request.user,
        )
        return self._done(recommendation)


# --- experts and consultations ---------------------------------------------------------------
class ExpertSerializer(ModelSerializer):
    class Meta:
        model = Expert
        fields = [
            "id",
            "name",
            "expertise",
            "affiliation",
            "title",
            "pool",
            "batch",
            "term_start",
            "term_end",
            "is_active",
            "user",
        ]


class ExpertInput(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    expertise = serializers.CharField(max_length=200)
    affiliation = serializers.CharField(max_length=200)
    title = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    pool = serializers.ChoiceField(choices=Expert.Pool.choices)
    batch = serializers.IntegerField(min_value=1, max_value=100, required=False, default=1)
    term_start = serializers.DateField()
    term_end = serializers.DateField(required=False, allow_null=True)
    user = _pk(User.objects.filter(groups__name=R.EXPERT), required=False, allow_null=True)


class ExpertDismissInput(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ExpertConsultInput(serializers.Serializer):
    subject_kind = serializers.ChoiceField(choices=ConsultationRequest.SubjectKind.choices)
    subject = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    question = serializers.CharField(max_length=5000)
    asked_on = serializers.DateField(required=False, allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)
    research = _pk(Research.objects.all(), required=False, allow_null=True)
    project = _pk(LivelihoodProject.objects.all(), required=False, allow_null=True)


class ExpertConsultationSerializer(ModelSerializer):
    expert_name = serializers.CharField(source="expert.name", read_only=True)

    class Meta:
        model = ConsultationRequest
        fields = [
            "id",
            "expert",
            "expert_name",
            "subject_kind",
            "subject",
            "research",
            "project",
            "question",
            "asked_on",
            "due_on",
            "opinion",
            "answered_on",
            "state",
        ]


class ExpertFilter(filters.FilterSet):
    batch = filters.NumberFilter(min_value=1, max_value=100)

    class Meta:
        model = Expert
        fields = ["pool", "batch", "is_active"]


class ExpertViewSet(PermissionMixin, viewsets.ReadOnlyModelViewSet):
    """The expert pool (咨询专家库)."""

    serializer_class = ExpertSerializer
    permission_classes = [RulesPermission]
    required_perm = "supervision.view_experts"
    filterset_class = ExpertFilter
    search_fields = ["name", "expertise", "affiliation"]

    def get_queryset(self):
        return get_experts_for_user(self.request.user).order_by("pool", "batch", "name", "pk")

    @extend_schema(request=ExpertInput, responses=ExpertSerializer)
    def create(self, request, *args, **kwargs):
        self._require("supervision.manage_experts")
        data = validated(ExpertInput, request.data)
        expert = services.appoint_expert(actor=request.user, **data)
        return self._done(expert, status.HTTP_201_CREATED)

    @extend_schema(request=ExpertInput(partial=True), responses=ExpertSerializer)
    def partial_update(self, request, pk=None):
        self._require("supervision.manage_experts")
        expert = self._object(pk)
        serializer = ExpertInput(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_expert(expert, actor=request.user, **serializer.validated_data)
        return self._done(expert)

    @extend_schema(request=ExpertDismissInput, responses=ExpertSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        self._require("supervision.manage_experts")
        expert = self._object(pk)
        data = validated(ExpertDismissInput, request.data)
        services.dismiss_expert(
            expert, on=data.get("on"), note=data.get("note", ""), actor=request.user
        )
        return self._done(expert)

    @extend_schema(request=ExpertConsultInput, responses=ExpertConsultationSerializer)
    @action(detail=True, methods=["post"])
    def consult(self, request, pk=None):
        self._require("supervision.manage_experts")
        expert = self._object(pk)
        data = validated(ExpertConsultInput, request.data)
        consultation = services.consult_expert(expert, actor=request.user, **data)
        return Response(
            ExpertConsultationSerializer(consultation).data, status=status.HTTP_201_CREATED
        )


class ExpertOpinionInput(serializers.Serializer):
    opinion = serializers.CharField(max_length=20000)
    answered_on = serializers.DateField(required=False, allow_null=True)


class ConsultationViewSet(PermissionMixin, viewsets.ReadOnlyModelViewSet):
    """Consultations of experts; an expert sees and answers only their own."""

    serializer_class = ExpertConsultationSerializer
    permission_classes = [RulesPermission]
    required_perm = "supervision.view_consultations"
    filterset_fields = ["state", "subject_kind"]
    search_fields = ["subject", "question"]

    def get_queryset(self):
        return get_consultations_for_user(self.request.user).order_by("-asked_on", "-pk")

    @extend_schema(request=ExpertOpinionInput, responses=ExpertConsultationSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        self._require("supervision.answer_consultation")
        consultation = self._object(pk)
        data = validated(ExpertOpinionInput, request.data)
        services.answer_consultation(
            consultation,
            opinion=data["opinion"],
            answered_on=data.get("answered_on"),
            actor=request.user,
        )
        return self._done(consultation)

    @extend_schema(request=ResearchNoteInput, responses=ExpertConsultationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        self._require("supervision.manage_experts")
        consultation = self._object(pk)
        data = validated(ResearchNoteInput, request.data)
        services.withdraw_consultation(consultation, note=data.get("note", ""), actor=request.user)
        return self._done(consultation)


# --- livelihood projects ---------------------------------------------------------------------
class ProjectMilestoneSerializer(ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "position", "title", "due_on", "done_on"]


class ProjectProgressSerializer(ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = ["id", "reported_on", "percent", "text"]


class ProjectInspectionSerializer(ModelSerializer):
    deputy_names = serializers.SerializerMethodField()

    class Meta:
        model = ProjectInspection
        fields = ["id", "date", "deputies", "deputy_names", "findings"]

    def get_deputy_names(self, inspection) -> list[str]:
        return [d.person.name for d in inspection.deputies.all()]


class LivelihoodProjectSerializer(ModelSerializer):
    lead_unit_name = serializers.CharField(
        source="lead_unit.name", default="", read_only=True, allow_null=True
    )
    votes = serializers.IntegerField(
        source="ballot_option.count", default=None, read_only=True, allow_null=True
    )
    percent = serializers.SerializerMethodField()
    milestones = ProjectMilestoneSerializer(many=True, read_only=True)
    progress_reports = ProjectProgressSerializer(many=True, read_only=True)
    inspections = ProjectInspectionSerializer(many=True, read_only=True)

    class Meta:
        model = LivelihoodProject
        fields = [
            "id",
            "year",
            "title",
            "description",
            "target",
            "state",
            "ballot",
            "votes",
            "lead_unit",
            "lead_unit_name",
            "started_on",
            "completed_on",
            "percent",
            "notes",
            "milestones",
            "progress_reports",
            "inspections",
        ]

    def get_percent(self, project) -> int:
        if project.state == LivelihoodProject.State.COMPLETED:
            return 100
        reports = list(project.progress_reports.all())
        return max((r.percent for r in reports), default=0)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        # internal working notes: for the committee side only
        if request is None or not R.has_any_role(request.user, R.COMMITTEE_SIDE):
            data.pop("notes", None)
        return data


class LivelihoodProjectInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=1980, max_value=2100)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    target = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class LivelihoodProjectEditInput(serializers.Serializer):
    title = serializers.CharField(required=False, max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    target = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class SelectionVoteInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=1980, max_value=2100)
    session = _pk(Session.objects.filter(body=Session.Body.CONGRESS))
    held_on = serializers.DateField()
    places = serializers.IntegerField(min_value=1, max_value=100)


class SelectionBallotInput(serializers.Serializer):
    ballot = _pk(Ballot.objects.filter(kind=Ballot.Kind.SELECTION))
    year = serializers.IntegerField(min_value=1980, max_value=2100, required=False)


class LivelihoodProjectStartInput(serializers.Serializer):
    lead_unit = _pk(_units())
    started_on = serializers.DateField(required=False, allow_null=True)
    target = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ProjectMilestoneInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField()


class ProjectMilestoneDoneInput(serializers.Serializer):
    milestone = _pk(Milestone.objects.all())
    done_on = serializers.DateField(required=False, allow_null=True)


class ProjectProgressInput(serializers.Serializer):
    percent = serializers.IntegerField(min_value=0, max_value=100)
    text = serializers.CharField(max_length=5000)
    reported_on = serializers.DateField(required=False, allow_null=True)


class ProjectInspectionInput(serializers.Serializer):
    date = serializers.DateField()
    deputies = _pks(Deputy.objects.all(), allow_empty=False)
    findings = serializers.CharField(max_length=5000)


class ProjectCompleteInput(serializers.Serializer):
    completed_on = serializers.DateField(required=False, allow_null=True)


class ProjectFilter(filters.FilterSet):
    year = YearFilter()

    class Meta:
        model = LivelihoodProject
        fields = ["year", "state"]


class ProjectViewSet(PermissionMixin, viewsets.ReadOnlyModelViewSet):
    """Livelihood projects (民生实事): candidates, the deputies' selection vote through
    the ballot engine, then milestones, progress, inspections and completion."""

    serializer_class = LivelihoodProjectSerializer
    permission_classes = [RulesPermission]
    required_perm = "supervision.view_projects"
    filterset_class = ProjectFilter
    search_fields = ["title", "description"]
    ordering_fields = ["year", "completed_on"]

    def get_queryset(self):
        return (
            get_projects_for_user(self.request.user)
            .select_related("ballot_option")
            .prefetch_related(
                Prefetch("milestones", queryset=Milestone.objects.order_by("position")),
                Prefetch(
                    "progress_reports",
                    queryset=ProgressReport.objects.order_by("reported_on", "pk"),
                ),
                Prefetch(
                    "inspections",
                    queryset=ProjectInspection.objects.prefetch_related(
                        Prefetch("deputies", queryset=Deputy.objects.select_related("person"))
                    ).order_by("date", "pk"),
                ),
            )
            .order_by("-year", "pk")
        )

    @extend_schema(request=LivelihoodProjectInput, responses=LivelihoodProjectSerializer)
    def create(self, request, *args, **kwargs):
        self._require("supervision.manage_projects")
        data = validated(LivelihoodProjectInput, request.data)
        project = services.propose_project(actor=request.user, **data)
        return self._done(project, status.HTTP_201_CREATED)

    @extend_schema(request=LivelihoodProjectEditInput, responses=LivelihoodProjectSerializer)
    def partial_update(self, request, pk=None):
        self._require("supervision.manage_projects")
        project = self._object(pk)
        data = validated(LivelihoodProjectEditInput, request.data)
        services.update_project(project, actor=request.user, **data)
        return self._done(project)

    @extend_schema(request=SelectionVoteInput, responses={201: dict})
    @action(detail=False, methods=["post"], url_path="put-to-vote", url_name="put-to-vote")
    def put_to_vote(self, request):
        self._require("supervision.manage_projects")
        data = validated(SelectionVoteInput, request.data)
        ballot = services.put_to_vote(
            data["year"],
            places=data["places"],
            term=data["session"].term,
            session=data["session"],
            held_on=data["held_on"],
            actor=request.user,
        )
        return Response(
            {"ballot": ballot.pk, "options": ballot.options.count()},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=SelectionBallotInput, responses=LivelihoodProjectSerializer(many=True))
    @action(detail=False, methods=["post"], pagination_class=None)  # the chosen, all at once
    def adopt(self, request):
        self._require("supervision.manage_projects")
        data = validated(SelectionBallotInput, request.data)
        year = data.get("year") or data["ballot"].held_on.year
        linked = services.adopt_ballot(data["ballot"], year=year, actor=request.user)
        rows = self.get_queryset().filter(pk__in=[p.pk for p in linked])
        return Response(self.get_serializer(rows, many=True).data)

    @extend_schema(request=SelectionBallotInput, responses=LivelihoodProjectSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="apply-selection", url_name="apply-selection")
    def apply_selection(self, request):
        self._require("supervision.manage_projects")
        data = validated(SelectionBallotInput, request.data)
        chosen = services.apply_selection(data["ballot"], actor=request.user)
        rows = self.get_queryset().filter(pk__in=[p.pk for p in chosen])
        return Response(self.get_serializer(rows, many=True).data)

    @extend_schema(request=LivelihoodProjectStartInput, responses=LivelihoodProjectSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        self._require("supervision.manage_projects")
        project = self._object(pk)
        data = validated(LivelihoodProjectStartInput, request.data)
        services.start_project(
            project,
            lead_unit=data["lead_unit"],
            started_on=data.get("started_on"),
            target=data.get("target"),
            actor=request.user,
        )
        return self._done(project)

    @extend_schema(request=ProjectMilestoneInput, responses=LivelihoodProjectSerializer)
    @action(detail=True, methods=["post"])
    def milestones(self, request, pk=None):
        self._require("supervision.manage_projects")
        project = self._object(pk)
        data = validated(ProjectMilestoneInput, request.data)
        services.add_milestone(project, actor=request.user, **data)
        return self._done(project, status.HTTP_201_CREATED)

    @extend_schema(request=ProjectMilestoneDoneInput, responses=LivelihoodProjectSerializer)
    @action(detail=True, methods=["post"], url_path="milestone-done", url_name="milestone-done")
    def milestone_done(self, request, pk=None):
        self._require("supervision.report_progress")
        project = self._object(pk)
        data = validated(ProjectMilestoneDoneInput, request.data)
        if data["milestone"].project_id != project.pk:
            raise serializers.ValidationError(
                {"milestone": ["This milestone is of another project."]}
            )
        services.complete_milestone(
            data["milestone"], done_on=data.get("done_on"), actor=request.user
        )
        return self._done(project)

    @extend_schema(request=ProjectProgressInput, responses=LivelihoodProjectSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        self._require("supervision.report_progress")
        project = self._object(pk)
        data = validated(ProjectProgressInput, request.data)
        services.report_progress(project, actor=request.user, **data)
        return self._done(project, status.HTTP_201_CREATED)

    @extend_schema(request=ProjectInspectionInput, responses=LivelihoodProjectSerializer)
    @action(detail=True, methods=["post"])
    def inspections(self, request, pk=None):
        self._require("supervision.inspect_project")
        project = self._object(pk)
        data = validated(ProjectInspectionInput, request.data)
        services.record_inspection(project, actor=request.user, **data)
        return self._done(project, status.HTTP_201_CREATED)

    @extend_schema(request=ProjectCompleteInput, responses=LivelihoodProjectSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        self._require("supervision.manage_projects")
        project = self._object(pk)
        data = validated(ProjectCompleteInput, request.data)
        services.complete_project(
            project, completed_on=data.get("completed_on"), actor=request.user
        )
        return self._done(project)


ROUTES: list = [
    ("research", ResearchViewSet, "research"),
    ("research-recommendations", RecommendationViewSet, "research-recommendation"),
    ("experts", ExpertViewSet, "expert"),
    ("expert-consultations", ConsultationViewSet, "expert-consultation"),
    ("livelihood-projects", ProjectViewSet, "livelihood-project"),
]
API_PATHS: list = []
