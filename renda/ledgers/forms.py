import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.api_filters import YearFilter
from renda.core.forms import Styled
from renda.core.models import Organisation
from renda.ledgers.models import OWNER_KINDS, Kind, LedgerEntry, ProblemArea

# The fields each kind's form shows besides the common ones.
COMMON_FIELDS = ["title", "date", "owner", "owner_name", "notes"]
KIND_FORM_FIELDS = {
    Kind.RULE: ["rule_action"],
    Kind.PARTY_COMMITTEE_REPORT: [],
    Kind.RECTIFICATION: ["problem_area"],
    Kind.IMPLEMENTATION_MEASURE: [],
    Kind.PROBLEM_RESOLVED: ["leader_name"],
    Kind.EXPERIENCE_PROMOTED: ["promoted_where", "promoted_how"],
    Kind.LEGISLATIVE_PROCEDURE: [],
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; the service checks their type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def _owners():
    return Organisation.objects.filter(kind__in=OWNER_KINDS, is_active=True).order_by(
        "kind", "code"
    )


class EntryForm(Styled, forms.ModelForm):
    """Create or edit an entry of one kind: the kind's own fields only. The checks
    are the service's (renda.ledgers.services); this form only parses."""

    attachments = MultipleFileField(label=_("Evidence files"))

    class Meta:
        model = LedgerEntry
        fields = [*COMMON_FIELDS, "rule_action", "problem_area", "leader_name"]
        fields += ["promoted_where", "promoted_how"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, kind: str, with_files: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        keep = set(COMMON_FIELDS) | set(KIND_FORM_FIELDS[kind])
        if with_files:
            keep.add("attachments")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.fields["owner"].queryset = _owners()
        if "problem_area" in self.fields:
            self.fields["problem_area"].queryset = ProblemArea.objects.all()
        if "rule_action" in self.fields:
            self.fields["rule_action"].required = True
        self.fields["title"].required = True

    def _post_clean(self):
        # The service validates the entry (with the kind's rules); the form only parses.
        pass


class ProblemAreaForm(Styled, forms.ModelForm):
    class Meta:
        model = ProblemArea
        fields = ["year", "position", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        pass


class DateNoteForm(Styled, forms.Form):
    on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(Styled, forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseOutForm(Styled, forms.Form):
    on = forms.DateField(
        label=_("Close-out date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Close-out note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachments = MultipleFileField(label=_("Evidence files"))


class AttachForm(Styled, forms.Form):
    attachments = MultipleFileField(label=_("Evidence files"))


class EntryFilter(django_filters.FilterSet):
    year = YearFilter(label=_("Year"), field_name="date", lookup_expr="year")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=LedgerEntry.Status.choices)
    owner = django_filters.ModelChoiceFilter(label=_("Responsible body"), queryset=_owners())

    class Meta:
        model = LedgerEntry
        fields = ["year", "status", "owner"]


class RuleFilter(EntryFilter):
    rule_action = django_filters.ChoiceFilter(
        label=_("Established or revised"), choices=LedgerEntry.RuleAction.choices
    )

    class Meta(EntryFilter.Meta):
        fields = [*EntryFilter.Meta.fields, "rule_action"]


class RectificationFilter(EntryFilter):
    problem_area = django_filters.ModelChoiceFilter(
        label=_("Problem area"), queryset=ProblemArea.objects.all()
    )

    class Meta(EntryFilter.Meta):
        fields = [*EntryFilter.Meta.fields, "problem_area"]


class AreaFilter(django_filters.FilterSet):
    year = YearFilter(label=_("Year"))

    class Meta:
        model = ProblemArea
        fields = ["year"]
