"""Forms of filings: each feeds one service."""

import uuid

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.forms import Styled
from renda.core.models import Organisation
from renda.filings.models import CorrectionNotice, Filing, Review, ReviewRequest

DATE = forms.DateInput(attrs={"type": "date"})
MAX_DOCX = 10 * 1024 * 1024


def committees():
    return Organisation.objects.filter(
        kind__in=[Organisation.Kind.SPECIAL_COMMITTEE, Organisation.Kind.WORKING_COMMITTEE],
        is_active=True,
    ).order_by("code")


def docx_bytes(upload) -> bytes | None:
    if not upload:
        return None
    if upload.size > MAX_DOCX:
        raise forms.ValidationError(_("The file is larger than 10 MB."))
    return upload.read()


class FilingForm(Styled, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    document_number = forms.CharField(label=_("Document number"), max_length=80)
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE)
    published_on = forms.DateField(label=_("Published on"), widget=DATE)
    legal_basis = forms.CharField(
        label=_("Legal basis cited"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    explanation = forms.CharField(
        label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    text = forms.CharField(
        label=_("Text (pasted)"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    file = forms.FileField(label=_("or the text as .docx"), required=False)

    def clean_file(self):
        return docx_bytes(self.cleaned_data.get("file"))


class NoteForm(Styled, forms.Form):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class ReasonForm(Styled, forms.Form):
    reason = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class RefileForm(Styled, forms.Form):
    text = forms.CharField(
        label=_("Corrected text (pasted)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    file = forms.FileField(label=_("or the text as .docx"), required=False)
    legal_basis = forms.CharField(
        label=_("Legal basis cited"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def clean_file(self):
        return docx_bytes(self.cleaned_data.get("file"))


class StartReviewForm(Styled, forms.Form):
    type = forms.ChoiceField(
        label=_("Type"),
        choices=[c for c in Review.Type.choices if c[0] != Review.Type.ON_REQUEST],
    )
    committee = forms.ModelChoiceField(label=_("Reviewing committee"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees()


class FinishReviewForm(Styled, forms.Form):
    exceeds_power = forms.BooleanField(label=_("Exceeds its power"), required=False)
    conflicts_with_higher_law = forms.BooleanField(
        label=_("Conflicts with higher law"), required=False
    )
    restricts_rights = forms.BooleanField(
        label=_("Restricts rights or adds obligations without basis"), required=False
    )
    clearly_improper = forms.BooleanField(label=_("Clearly improper"), required=False)
    finding_text = forms.CharField(
        label=_("Review opinion"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000
    )


class CorrectionReplyForm(Styled, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            c for c in CorrectionNotice.Outcome.choices if c[0] != CorrectionNotice.Outcome.REVOKED
        ],
    )
    text = forms.CharField(
        label=_("Reply"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )
    contact_person = forms.CharField(label=_("Contact person"), max_length=60)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    amended_text = forms.CharField(
        label=_("Amended text (pasted)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )


class CloseCorrectionForm(Styled, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome (when the issuer replied from its inbox)"),
        choices=[("", "—")]
        + [c for c in CorrectionNotice.Outcome.choices if c[0] != CorrectionNotice.Outcome.REVOKED],
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class RevocationForm(Styled, forms.Form):
    held_on = forms.DateField(label=_("Date of the vote"), widget=DATE)


class AcknowledgeForm(Styled, forms.Form):
    filing = forms.ModelChoiceField(
        label=_("Filed document concerned"), queryset=Filing.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filing"].queryset = Filing.objects.filter(
            state=Filing.State.ACCEPTED
        ).order_by("-filed_on")


class RequestReviewForm(Styled, forms.Form):
    committee = forms.ModelChoiceField(label=_("Reviewing committee"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees()


class AnswerForm(Styled, forms.Form):
    outcome = forms.CharField(
        label=_("Outcome told to the requester"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class AnnualListForm(Styled, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1980, max_value=2100)
    entries = forms.CharField(
        label=_("Documents issued (one per line: number | title | date)"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=100_000,
    )


class PortalRequestForm(Styled, forms.Form):
    """The citizen's form: mobile-first, a tracking code at once."""

    requester_kind = forms.ChoiceField(
        label=_("You are"),
        choices=[
            c
            for c in ReviewRequest.RequesterKind.choices
            if c[0] != ReviewRequest.RequesterKind.STATE_ORGAN
        ],
    )
    document_title = forms.CharField(label=_("Document concerned"), max_length=200)
    document_number = forms.CharField(label=_("Its number"), max_length=80, required=False)
    reasons = forms.CharField(
        label=_("What is wrong with it?"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
        max_length=5000,
    )
    requester_name = forms.CharField(label=_("Your name"), max_length=100, required=False)
    requester_contact = forms.CharField(
        label=_("Your phone or e-mail"), max_length=100, required=False
    )
    client_token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # one token per form shown: pressing submit twice stores one request
            self.initial["client_token"] = uuid.uuid4().hex


class TrackForm(Styled, forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)


class FilingFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=Filing.State.choices)
    is_late = django_filters.BooleanFilter(label=_("Filed late"))
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="filed_on", lookup_expr="year", min_value=1980, max_value=2100
    )
    issuer = django_filters.ModelChoiceFilter(
        label=_("Issuer"), queryset=Organisation.objects.none()
    )

    class Meta:
        model = Filing
        fields = ["state", "is_late", "year", "issuer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user if self.request else None
        from renda.filings.access import get_filings_for_user

        issuers = get_filings_for_user(user).values("issuer_id") if user else []
        self.filters["issuer"].queryset = Organisation.objects.filter(pk__in=issuers).order_by(
            "code"
        )


class RequestFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=ReviewRequest.State.choices)

    class Meta:
        model = ReviewRequest
        fields = ["state"]
