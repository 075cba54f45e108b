"""Forms of the workflow actions on the case page (the API has the same payloads)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.forms import Styled
from renda.core.models import CommitteeMember, Organisation, Person
from renda.handling.models import EVALUATE_CHOICES, Reply, SupervisionNote


def handling_units():
    return Organisation.objects.filter(is_handling_unit=True, is_active=True).order_by(
        "kind", "code"
    )


class AssignForm(Styled, forms.Form):
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=Organisation.objects.none())
    assisting_units = forms.ModelMultipleChoiceField(
        label=_("Assisting units"), queryset=Organisation.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = handling_units()
        self.fields["assisting_units"].queryset = handling_units()


class ReturnForm(Styled, forms.Form):
    reason = forms.CharField(
        label=_("Why this unit is not the right one"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ViewForm(Styled, forms.Form):
    text = forms.CharField(
        label=_("View for the lead unit"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
    )


class ReplyForm(Styled, forms.Form):
    text = forms.CharField(
        label=_("Reply"), widget=forms.Textarea(attrs={"rows": 8}), max_length=50000
    )
    reply_class = forms.ChoiceField(label=_("Class"))
    contact_person = forms.CharField(label=_("Contact person"), max_length=60)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Reply.Channel.choices)
    promised_action = forms.CharField(
        label=_("Promised action (B class)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
    promised_date = forms.DateField(
        label=_("Promised by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    attachments = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args, classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply_class"].choices = [(c, c) for c in classes]


class EvaluateForm(Styled, forms.Form):
    result = forms.ChoiceField(label=_("Your evaluation"), choices=EVALUATE_CHOICES)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class ReviewForm(Styled, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("complete", _("Complete with reasons")), ("rehandle", _("Handle again"))],
    )
    note = forms.CharField(
        label=_("Outcome of the review"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class KeyForm(Styled, forms.Form):
    lead_leader = forms.ModelChoiceField(
        label=_("Leading committee leader"), queryset=Person.objects.none()
    )
    supervising_body = forms.ModelChoiceField(
        label=_("Supervising body"), queryset=Organisation.objects.none(), required=False
    )
    note = forms.CharField(label=_("Chair meeting decision"), required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        leaders = CommitteeMember.objects.filter(
            post__in=[
                CommitteeMember.Post.CHAIR,
                CommitteeMember.Post.VICE_CHAIR,
                CommitteeMember.Post.SECRETARY_GENERAL,
            ]
        ).values("person_id")
        self.fields["lead_leader"].queryset = Person.objects.filter(pk__in=leaders)
        self.fields["supervising_body"].queryset = Organisation.objects.filter(
            kind__in=[
                Organisation.Kind.SPECIAL_COMMITTEE,
                Organisation.Kind.WORKING_COMMITTEE,
                Organisation.Kind.OFFICE,
            ]
        )


class SupervisionForm(Styled, forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=SupervisionNote.Type.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(
        label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000
    )


class ImplementForm(Styled, forms.Form):
    note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
