"""API of the meetings app: committee sessions (schedule, agenda, attendance, quorum,
opening, invited attendees, forums, minutes), agenda items with documents and their
ballot, chair meetings, joint bills and formal questions (R34). Thin: access from
access.py, changes through services.py."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from renda.ballots.models import Ballot
from renda.core.api_permissions import RulesPermission
from renda.core.api_support import ModelSerializer, validated
from renda.core.models import CommitteeMember, Deputy, Organisation, Person, Session, Term
from renda.deputies.api import BoundedPrimaryKeyField
from renda.meetings import access, services
from renda.meetings.models import (
    AgendaDocument,
    AgendaItem,
    ChairMeeting,
    JointSubmission,
    MemberAttendance,
    Observer,
    PostSessionForum,
    QuestionAnswer,
)


def _pk(queryset, **kwargs):
    return BoundedPrimaryKeyField(queryset=queryset, **kwargs)


def _pks(queryset, **kwargs):
    return serializers.ListField(child=_pk(queryset), max_length=1000, **kwargs)


# --- output ------------------------------------------------------------------------------
class DocumentSerializer(ModelSerializer):
    class Meta:
        model = AgendaDocument
        fields = ["id", "name", "size", "created_at"]


class AgendaItemSerializer(ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    ballot_state = serializers.CharField(
        source="ballot.state", default=None, read_only=True, allow_null=True
    )
    ballot_passed = serializers.BooleanField(
        source="ballot.passed", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "session",
            "chair_meeting",
            "position",
            "kind",
            "kind_display",
            "title",
            "presenter",
            "organisation",
            "reading",
            "submission",
            "ballot",
            "ballot_state",
            "ballot_passed",
            "notes",
            "documents",
        ]


class SessionSerializer(ModelSerializer):
    term = serializers.IntegerField(source="term.number")
    state = serializers.SerializerMethodField()
    place = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = ["id", "term", "number", "start_date", "end_date", "state", "place"]

    def get_state(self, session) -> str:
        return services.details_of(session).state

    def get_place(self, session) -> str:
        return services.details_of(session).place


class SessionDetailSerializer(SessionSerializer):
    presided_by = serializers.SerializerMethodField()
    opened_at = serializers.SerializerMethodField()
    closed_at = serializers.SerializerMethodField()
    minutes = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    quorum = serializers.SerializerMethodField()
    agenda = serializers.SerializerMethodField()
    attendance = serializers.SerializerMethodField()
    observers = serializers.SerializerMethodField()
    forums = serializers.SerializerMethodField()

    class Meta(SessionSerializer.Meta):
        fields = [
            *SessionSerializer.Meta.fields,
            "presided_by",
            "opened_at",
            "closed_at",
            "minutes",
            "summary",
            "quorum",
            "agenda",
            "attendance",
            "observers",
            "forums",
        ]

    def get_presided_by(self, session) -> str:
        person = services.details_of(session).presided_by
        return person.name if person else ""

    def get_opened_at(self, session) -> str | None:
        moment = services.details_of(session).opened_at
        return moment.isoformat() if moment else None

    def get_closed_at(self, session) -> str | None:
        moment = services.details_of(session).closed_at
        return moment.isoformat() if moment else None

    def get_minutes(self, session) -> str:
        return services.details_of(session).minutes

    def get_summary(self, session) -> str:
        return services.details_of(session).summary

    def get_quorum(self, session) -> dict:
        count = services.quorum(session)
        return {
            "members": count.members,
            "present": count.present,
            "on_leave": count.on_leave,
            "absent": count.absent,
            "needed": count.needed,
            "met": count.met,
        }

    def get_agenda(self, session) -> list[dict]:
        items = (
            AgendaItem.objects.filter(session=session)
            .select_related("ballot")
            .prefetch_related("documents")
            .order_by("position")
        )
        return AgendaItemSerializer(items, many=True).data

    def get_attendance(self, session) -> list[dict]:
        rows = MemberAttendance.objects.filter(session=session).select_related("member__person")
        return [
            {
                "member": r.member_id,
                "name": r.member.person.name,
                "status": r.status,
                "reason": r.reason,
            }
            for r in rows
        ]

    def get_observers(self, session) -> list[dict]:
        rows = Observer.objects.filter(session=session).select_related("organisation")
        return [
            {
                "id": o.pk,
                "kind": o.kind,
                "deputy": o.deputy_id,
                "name": o.name,
                "organisation": o.organisation.name if o.organisation_id else "",
                "post": o.post,
                "attended": o.attended,
                "has_vote": False,  # R35
            }
            for o in rows
        ]

    def get_forums(self, session) -> list[dict]:
        forums = PostSessionForum.objects.filter(session=session).prefetch_related("contributions")
        return [
            {
                "id": f.pk,
                "date": f.date.isoformat(),
                "place": f.place,
                "chaired_by": f.chaired_by,
                "summary": f.summary,
                "contributions": [
                    {"deputy": c.deputy_id, "text": c.text} for c in f.contributions.all()
                ],
            }
            for f in forums
        ]


# --- input -------------------------------------------------------------------------------
class ScheduleInput(serializers.Serializer):
    term = _pk(Term.objects.all())
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    presided_by = _pk(Person.objects.all(), required=False, allow_null=True, default=None)


class AgendaInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AgendaItem.Kind.choices)
    title = serializers.CharField(max_length=300)
    presenter = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    organisation = _pk(Organisation.objects.all(), required=False, allow_null=True, default=None)
    reading = serializers.IntegerField(
        min_value=1, max_value=services.MAX_READING, required=False, allow_null=True, default=None
    )
    submission = _pk(JointSubmission.objects.all(), required=False, allow_null=True, default=None)
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class AttendanceEntry(serializers.Serializer):
    member = _pk(CommitteeMember.objects.select_related("person"))
    status = serializers.ChoiceField(choices=MemberAttendance.Status.choices)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class AttendanceInput(serializers.Serializer):
    entries = AttendanceEntry(many=True, allow_empty=False)


class InviteInput(serializers.Serializer):
    deputies = _pks(Deputy.objects.all(), allow_empty=False)


class HeadInput(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[c for c in Observer.Kind.choices if c[0] != Observer.Kind.DEPUTY]
    )
    organisation = _pk(Organisation.objects.all(), required=False, allow_null=True, default=None)
    name = serializers.CharField(max_length=60)
    post = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class ObserversInput(serializers.Serializer):
    present = _pks(Deputy.objects.all())


class ForumInput(serializers.Serializer):
    date = serializers.DateField()
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    chaired_by = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


class ContributionInput(serializers.Serializer):
    forum = _pk(PostSessionForum.objects.all())
    deputy = _pk(Deputy.objects.all())
    text = serializers.CharField(max_length=20000)


class MinutesInput(serializers.Serializer):
    minutes = serializers.CharField(max_length=200000, allow_blank=True, default="")
    summary = serializers.CharField(max_length=200000, allow_blank=True, default="")


class AgendaBallotInput(serializers.Serializer):
    ballot = _pk(Ballot.objects.all())


class DocumentInput(serializers.Serializer):
    file = serializers.FileField()


class ChairMeetingSerializer(ModelSerializer):
    term = serializers.IntegerField(source="term.number", read_only=True)
    participants = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)

    class Meta:
        model = ChairMeeting
        fields = [
            "id",
            "term",
            "number",
            "date",
            "place",
            "state",
            "participants",
            "decisions",
            "agenda",
        ]


class ChairMeetingInput(serializers.Serializer):
    term = _pk(Term.objects.all())
    date = serializers.DateField()
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    participants = _pks(CommitteeMember.objects.all(), required=False, default=list)


class ChairMeetingHeldInput(serializers.Serializer):
    decisions = serializers.CharField(max_length=20000)


class AnswerSerializer(ModelSerializer):
    views = serializers.SerializerMethodField()

    class Meta:
        model = QuestionAnswer
        fields = [
            "round",
            "answered_on",
            "answered_by",
            "text",
            "dissatisfied",
            "questioners",
            "answer_again",
            "views",
        ]

    def get_views(self, answer) -> list[dict]:
        return [{"member": v.member_id, "satisfied": v.satisfied} for v in answer.views.all()]


class SubmissionSerializer(ModelSerializer):
    term = serializers.IntegerField(source="term.number", read_only=True)
    submitters = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta:
        model = JointSubmission
        fields = [
            "id",
            "term",
            "session",
            "kind",
            "title",
            "text",
            "addressee",
            "submitters",
            "submitted_on",
            "state",
            "answers",
        ]


class SubmissionInput(serializers.Serializer):
    term = _pk(Term.objects.all())
    kind = serializers.ChoiceField(choices=JointSubmission.Kind.choices)
    title = serializers.CharField(max_length=300)
    text = serializers.CharField(max_length=50000)
    submitters = _pks(CommitteeMember.objects.all(), allow_empty=False)
    submitted_on = serializers.DateField(required=False, allow_null=True, default=None)
    addressee = _pk(Organisation.objects.all(), required=False, allow_null=True, default=None)
    session = _pk(
        Session.objects.filter(body=Session.Body.STANDING_COMMITTEE),
        required=False,
        allow_null=True,
        default=None,
    )


class AnswerInput(serializers.Serializer):
    answered_on = serializers.DateField()
    answered_by = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=50000)


class ViewEntry(serializers.Serializer):
    member = _pk(CommitteeMember.objects.select_related("person"))
    satisfied = serializers.BooleanField()


class ViewsInput(serializers.Serializer):
    views = ViewEntry(many=True, allow_empty=False)


# --- viewsets ----------------------------------------------------------------------------
class ManageMixin:
    def _manage(self):
        if not self.request.user.has_perm("meetings.manage"):
            raise PermissionDenied()  # before validation: refuse, don't explain


class CommitteeSessionViewSet(ManageMixin, viewsets.ReadOnlyModelViewSet):
    """Committee sessions (sessions of the standing committee) with their meeting record."""

    permission_classes = [RulesPermission]
    required_perm = "meetings.view"
    ordering_fields = ["start_date", "number"]
    filterset_fields = ["term"]

    def get_serializer_class(self):
        return SessionSerializer if self.action == "list" else SessionDetailSerializer

    def get_queryset(self):
        return access.get_sessions_for_user(self.request.user).order_by("-start_date", "-pk")

    def _session(self, pk):
        return get_object_or_404(self.get_queryset(), pk=pk)

    def _done(self, session, code=status.HTTP_200_OK):
        session = self.get_queryset().get(pk=session.pk)
        return Response(SessionDetailSerializer(session).data, status=code)

    @extend_schema(request=ScheduleInput, responses=SessionDetailSerializer)
    def create(self, request):
        self._manage()
        data = validated(ScheduleInput, request.data)
        term = data.pop("term")
        session = services.schedule_session(term, actor=request.user, **data)
        return self._done(session, status.HTTP_201_CREATED)

    @extend_schema(request=AgendaInput, responses=AgendaItemSerializer)
    @action(detail=True, methods=["post"])
    def agenda(self, request, pk=None):
        self._manage()
        session = self._session(pk)
        data = validated(AgendaInput, request.data)
        item = services.add_agenda_item(session=session, actor=request.user, **data)
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AttendanceInput, responses=SessionDetailSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        self._manage()
        session = self._session(pk)
        data = validated(AttendanceInput, request.data)
        entries = [(e["member"], e["status"], e["reason"]) for e in data["entries"]]
        services.record_attendance(session, entries, actor=request.user)
        return self._done(session)

    @extend_schema(request=None, responses=SessionDetailSerializer)
    @action(detail=True, methods=["post"], url_path="open", url_name="open")
    def open_(self, request, pk=None):
        self._manage()
        session = self._session(pk)
        services.open_session(session, actor=request.user)
        return self._done(session)

    @extend_schema(request=None, responses=SessionDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        self._manage()
        session = self._session(pk)
        services.close_session(session, actor=request.user)
        return self._done(session)

    @extend_schema(request=InviteInput, responses=SessionDetailSerializer)
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        self._manage()
        session = self._session(pk)
        data = validated(InviteInput, request.data)
        services.invite_deputies(session, data["deputies"], actor=request.user)
        return self._done(session)

    @extend_schema(request=HeadInput, responses=SessionDetailSerializer)
    @action(detail=True, methods=["post"])
    def heads(self, request, pk=None):
        self._manage()
        session = self._session(pk)
        data = validated(HeadInput, request.data)
        services.add_head_attendee(session, actor=request.user, **data)
        return self._done(session)

    @extend_schema(request=ObserversInput, responses=SessionDetailSerializer)
    @action(detail=True, methods=["post"])
    def observers(self, request, pk=None):
        self._manage()
        session = self._session(pk)
        data = validated(ObserversInput, request.data)
        services.record_observer_attendance(session, data["present"], actor=request.user)
        return self._done(session)

    @extend_schema(request=ForumInput, responses=SessionDetailSerializer)
    @action(detail=True, methods=["post"])
    def forums(self, request, pk=None):
        self._manage()
        session = self._session(pk)
        data = validated(ForumInput, request.data)
        services.hold_forum(session, actor=request.user, **data)
        return self._done(session, status.HTTP_201_CREATED)

    @extend_schema(request=ContributionInput, responses=SessionDetailSerializer)
    @action(detail=True, methods=["post"])
    def contributions(self, request, pk=None):
        self._manage()
        session = self._session(pk)
        data = validated(ContributionInput, request.data)
        if data["forum"].session_id != session.pk:
            raise serializers.ValidationError({"forum": ["This forum is of another session."]})
        services.add_forum_contribution(
            data["forum"], deputy=data["deputy"], text=data["text"], actor=request.user
        )
        return self._done(session, status.HTTP_201_CREATED)

    @extend_schema(request=MinutesInput, responses=SessionDetailSerializer)
    @action(detail=True, methods=["post"])
    def minutes(self, request, pk=None):
        self._manage()
        session = self._session(pk)
        data = validated(MinutesInput, request.data)
        services.save_minutes(session, actor=request.user, **data)
        return self._done(session)


class AgendaItemViewSet(ManageMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [RulesPermission]
    required_perm = "meetings.view"
    serializer_class = AgendaItemSerializer
    filterset_fields = ["session", "chair_meeting", "kind"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return (
            access.get_agenda_items_for_user(self.request.user)
            .select_related("ballot")
            .prefetch_related("documents")
            .order_by("session", "chair_meeting", "position", "pk")
        )

    @extend_schema(request={"multipart/form-data": DocumentInput}, responses=AgendaItemSerializer)
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        self._manage()
        item = get_object_or_404(self.get_queryset(), pk=pk)
        data = validated(DocumentInput, request.data)
        services.add_document(item, data["file"], actor=request.user)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=item.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=AgendaBallotInput, responses=AgendaItemSerializer)
    @action(detail=True, methods=["post"])
    def ballot(self, request, pk=None):
        self._manage()
        item = get_object_or_404(self.get_queryset(), pk=pk)
        data = validated(AgendaBallotInput, request.data)
        services.attach_ballot(item, data["ballot"], actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)


class ChairMeetingViewSet(ManageMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [RulesPermission]
    required_perm = "meetings.view"
    serializer_class = ChairMeetingSerializer
    filterset_fields = ["term", "state"]

    def get_queryset(self):
        return (
            access.get_chair_meetings_for_user(self.request.user)
            .prefetch_related(
                "participants",
                Prefetch(
                    "agenda_items",
                    queryset=AgendaItem.objects.select_related("ballot")
                    .prefetch_related("documents")
                    .order_by("position"),
                ),
            )
            .order_by("-date", "-number")
        )

    @extend_schema(request=ChairMeetingInput, responses=ChairMeetingSerializer)
    def create(self, request, *args, **kwargs):
        self._manage()
        data = validated(ChairMeetingInput, request.data)
        meeting = services.schedule_chair_meeting(data.pop("term"), actor=request.user, **data)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=meeting.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=AgendaInput, responses=AgendaItemSerializer)
    @action(detail=True, methods=["post"])
    def agenda(self, request, pk=None):
        self._manage()
        meeting = get_object_or_404(self.get_queryset(), pk=pk)
        data = validated(AgendaInput, request.data)
        item = services.add_agenda_item(chair_meeting=meeting, actor=request.user, **data)
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ChairMeetingHeldInput, responses=ChairMeetingSerializer)
    @action(detail=True, methods=["post"])
    def held(self, request, pk=None):
        self._manage()
        meeting = get_object_or_404(self.get_queryset(), pk=pk)
        data = validated(ChairMeetingHeldInput, request.data)
        services.record_chair_meeting_held(meeting, decisions=data["decisions"], actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=meeting.pk)).data)


class JointSubmissionViewSet(ManageMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Bills and formal questions of 5+ members (R34), with answers and the
    questioners' view."""

    permission_classes = [RulesPermission]
    required_perm = "meetings.view"
    serializer_class = SubmissionSerializer
    filterset_fields = ["term", "kind", "state"]
    search_fields = ["title"]

    def get_queryset(self):
        return (
            access.get_submissions_for_user(self.request.user)
            .prefetch_related(
                "submitters",
                Prefetch(
                    "answers",
                    queryset=QuestionAnswer.objects.prefetch_related("views").order_by("round"),
                ),
            )
            .annotate(submitter_count=Count("submitters"))
            .order_by("-submitted_on", "-pk")
        )

    def _done(self, item, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data, status=code)

    @extend_schema(request=SubmissionInput, responses=SubmissionSerializer)
    def create(self, request, *args, **kwargs):
        self._manage()
        data = validated(SubmissionInput, request.data)
        item = services.submit_jointly(data.pop("term"), actor=request.user, **data)
        return self._done(item, status.HTTP_201_CREATED)

    @extend_schema(request=AnswerInput, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        self._manage()
        item = get_object_or_404(self.get_queryset(), pk=pk)
        data = validated(AnswerInput, request.data)
        services.record_answer(item, actor=request.user, **data)
        return self._done(item)

    @extend_schema(request=ViewsInput, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def views(self, request, pk=None):
        self._manage()
        item = get_object_or_404(self.get_queryset(), pk=pk)
        data = validated(ViewsInput, request.data)
        views = [(v["member"], v["satisfied"]) for v in data["views"]]
        services.record_questioner_views(item, views, actor=request.user)
        return self._done(item)


ROUTES: list = [
    ("committee-sessions", CommitteeSessionViewSet, "committee-session"),
    ("agenda-items", AgendaItemViewSet, "agenda-item"),
    ("chair-meetings", ChairMeetingViewSet, "chair-meeting"),
    ("joint-submissions", JointSubmissionViewSet, "joint-submission"),
]
API_PATHS: list = []  # django.urls.path(...) entries
