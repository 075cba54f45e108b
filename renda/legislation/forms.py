import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.forms import Styled
from renda.core.models import Organisation
from renda.legislation.documents import MAX_UPLOAD_BYTES
from renda.legislation.models import LegalText


class LegalTextForm(Styled, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=LegalText.Kind.choices)
    organisation = forms.ModelChoiceField(
        label=_("Drafting body or issuer"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class VersionForm(Styled, forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=100,
        required=False,
        help_text=_("For example 草案一审稿, 草案二审稿, 表决稿."),
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Paste the whole text: title, chapters (第一章), articles (第一条), items (（一）)."
        ),
    )
    file = forms.FileField(
        label=_("or a Word document (.docx)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".docx,application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document"
            }
        ),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_UPLOAD_BYTES // 2**20}
            )
        return upload

    def clean(self):
        data = super().clean()
        has_text = bool((data.get("text") or "").strip())
        if has_text == bool(data.get("file")) and not self.errors:
            raise forms.ValidationError(
                _("Paste the text or choose a .docx file (one of the two).")
            )
        return data


class LegalTextFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=LegalText.Kind.choices)

    class Meta:
        model = LegalText
        fields = ["kind"]
