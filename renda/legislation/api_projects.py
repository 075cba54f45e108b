"""/api/v1/ entries of legislative plans, plan items, projects (with their transition
actions), readings and research topics. Thin: access from ``access``, changes through
``services_projects`` (409 on an illegal move, 400 on bad input, nothing changed).

GET/POST legislative-plans/                 plans; POST creates (office)
POST     legislative-plans/{id}/items/      add an item (R50)
POST     legislative-plans/{id}/adopt/ | publish/
GET      legislative-plan-items/            items (filter ``plan``)
GET/POST legislative-projects/              projects (filter stage, area, year; search)
POST     legislative-projects/{id}/approve/ | drafting/ | readings/ | vote/ | votes/ |
         conclude-vote/ | submit/ | provincial-approval/ | publish/ | evaluation/
GET      legislative-readings/              readings (filter ``project``)
GET/POST legislative-research-topics/       topics; POST raises one (office)
POST     legislative-research-topics/{id}/start/ | conclude/ | sources/
"""

from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from renda.core.api_filters import IdFilter, YearFilter
from renda.core.api_permissions import RulesPermission
from renda.core.api_support import ModelSerializer, validated
from renda.core.models import Organisation, Person, Session, Term
from renda.deputies.api import BoundedPrimaryKeyField
from renda.legislation import services_projects as services
from renda.legislation.access import (
    get_plan_items_for_user,
    get_plans_for_user,
    get_projects_for_user,
    get_readings_for_user,
    get_topics_for_user,
)
from renda.legislation.models import (
    LegalText,
    LegislativeArea,
    LegislativePlan,
    LegislativePlanItem,
    LegislativeProject,
    ProjectStage,
    Reading,
    ResearchTopic,
    TextVersion,
)
from renda.meetings.models import ChairMeeting

VIEW, MANAGE = "legislation.view_projects", "legislation.manage_projects"
TEXT = {"max_length": 20000}


def _pk(queryset, **kwargs):
    return BoundedPrimaryKeyField(queryset=queryset, **kwargs)


def _pks(queryset, **kwargs):
    return serializers.ListField(child=_pk(queryset), max_length=1000, **kwargs)


class _Base(viewsets.ReadOnlyModelViewSet):
    permission_classes = [RulesPermission]
    required_perm = VIEW

    def _require(self) -> None:
        if not self.request.user.has_perm(MANAGE):
            raise PermissionDenied()  # before validation: refuse, don't explain

    def _object(self, pk):
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _done(self, obj, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(fresh).data, status=code)


# --- plans -------------------------------------------------------------------------------------
class LegPlanItemSerializer(ModelSerializer):
    class Meta:
        model = LegislativePlanItem
        fields = [
            "id",
            "plan",
            "position",
            "kind",
            "title",
            "area",
            "authorising_law",
            "drafting_body",
            "committee",
            "target_submission",
            "target_adoption",
            "notes",
        ]
        read_only_fields = fields


class LegPlanSerializer(ModelSerializer):
    items = LegPlanItemSerializer(many=True, read_only=True)

    class Meta:
        model = LegislativePlan
        fields = [
            "id",
            "term",
            "kind",
            "title",
            "first_year",
            "last_year",
            "text",
            "state",
            "adopted_on",
            "published_on",
            "items",
        ]
        read_only_fields = fields


class LegPlanInput(serializers.Serializer):
    term = _pk(Term.objects.all())
    kind = serializers.ChoiceField(choices=LegislativePlan.Kind.choices)
    title = serializers.CharField(max_length=200)
    first_year = serializers.IntegerField(min_value=1980, max_value=2100)
    last_year = serializers.IntegerField(min_value=1980, max_value=2100, required=False)
    text = serializers.CharField(max_length=100000, required=False, allow_blank=True)


class LegPlanItemInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LegislativePlanItem.Kind.choices)
    title = serializers.CharField(max_length=200)
    area = serializers.ChoiceField(choices=LegislativeArea.choices)
    authorising_law = serializers.CharField(max_length=300, required=False, allow_blank=True)
    drafting_body = _pk(Organisation.objects.all(), required=False, allow_null=True)
    committee = _pk(Organisation.objects.all(), required=False, allow_null=True)
    target_submission = serializers.DateField(required=False, allow_null=True)
    target_adoption = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, **TEXT)


class LegAdoptInput(serializers.Serializer):
    adopted_on = serializers.DateField()


class LegPublishPlanInput(serializers.Serializer):
    published_on = serializers.DateField()


class PlanFilter(filters.FilterSet):
    year = YearFilter(field_name="first_year")

    class Meta:
        model = LegislativePlan
        fields = ["kind", "state", "year"]


class PlanViewSet(_Base):
    serializer_class = LegPlanSerializer
    filterset_class = PlanFilter
    search_fields = ["title"]

    def get_queryset(self):
        return (
            get_plans_for_user(self.request.user)
            .prefetch_related("items")
            .order_by("-first_year", "kind", "-pk")
        )

    @extend_schema(request=LegPlanInput, responses=LegPlanSerializer)
    def create(self, request, *args, **kwargs):
        self._require()
        data = validated(LegPlanInput, request.data)
        plan = services.create_plan(actor=request.user, **data)
        return self._done(plan, status.HTTP_201_CREATED)

    @extend_schema(request=LegPlanItemInput, responses=LegPlanSerializer)
    @action(detail=True, methods=["post"])
    def items(self, request, pk=None):
        self._require()
        data = validated(LegPlanItemInput, request.data)
        plan = self._object(pk)
        services.add_plan_item(plan, actor=request.user, **data)
        return self._done(plan, status.HTTP_201_CREATED)

    @extend_schema(request=LegAdoptInput, responses=LegPlanSerializer)
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        self._require()
        data = validated(LegAdoptInput, request.data)
        plan = self._object(pk)
        services.adopt_plan(plan, actor=request.user, **data)
        return self._done(plan)

    @extend_schema(request=LegPublishPlanInput, responses=LegPlanSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        self._require()
        data = validated(LegPublishPlanInput, request.data)
        plan = self._object(pk)
        services.publish_plan(plan, actor=request.user, **data)
        return self._done(plan)


class PlanItemFilter(filters.FilterSet):
    plan = IdFilter()

    class Meta:
        model = LegislativePlanItem
        fields = ["plan", "kind", "area"]


class PlanItemViewSet(_Base):
    serializer_class = LegPlanItemSerializer
    filterset_class = PlanItemFilter
    search_fields = ["title"]

    def get_queryset(self):
        return get_plan_items_for_user(self.request.user).order_by("plan_id", "position")


# --- projects ----------------------------------------------------------------------------------
class LegReadingSerializer(ModelSerializer):
    class Meta:
        model = Reading
        fields = ["id", "project", "number", "session", "version", "date", "agenda_item", "notes"]
        read_only_fields = fields


class LegProjectSerializer(ModelSerializer):
    readings = LegReadingSerializer(many=True, read_only=True)
    unanimous_at_province = serializers.BooleanField(read_only=True, allow_null=True)
    r53_warning = serializers.SerializerMethodField()

    class Meta:
        model = LegislativeProject
        fields = [
            "id",
            "term",
            "title",
            "year",
            "area",
            "authorising_law",
            "plan_item",
            "legal_text",
            "drafting_body",
            "committee",
            "stage",
            "approved_on",
            "approval_evaluation",
            "drafting_started_on",
            "ballot",
            "fewer_readings_meeting",
            "fewer_readings_reason",
            "adopted_on",
            "submitted_on",
            "decision_due_on",
            "r53_warning",
            "province_approved_on",
            "province_votes_for",
            "province_votes_against",
            "province_votes_abstain",
            "unanimous_at_province",
            "notice_number",
            "published_on",
            "effective_on",
            "evaluated_on",
            "evaluation_findings",
            "readings",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_r53_warning(self, project) -> str:
        # lists annotate it (one settings query for all rows)
        annotated = getattr(project, "r53", None)
        return annotated if annotated is not None else services.r53_warning(project)


class LegProjectInput(serializers.Serializer):
    term = _pk(Term.objects.all())
    title = serializers.CharField(max_length=200)
    year = serializers.IntegerField(min_value=1980, max_value=2100)
    area = serializers.ChoiceField(choices=LegislativeArea.choices)
    authorising_law = serializers.CharField(max_length=300, required=False, allow_blank=True)
    plan_item = _pk(LegislativePlanItem.objects.all(), required=False, allow_null=True)
    legal_text = _pk(LegalText.objects.all(), required=False, allow_null=True)
    drafting_body = _pk(Organisation.objects.all(), required=False, allow_null=True)
    committee = _pk(Organisation.objects.all(), required=False, allow_null=True)


class LegApproveInput(serializers.Serializer):
    approved_on = serializers.DateField()
    evaluation = serializers.CharField(**TEXT)


class LegDraftingInput(serializers.Serializer):
    started_on = serializers.DateField()
    legal_text = _pk(LegalText.objects.all(), required=False, allow_null=True)


class LegReadingInput(serializers.Serializer):
    session = _pk(Session.objects.all())
    date = serializers.DateField()
    version = _pk(TextVersion.objects.all(), required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, **TEXT)


class LegVoteInput(serializers.Serializer):
    session = _pk(Session.objects.all())
    held_on = serializers.DateField()
    chair_meeting = _pk(ChairMeeting.objects.all(), required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, **TEXT)


class LegVoteEntry(serializers.Serializer):
    voter = _pk(Person.objects.all())
    choice = serializers.ChoiceField(choices=["yes", "no", "abstain"])


class LegVotesInput(serializers.Serializer):
    votes = LegVoteEntry(many=True, allow_empty=False, max_length=1000)


class LegSubmitInput(serializers.Serializer):
    submitted_on = serializers.DateField()


class LegProvincialApprovalInput(serializers.Serializer):
    approved_on = serializers.DateField()
    votes_for = serializers.IntegerField(min_value=0, max_value=10000)
    votes_against = serializers.IntegerField(min_value=0, max_value=10000)
    votes_abstain = serializers.IntegerField(min_value=0, max_value=10000)


class LegPublishInput(serializers.Serializer):
    notice_number = serializers.CharField(max_length=60)
    published_on = serializers.DateField()
    effective_on = serializers.DateField()


class LegEvaluationInput(serializers.Serializer):
    evaluated_on = serializers.DateField()
    findings = serializers.CharField(**TEXT)


class ProjectFilter(filters.FilterSet):
    stage = filters.ChoiceFilter(choices=ProjectStage.choices)
    area = filters.ChoiceFilter(choices=LegislativeArea.choices)
    year = YearFilter()
    plan_item = IdFilter()

    class Meta:
        model = LegislativeProject
        fields = ["stage", "area", "year", "plan_item"]


def _transition(name, input_class, service, code=status.HTTP_200_OK):
    """A POST action on a project: validate, call the service, answer the project.
    ``name`` is the viewset attribute the action is bound to (DRF finds it by name)."""

    @extend_schema(request=input_class, responses=LegProjectSerializer)
    def handler(self, request, pk=None):
        self._require()
        data = validated(input_class, request.data) if input_class else {}
        project = self._object(pk)
        service(project, request.user, data)
        return self._done(project, code)

    handler.__name__ = name
    return handler


class LegEmptyInput(serializers.Serializer):
    pass


class ProjectViewSet(_Base):
    serializer_class = LegProjectSerializer
    filterset_class = ProjectFilter
    search_fields = ["title", "authorising_law", "notice_number"]

    def get_queryset(self):
        projects = get_projects_for_user(self.request.user).prefetch_related("readings")
        if not getattr(self, "swagger_fake_view", False):  # the schema reads no setting
            projects = projects.annotate(r53=services.r53_annotation())
        return projects.order_by("-year", "-pk")

    @extend_schema(request=LegProjectInput, responses=LegProjectSerializer)
    def create(self, request, *args, **kwargs):
        self._require()
        data = validated(LegProjectInput, request.data)
        project = services.create_project(actor=request.user, **data)
        return self._done(project, status.HTTP_201_CREATED)

    approve = action(detail=True, methods=["post"])(
        _transition(
            "approve", LegApproveInput, lambda p, a, d: services.approve_project(p, actor=a, **d)
        )
    )
    drafting = action(detail=True, methods=["post"])(
        _transition(
            "drafting", LegDraftingInput, lambda p, a, d: services.start_drafting(p, actor=a, **d)
        )
    )
    readings = action(detail=True, methods=["post"])(
        _transition(
            "readings",
            LegReadingInput,
            lambda p, a, d: services.record_reading(p, actor=a, **d),
            status.HTTP_201_CREATED,
        )
    )
    vote = action(detail=True, methods=["post"])(
        _transition("vote", LegVoteInput, lambda p, a, d: services.put_to_vote(p, actor=a, **d))
    )
    votes = action(detail=True, methods=["post"])(
        _transition(
            "votes",
            LegVotesInput,
            lambda p, a, d: services.record_votes(
                p, entries=[(v["voter"], v["choice"]) for v in d["votes"]], actor=a
            ),
        )
    )
    conclude_vote = action(detail=True, methods=["post"], url_path="conclude-vote")(
        _transition(
            "conclude_vote", LegEmptyInput, lambda p, a, d: services.conclude_vote(p, actor=a)
        )
    )
    submit = action(detail=True, methods=["post"])(
        _transition(
            "submit", LegSubmitInput, lambda p, a, d: services.submit_to_province(p, actor=a, **d)
        )
    )
    provincial_approval = action(detail=True, methods=["post"], url_path="provincial-approval")(
        _transition(
            "provincial_approval",
            LegProvincialApprovalInput,
            lambda p, a, d: services.record_provincial_approval(p, actor=a, **d),
        )
    )
    publish = action(detail=True, methods=["post"])(
        _transition("publish", LegPublishInput, lambda p, a, d: services.publish(p, actor=a, **d))
    )
    evaluation = action(detail=True, methods=["post"])(
        _transition(
            "evaluation",
            LegEvaluationInput,
            lambda p, a, d: services.record_evaluation(p, actor=a, **d),
        )
    )


class ReadingFilter(filters.FilterSet):
    project = IdFilter()

    class Meta:
        model = Reading
        fields = ["project"]


class ReadingViewSet(_Base):
    serializer_class = LegReadingSerializer
    filterset_class = ReadingFilter

    def get_queryset(self):
        return get_readings_for_user(self.request.user).order_by("project_id", "number")


# --- research topics ---------------------------------------------------------------------------
class LegTopicSerializer(ModelSerializer):
    class Meta:
        model = ResearchTopic
        fields = [
            "id",
            "title",
            "year",
            "description",
            "committee",
            "state",
            "conclusion",
            "concluded_on",
            "opinions",
            "suggestions",
        ]
        read_only_fields = fields


def _opinions():
    from renda.opinions.models import PublicOpinion

    return PublicOpinion.objects.all()


def _suggestions():
    from renda.suggestions.models import Suggestion

    return Suggestion.objects.all()


class LegTopicInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    year = serializers.IntegerField(min_value=1980, max_value=2100)
    description = serializers.CharField(required=False, allow_blank=True, **TEXT)
    committee = _pk(Organisation.objects.all(), required=False, allow_null=True)
    opinions = _pks(_opinions(), required=False)
    suggestions = _pks(_suggestions(), required=False)


class LegSourcesInput(serializers.Serializer):
    opinions = _pks(_opinions(), required=False)
    suggestions = _pks(_suggestions(), required=False)


class LegConcludeInput(serializers.Serializer):
    conclusion = serializers.CharField(**TEXT)
    concluded_on = serializers.DateField()


class TopicFilter(filters.FilterSet):
    year = YearFilter()

    class Meta:
        model = ResearchTopic
        fields = ["year", "state"]


class TopicViewSet(_Base):
    serializer_class = LegTopicSerializer
    filterset_class = TopicFilter
    search_fields = ["title", "description"]

    def get_queryset(self):
        return (
            get_topics_for_user(self.request.user)
            .prefetch_related("opinions", "suggestions")
            .order_by("-year", "pk")
        )

    @extend_schema(request=LegTopicInput, responses=LegTopicSerializer)
    def create(self, request, *args, **kwargs):
        self._require()
        data = validated(LegTopicInput, request.data)
        topic = services.raise_topic(actor=request.user, **data)
        return self._done(topic, status.HTTP_201_CREATED)

    @extend_schema(request=LegEmptyInput, responses=LegTopicSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        self._require()
        topic = self._object(pk)
        services.start_topic_research(topic, actor=request.user)
        return self._done(topic)

    @extend_schema(request=LegConcludeInput, responses=LegTopicSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        self._require()
        data = validated(LegConcludeInput, request.data)
        topic = self._object(pk)
        services.conclude_topic(topic, actor=request.user, **data)
        return self._done(topic)

    @extend_schema(request=LegSourcesInput, responses=LegTopicSerializer)
    @action(detail=True, methods=["post"])
    def sources(self, request, pk=None):
        self._require()
        data = validated(LegSourcesInput, request.data)
        topic = self._object(pk)
        services.link_sources(topic, actor=request.user, **data)
        return self._done(topic)


ROUTES: list = [
    ("legislative-plans", PlanViewSet, "legislative-plan"),
    ("legislative-plan-items", PlanItemViewSet, "legislative-plan-item"),
    ("legislative-projects", ProjectViewSet, "legislative-project"),
    ("legislative-readings", ReadingViewSet, "legislative-reading"),
    ("legislative-research-topics", TopicViewSet, "legislative-research-topic"),
]
