import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.forms import Styled
from renda.core.models import Deputy, Organisation, Session
from renda.suggestions.models import Suggestion


class DraftForm(Styled, forms.ModelForm):
    attachments = forms.FileField(label=_("Attachment (PDF, Word, Excel, image)"), required=False)

    class Meta:
        model = Suggestion
        fields = [
            "type",
            "session",
            "title",
            "text",
            "category",
            "co_signers",
            "delegation",
            "may_publish",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, deputy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(
            body=Session.Body.CONGRESS
        ).select_related("term")
        self.fields["co_signers"].queryset = (
            Deputy.objects.filter(term=deputy.term).exclude(pk=deputy.pk).select_related("person")
            if deputy
            else Deputy.objects.none()
        )
        self.fields["co_signers"].required = False
        self.fields["delegation"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.DELEGATION
        )


class NoteForm(Styled, forms.Form):
    note = forms.CharField(
        label=_("Note to the deputy"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class RegisterForm(Styled, forms.Form):
    is_difficult = forms.BooleanField(label=_("Broad or difficult (6 months)"), required=False)
    difficulty_reason = forms.CharField(label=_("Why"), required=False, max_length=2000)


class MergeForm(Styled, forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Suggestion.objects.none())
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None:
            self.fields["into"].queryset = Suggestion.objects.filter(
                session=item.session,
                state__in=[Suggestion.State.SUBMITTED, Suggestion.State.REGISTERED],
            ).exclude(pk=item.pk)


class SuggestionFilter(django_filters.FilterSet):
    session = django_filters.ModelChoiceFilter(
        label=_("Session"),
        queryset=Session.objects.filter(body=Session.Body.CONGRESS).select_related("term"),
    )
    type = django_filters.ChoiceFilter(label=_("Type"), choices=Suggestion.Type.choices)
    state = django_filters.ChoiceFilter(label=_("State"), choices=Suggestion.State.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Suggestion.Category.choices)
    delegation = django_filters.ModelChoiceFilter(
        label=_("Delegation"),
        field_name="lead_deputy__delegation",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.DELEGATION),
    )
    is_key = django_filters.BooleanFilter(label=_("Key suggestion"), field_name="case__is_key")

    class Meta:
        model = Suggestion
        fields = ["session", "type", "state", "category", "delegation", "is_key"]
