"""Every change to the year's report: the office's prose, and publishing the year's
figures to the portal. Each is one transaction with its audit entry."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import audit, clock
from renda.handling.workflow import InvalidTransition
from renda.reports import annual, registry
from renda.reports.models import AnnualReport, ReportSection

MIN_YEAR, MAX_YEAR = 1980, 2100


def check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(_("No report for this year."))


def _report_for_update(year: int) -> AnnualReport:
    check_year(year)
    report, _created = AnnualReport.objects.get_or_create(year=year)
    return AnnualReport.objects.select_for_update().get(pk=report.pk)


# Word's manual line and page breaks arrive with text pasted from Word; other control
# characters cannot be written into a .docx (XML 1.0) at all.
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\r": ""})
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
# A number typed into the text would not follow the records: digits belong in {figures},
# except inside quotation marks (the name of a programme, such as “1661”工作思路).
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」|\"[^\"]*\"|\{[^{}]*\}")
_DIGITS = re.compile(r"\d+")


def clean_prose(prose: str) -> str:
    return _NOT_XML.sub("", prose.translate(_BREAKS)).strip()


def typed_numbers(prose: str) -> list[str]:
    return _DIGITS.findall(_QUOTED.sub("", prose))


@transaction.atomic
def save_section(year: int, section: str, prose: str, *, actor) -> ReportSection | None:
    """The office's text of a section; an empty text goes back to the default wording.
    Refused while the year's figures are published: withdraw them first."""
    if section not in annual.SECTION_KEYS:
        raise ValidationError(_("There is no such section."))
    prose = clean_prose(prose)
    numbers = typed_numbers(prose)
    if numbers:
        raise ValidationError(
            _(
                "Numbers cannot be typed into the text (%(numbers)s): write the figure's key "
                "in braces, e.g. {liaison_stations}, so that the records give the number."
            )
            % {"numbers": ", ".join(numbers[:5])}
        )
    if len(prose) > annual.MAX_PROSE:
        raise ValidationError(
            _("The text is too long (at most %(n)d characters).") % {"n": annual.MAX_PROSE}
        )
    unknown = annual.unknown_placeholders(prose)
    if unknown:
        raise ValidationError(
            _("Unknown figures in braces: %(names)s. Use the keys listed beside the text.")
            % {"names": ", ".join(unknown)}
        )
    report = _report_for_update(year)
    if report.state == AnnualReport.State.PUBLISHED:
        raise InvalidTransition(
            _("The figures of this year are published: withdraw them before changing the text.")
        )
    current = ReportSection.objects.filter(report=report, section=section).first()
    before = {"prose": current.prose} if current else {}
    if (current.prose if current else "") == prose:
        return current  # nothing changed, nothing to record
    if not prose:
        current.delete()
        audit.record(actor, report, "report_section_reset", before=before, note=section)
        return None
    if current is None:
        current = ReportSection.objects.create(report=report, section=section, prose=prose)
    else:
        current.prose = prose
        current.save(update_fields=["prose", "updated_at"])
    audit.record(
        actor, report, "report_section_edited", before=before, after={"prose": prose}, note=section
    )
    return current


@transaction.atomic
def publish(year: int, *, actor) -> AnnualReport:
    """The year's figures go on the portal's statistics page; only a finished year."""
    report = _report_for_update(year)
    if report.state == AnnualReport.State.PUBLISHED:
        raise InvalidTransition(_("The figures of this year are already published."))
    if year >= clock.today().year:
        raise InvalidTransition(_("A year can be published only after it has ended."))
    if registry.incomplete(year):
        raise InvalidTransition(
            _("Some figures of this year may still change (their inputs are still open).")
        )
    if not registry.has_records(year):
        raise InvalidTransition(_("There are no records of this year to publish."))
    report.state = AnnualReport.State.PUBLISHED
    report.published_at, report.published_by = clock.now(), actor
    report.save(update_fields=["state", "published_at", "published_by", "updated_at"])
    audit.record(actor, report, "report_published", from_state="draft", to_state="published")
    return report


@transaction.atomic
def withdraw(year: int, reason: str, *, actor) -> AnnualReport:
    report = _report_for_update(year)
    if report.state != AnnualReport.State.PUBLISHED:
        raise InvalidTransition(_("The figures of this year are not published."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for withdrawing the figures."))
    report.state, report.published_at, report.published_by = AnnualReport.State.DRAFT, None, None
    report.save(update_fields=["state", "published_at", "published_by", "updated_at"])
    audit.record(
        actor, report, "report_withdrawn", from_state="published", to_state="draft", note=reason
    )
    return report
