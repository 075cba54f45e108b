"""Forms of the ballot pages. The services validate; forms only parse."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from renda.ballots.models import Ballot
from renda.ballots.services import TOPIC_BUSINESS_ENVIRONMENT, TOPIC_INNOVATION
from renda.core.forms import Styled
from renda.core.models import Organisation, Session, Term

TOPIC_CHOICES = [
    ("", "—"),
    (TOPIC_INNOVATION, _("Science and technology innovation")),
    (TOPIC_BUSINESS_ENVIRONMENT, _("Business environment")),
]


class BallotForm(Styled, forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Ballot.Kind.choices)
    method = forms.ChoiceField(label=_("Method"), choices=Ballot.Method.choices)
    electorate = forms.ChoiceField(label=_("Electorate"), choices=Ballot.Electorate.choices)
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.all())
    session = forms.ModelChoiceField(
        label=_("Session"), queryset=Session.objects.select_related("term"), required=False
    )
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    pass_rule = forms.ChoiceField(label=_("Pass rule"), choices=Ballot.PassRule.choices)
    places = forms.IntegerField(label=_("Places to fill"), min_value=1, max_value=1000, initial=1)
    options = forms.CharField(
        label=_("Candidates or projects (one a line; selections only)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=20000,
    )
    subject = forms.ModelChoiceField(
        label=_("Department assessed"),
        queryset=Organisation.objects.filter(is_handling_unit=True),
        required=False,
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=TOPIC_CHOICES, required=False)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["options"] = [line for line in data["options"].splitlines() if line.strip()]
        return data


class VoteForm(forms.Form):
    """The choices of one ballot, as checkboxes (a selection) or one button each."""

    def __init__(self, *args, ballot: Ballot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"] = forms.TypedMultipleChoiceField(
            label=_("Your choice"),
            choices=[(o.pk, o.label) for o in ballot.options.all()],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )


class ClerkEntryForm(VoteForm):
    """A paper ballot entered by the office: whose it was and what it says."""

    def __init__(self, *args, ballot: Ballot, voters, **kwargs):
        super().__init__(*args, ballot=ballot, **kwargs)
        self.fields["voter"] = forms.ModelChoiceField(
            label=_("Member"), queryset=voters, widget=forms.Select(attrs={"class": "form-select"})
        )
        self.order_fields(["voter", "choice"])


class BallotFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=Ballot.State.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Ballot.Kind.choices)
    method = django_filters.ChoiceFilter(label=_("Method"), choices=Ballot.Method.choices)
    topic = django_filters.ChoiceFilter(label=_("Topic"), choices=TOPIC_CHOICES[1:])

    class Meta:
        model = Ballot
        fields = ["state", "kind", "method", "topic"]
