"""Structured legal texts: a regulation draft or a normative document, and every
version of it, each kept as it was entered with its parsed structure.

A version is never changed once written: a correction of the text (or of its parse)
is a new version. Only ``renda.legislation.services`` writes these rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import Organisation, TimeStamped


class LegalText(TimeStamped):
    """A legal text under work: a draft regulation, a regulation, a normative document."""

    class Kind(models.TextChoices):
        REGULATION_DRAFT = "regulation_draft", _("Draft regulation")
        REGULATION = "regulation", _("Regulation")
        NORMATIVE_DOCUMENT = "normative_document", _("Normative document")
        OTHER = "other", _("Other text")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    # the drafting body or issuer, when known
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_texts",
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("legal text")
        verbose_name_plural = _("legal texts")
        indexes = [
            # the texts list, newest first
            models.Index(fields=["-created_at", "-id"], name="legislation_text_list_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class TextVersion(models.Model):
    """One version of a legal text (草案一审稿, 二审稿 …), kept for good."""

    class Source(models.TextChoices):
        PASTED = "pasted", _("Pasted text")
        DOCX = "docx", _("Word document (.docx)")

    legal_text = models.ForeignKey(
        LegalText, verbose_name=_("legal text"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version number"))
    label = models.CharField(_("label"), max_length=100, blank=True)
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.PASTED
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    source_text = models.TextField(_("text as entered"))
    # the parse (renda.legislation.structure): the tree and its problems
    tree = models.JSONField(_("structure"), default=dict)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    article_count = models.PositiveIntegerField(_("articles"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["legal_text", "number"]
        verbose_name = _("text version")
        verbose_name_plural = _("text versions")
        constraints = [
            # numbers are given in order under the text's row lock
            models.UniqueConstraint(
                fields=["legal_text", "number"], name="legislation_version_number"
            ),
        ]

    def __str__(self) -> str:
        name = self.label or f"v{self.number}"
        return f"{self.legal_text.title} · {name}"

    @property
    def display_label(self) -> str:
        return self.label or f"v{self.number}"

    @property
    def has_problems(self) -> bool:
        return bool(self.problems)
