"""Every change to structured legal texts: creating a text and adding a version. Pages,
the API and the demo loader call these; nothing else writes the rows. A version is
never edited: a corrected text is a new version, and every version is kept."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from renda.core import audit
from renda.legislation import documents
from renda.legislation.models import LegalText, TextVersion
from renda.legislation.structure import count_articles, parse

MAX_TEXT_CHARS = 300_000  # about ten times the longest regulation
# control characters a pasted or converted text may carry; PostgreSQL refuses NUL
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    return _CONTROL.sub("", text or "")


def _required(value: str, field: str, max_length: int) -> str:
    value = clean_text(value).strip()
    if not value:
        raise ValidationError({field: [_("Fill in this field.")]})
    if len(value) > max_length:
        raise ValidationError({field: [_("At most %(n)s characters.") % {"n": max_length}]})
    return value


@transaction.atomic
def create_text(*, title: str, kind: str, actor, organisation=None, note: str = "") -> LegalText:
    title = _required(title, "title", 200)
    if kind not in LegalText.Kind.values:
        raise ValidationError({"kind": [_("Choose a kind of text.")]})
    legal_text = LegalText.objects.create(
        title=title,
        kind=kind,
        organisation=organisation,
        note=clean_text(note).strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(actor, legal_text, "create", after=audit.snapshot(legal_text))
    return legal_text


@transaction.atomic
def add_version(
    legal_text: LegalText,
    *,
    actor,
    text: str | None = None,
    docx: bytes | None = None,
    file_name: str = "",
    label: str = "",
    note: str = "",
) -> TextVersion:
    """A new version from pasted text or a .docx: parsed and stored with its problems.
    Refused (``ValidationError``, nothing written) when empty, too long, not a .docx,
    or when no article at all is found."""
    if (text is None) == (docx is None):
        raise ValidationError(_("Give the text either pasted or as a .docx file, not both."))
    source = TextVersion.Source.PASTED
    if docx is not None:
        try:
            text = documents.read_docx(docx)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        source = TextVersion.Source.DOCX
    field = "file" if docx is not None else "text"
    text = clean_text(text).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ValidationError({field: [_("The text is empty.")]})
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError(
            {field: [_("The text is too long (at most %(n)s characters).") % {"n": MAX_TEXT_CHARS}]}
        )
    label = clean_text(label).strip()
    if len(label) > 100:
        raise ValidationError({"label": [_("At most %(n)s characters.") % {"n": 100}]})
    result = parse(text)
    articles = count_articles(result.tree)
    if not articles:
        raise ValidationError(
            {field: [_("No article (第一条 …) was found in the text: is it a legal text?")]}
        )
    legal_text = LegalText.objects.select_for_update().get(pk=legal_text.pk)
    last = legal_text.versions.aggregate(last=Max("number"))["last"] or 0
    version = TextVersion.objects.create(
        legal_text=legal_text,
        number=last + 1,
        label=label,
        source=source,
        file_name=clean_text(file_name).strip()[:200],
        source_text=text,
        tree=result.tree,
        problems=[p.as_dict() for p in result.problems],
        article_count=articles,
        note=clean_text(note).strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor,
        version,
        "add_version",
        after={
            "legal_text": legal_text.pk,
            "number": version.number,
            "label": label,
            "source": source,
            "articles": articles,
            "problems": len(version.problems),
        },
    )
    # the text's list orders by what changed last
    legal_text.save(update_fields=["updated_at"])
    return version


@transaction.atomic
def change_kind(legal_text: LegalText, kind: str, *, actor, note: str = "") -> LegalText:
    """A draft becomes a regulation when it is published (R54); audited like any change."""
    if kind not in LegalText.Kind.values:
        raise ValidationError({"kind": [_("Choose a kind of text.")]})
    legal_text = LegalText.objects.select_for_update().get(pk=legal_text.pk)
    if legal_text.kind == kind:
        return legal_text
    before = legal_text.kind
    legal_text.kind = kind
    legal_text.save(update_fields=["kind", "updated_at"])
    audit.record(
        actor, legal_text, "change_kind", before={"kind": before}, after={"kind": kind}, note=note
    )
    return legal_text
