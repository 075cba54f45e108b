from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextsearchConfig(AppConfig):
    name = "renda.textsearch"
    label = "textsearch"
    verbose_name = _("Text search")
