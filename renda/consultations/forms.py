"""Forms and list filters of consultations. Forms only validate input; services make
the changes (and refuse what the forms cannot know)."""

import uuid

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from renda.consultations import provisions as P
from renda.consultations import services
from renda.consultations.access import open_for_point
from renda.consultations.models import (
    OPENABLE_CHANNELS,
    Adoption,
    Channel,
    Comment,
    Consultation,
    ContactPoint,
    channel_q,
)
from renda.core.forms import Styled
from renda.core.models import Organisation, User

DATE = {"type": "date"}
TEXTAREA = {"rows": 4}


class ConsultationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=Consultation.State.choices)
    channel = django_filters.ChoiceFilter(
        label=_("Channel"),
        choices=[(c.value, c.label) for c in OPENABLE_CHANNELS],
        method="by_channel",
    )

    class Meta:
        model = Consultation
        fields = ["state", "channel"]

    def by_channel(self, queryset, name, value):
        return queryset.filter(channel_q(value)) if value else queryset


class ContactPointFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ContactPoint.Kind.choices)
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = ContactPoint
        fields = ["kind", "is_active"]


# --- consultations ---------------------------------------------------------------------------
class ConsultationForm(Styled, forms.Form):
    version = forms.ModelChoiceField(label=_("Text version"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=services.TITLE_MAX)
    purpose = forms.CharField(
        label=_("Purpose"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(DATE))
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(DATE))
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=[(c.value, c.label) for c in OPENABLE_CHANNELS],
        widget=forms.CheckboxSelectMultiple,
    )
    bodies = forms.ModelMultipleChoiceField(label=_("Named bodies"), required=False, queryset=None)
    experts = forms.ModelMultipleChoiceField(
        label=_("Invited experts"), required=False, queryset=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from renda.legislation.models import TextVersion
        from renda.supervision.models import Expert

        self.fields["version"].queryset = TextVersion.objects.select_related("legal_text").order_by(
            "-created_at", "-pk"
        )
        self.fields["bodies"].queryset = Organisation.objects.filter(is_active=True).order_by(
            "kind", "code"
        )
        self.fields["experts"].queryset = Expert.objects.filter(
            is_active=True, pool=Expert.Pool.LEGISLATION
        ).order_by("name")
        self.fields["channels"].widget.attrs["class"] = "form-check-input"


class EmptyForm(Styled, forms.Form):
    pass


class NoteForm(Styled, forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=services.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConcludeForm(Styled, forms.Form):
    summary = forms.CharField(
        label=_("Summary of the comments and their handling"),
        max_length=services.SUMMARY_MAX,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


def _provision_choices(consultation) -> list[tuple[str, str]]:
    choices = []
    for provision in P.provisions(consultation.version.tree):
        if not provision.ref:
            choices.append(("", _("The whole text")))
        else:
            indent = "　" * (bool(provision.paragraph) + bool(provision.item))
            choices.append((provision.ref, f"{indent}{provision.label}"))
    return choices


class StaffCommentForm(Styled, forms.Form):
    """A comment received by letter, at a hearing or from a named body, entered by staff."""

    provision = forms.ChoiceField(label=_("Provision"), required=False)
    text = forms.CharField(
        label=_("Comment"), max_length=services.TEXT_MAX, widget=forms.Textarea(attrs=TEXTAREA)
    )
    body = forms.ModelChoiceField(label=_("From the named body"), required=False, queryset=None)
    citizen_name = forms.CharField(label=_("Name"), required=False, max_length=50)
    citizen_contact = forms.CharField(label=_("Phone or e-mail"), required=False, max_length=100)

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provision"].choices = _provision_choices(consultation)
        self.fields["body"].queryset = consultation.bodies.order_by("code")


class GroupForm(Styled, forms.Form):
    comments = forms.ModelMultipleChoiceField(label=_("Comments"), queryset=None)
    theme = forms.CharField(label=_("Group"), required=False, max_length=services.THEME_MAX)

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].queryset = consultation.comments.order_by("sort_key", "pk")
        self.fields["comments"].label_from_instance = _comment_choice


def _comment_choice(comment: Comment) -> str:
    where = comment.provision_label or _("The whole text")
    return f"{comment.tracking_code} · {where} · {comment.text[:40]}"


class DecideForm(Styled, forms.Form):
    comment = forms.ModelChoiceField(label=_("Comment"), queryset=None)
    decision = forms.ChoiceField(label=_("Decision"), choices=Adoption.Decision.choices)
    reason = forms.CharField(
        label=_("Reason"), max_length=services.REASON_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].queryset = consultation.comments.order_by("sort_key", "pk")
        self.fields["comment"].label_from_instance = _comment_choice


class DecideGroupForm(Styled, forms.Form):
    theme = forms.ChoiceField(label=_("Group"))
    decision = forms.ChoiceField(label=_("Decision"), choices=Adoption.Decision.choices)
    reason = forms.CharField(
        label=_("Reason"), max_length=services.REASON_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        themes = (
            consultation.comments.exclude(theme="")
            .order_by("theme")
            .values_list("theme", flat=True)
            .distinct()
        )
        self.fields["theme"].choices = [(t, t) for t in themes]


# --- contact points -------------------------------------------------------------------------
class ContactPointForm(Styled, forms.ModelForm):
    users = forms.ModelMultipleChoiceField(
        label=_("Accounts acting for it"), required=False, queryset=None
    )

    class Meta:
        model = ContactPoint
        fields = list(services.POINT_FIELDS)
        widgets = {
            "designated_on": forms.DateInput(DATE),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = User.objects.filter(is_active=True).order_by("username")
        self.fields["district"].queryset = Organisation.objects.filter(
            kind__in=[Organisation.Kind.DISTRICT, Organisation.Kind.TOWNSHIP]
        ).order_by("code")


class PointCommentForm(Styled, forms.Form):
    """A comment gathered in a contact point's area, entered by the point's staff."""

    consultation = forms.ModelChoiceField(label=_("Call for comments"), queryset=None)
    article = forms.IntegerField(
        label=_("Article (number; empty: the whole text)"),
        required=False,
        min_value=1,
        max_value=9999,
    )
    paragraph = forms.IntegerField(
        label=_("Paragraph (optional)"), required=False, min_value=1, max_value=999
    )
    item = forms.IntegerField(
        label=_("Item (optional)"), required=False, min_value=1, max_value=999
    )
    text = forms.CharField(
        label=_("Comment"), max_length=services.TEXT_MAX, widget=forms.Textarea(attrs=TEXTAREA)
    )
    citizen_name = forms.CharField(label=_("Commenter's name"), required=False, max_length=50)
    citizen_contact = forms.CharField(
        label=_("Commenter's phone or e-mail"), required=False, max_length=100
    )
    client_token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, point, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = open_for_point(point)
        if not self.is_bound:
            self.initial["client_token"] = uuid.uuid4().hex

    def clean(self):
        data = super().clean()
        if data.get("item") and not data.get("paragraph"):
            self.add_error("paragraph", _("An item is named within its paragraph."))
        if data.get("paragraph") and not data.get("article"):
            self.add_error("article", _("A paragraph is named within its article."))
        return data

    @property
    def provision(self) -> str:
        d = self.cleaned_data
        return P.make_ref(d.get("article"), d.get("paragraph"), d.get("item"))


# --- portal ----------------------------------------------------------------------------------
class PortalCommentForm(Styled, forms.Form):
    provision = forms.CharField(widget=forms.HiddenInput, required=False, max_length=60)
    text = forms.CharField(
        label=_("Your comment"),
        min_length=services.TEXT_MIN,
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    citizen_name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=50)
    citizen_contact = forms.CharField(
        label=_("Phone or e-mail (optional)"), required=False, max_length=100
    )
    client_token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # one token per form shown: pressing submit twice stores one comment
            self.initial["client_token"] = uuid.uuid4().hex


class TrackForm(Styled, forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)


CHANNEL_LABELS = dict(Channel.choices)
