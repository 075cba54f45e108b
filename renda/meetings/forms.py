"""Forms of the meetings pages; the services check the rules again."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.forms import Styled
from renda.core.models import CommitteeMember, Deputy, Organisation, Person, Term
from renda.meetings.models import (
    AgendaItem,
    ChairMeeting,
    JointSubmission,
    MemberAttendance,
    Observer,
)

DATE = forms.DateInput(attrs={"type": "date"})


class MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.name}（{obj.get_post_display()}）"


class MembersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.name}（{obj.get_post_display()}）"


class DeputiesChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.person.name}"


def _members(term=None):
    qs = CommitteeMember.objects.select_related("person").order_by("post", "pk")
    return qs.filter(term=term) if term is not None else qs


class SessionForm(Styled, forms.Form):
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.all())
    start_date = forms.DateField(label=_("First day"), widget=DATE)
    end_date = forms.DateField(label=_("Last day"), widget=DATE, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    presided_by = forms.ModelChoiceField(
        label=_("Presided by"),
        queryset=Person.objects.filter(memberships__isnull=False).distinct(),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].initial = Term.objects.order_by("-number").first()


class AgendaItemForm(Styled, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    presenter = forms.CharField(label=_("Presented by"), max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Presenting body"), queryset=Organisation.objects.all(), required=False
    )
    reading = forms.IntegerField(label=_("Reading"), min_value=1, max_value=5, required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AttendanceForm(Styled, forms.Form):
    """One choice per member serving on the session's date."""

    def __init__(self, *args, session, members, **kwargs):
        super().__init__(*args, **kwargs)
        current = dict(
            MemberAttendance.objects.filter(session=session).values_list("member_id", "status")
        )
        choices = [("", "—"), *MemberAttendance.Status.choices]
        self.members = {}
        for member in members:
            name = f"m{member.pk}"
            self.members[name] = member
            self.fields[name] = forms.ChoiceField(
                label=f"{member.person.name}（{member.get_post_display()}）",
                choices=choices,
                required=False,
                initial=current.get(member.pk, ""),
            )

    def entries(self):
        return [
            (member, self.cleaned_data[name], "")
            for name, member in self.members.items()
            if self.cleaned_data.get(name)
        ]


class InviteForm(Styled, forms.Form):
    deputies = DeputiesChoice(label=_("Deputies to invite"), queryset=Deputy.objects.none())

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = (
            Deputy.objects.filter(term=session.term, status=Deputy.Status.ACTIVE)
            .exclude(session_observations__session=session)
            .select_related("person")
            .order_by("code")
        )
        self.fields["deputies"].widget.attrs["size"] = 8


class HeadForm(Styled, forms.Form):
    kind = forms.ChoiceField(
        label=_("Attending as"),
        choices=[c for c in Observer.Kind.choices if c[0] != Observer.Kind.DEPUTY],
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(
            kind__in=[Organisation.Kind.GOVERNMENT, Organisation.Kind.HANDLING_UNIT]
        ),
        required=False,
    )
    name = forms.CharField(label=_("Name"), max_length=60)
    post = forms.CharField(label=_("Post"), max_length=100, required=False)


class ObserversAttendedForm(Styled, forms.Form):
    present = DeputiesChoice(
        label=_("Invited deputies who attended"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = (
            Deputy.objects.filter(
                session_observations__session=session,
                session_observations__attended__isnull=True,
            )
            .select_related("person")
            .order_by("code")
        )


class ForumForm(Styled, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    chaired_by = forms.CharField(label=_("Chaired by"), max_length=100, required=False)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ContributionForm(Styled, forms.Form):
    forum = forms.ModelChoiceField(label=_("Post-session forum"), queryset=None)
    deputy = forms.ModelChoiceField(label=_("Deputy"), queryset=Deputy.objects.none())
    text = forms.CharField(label=_("What was said"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = session.forums.all()
        self.fields["deputy"].queryset = Deputy.objects.filter(
            session_observations__session=session, session_observations__attended=True
        ).select_related("person")
        self.fields["deputy"].label_from_instance = lambda d: f"{d.code} {d.person.name}"


class MinutesForm(Styled, forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class EmptyForm(forms.Form):
    pass


class DocumentForm(Styled, forms.Form):
    file = forms.FileField(label=_("Document (PDF or Word, up to 20 MB)"))


class BallotForm(Styled, forms.Form):
    ballot = forms.ModelChoiceField(label=_("Ballot"), queryset=None)

    def __init__(self, *args, item, **kwargs):
        from django.db.models import Q

        from renda.ballots.models import Ballot
        from renda.meetings.services import ballot_kinds_for

        super().__init__(*args, **kwargs)
        qs = Ballot.objects.none()
        if item.session_id:
            qs = Ballot.objects.filter(
                Q(session__isnull=True) | Q(session_id=item.session_id),
                term_id=item.session.term_id,
                kind__in=ballot_kinds_for(item.kind),
            )
        self.fields["ballot"].queryset = qs


class ChairMeetingForm(Styled, forms.Form):
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.all())
    date = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    participants = MembersChoice(
        label=_("Participants"),
        queryset=_members().exclude(post=CommitteeMember.Post.MEMBER),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].initial = Term.objects.order_by("-number").first()


class ChairHeldForm(Styled, forms.Form):
    decisions = forms.CharField(label=_("Decisions"), widget=forms.Textarea(attrs={"rows": 4}))


class SubmissionForm(Styled, forms.Form):
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.all())
    kind = forms.ChoiceField(label=_("Kind"), choices=JointSubmission.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}))
    submitters = MembersChoice(label=_("Members submitting jointly"), queryset=_members())
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DATE, required=False)
    addressee = forms.ModelChoiceField(
        label=_("Body questioned"), queryset=Organisation.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].initial = Term.objects.order_by("-number").first()
        self.fields["submitters"].widget.attrs["size"] = 10


class AnswerForm(Styled, forms.Form):
    answered_on = forms.DateField(label=_("Answered on"), widget=DATE)
    answered_by = forms.CharField(label=_("Answered by"), max_length=200)
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))


class ViewsForm(Styled, forms.Form):
    """Each questioner: satisfied or not with the latest answer."""

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {}
        choices = [("", "—"), ("yes", _("Satisfied")), ("no", _("Dissatisfied"))]
        for member in submission.submitters.select_related("person").order_by("post", "pk"):
            name = f"q{member.pk}"
            self.members[name] = member
            self.fields[name] = forms.ChoiceField(
                label=member.person.name, choices=choices, required=False
            )

    def views(self):
        return [
            (member, self.cleaned_data[name] == "yes")
            for name, member in self.members.items()
            if self.cleaned_data.get(name)
        ]


class ChairMeetingFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=ChairMeeting.State.choices)

    class Meta:
        model = ChairMeeting
        fields = ["state"]


class SubmissionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=JointSubmission.Kind.choices)
    state = django_filters.ChoiceFilter(label=_("State"), choices=JointSubmission.State.choices)

    class Meta:
        model = JointSubmission
        fields = ["kind", "state"]
