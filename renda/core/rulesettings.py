"""Every *(setting)* of RULES.md: a named value with its default and legal source.

Defaults live here; an administrator's change is a RuleSettingValue row (audited,
with history). Code reads a setting only through ``rule_setting(key)``, which keeps the
value in the cache for ``CACHE_SECONDS``: a public intake or a deadline need not query
for it each time. A change clears the process's cache at once; another server process
(with a per-process cache) takes it up within that time.
"""

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from renda.core import audit
from renda.core.models import RuleSettingValue


@dataclass(frozen=True)
class Definition:
    key: str
    default: Any
    label: str
    rule: str
    source: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None

    @property
    def kind(self) -> type:
        return type(self.default)


_DEFS = [
    Definition(
        "motion.delegation_may_submit",
        True,
        _("A delegation may submit a motion"),
        "R10",
        "地方组织法 Art 22; Henan practice",
    ),
    Definition(
        "motion.min_joint_deputies",
        10,
        _("Deputies needed to submit a motion jointly"),
        "R10",
        "地方组织法 Art 22",
        minimum=1,
    ),
    Definition(
        "handling.reply_months",
        3,
        _("Months to reply to a suggestion"),
        "R12",
        "代表法 Art 51",
        minimum=1,
        maximum=12,
    ),
    Definition(
        "handling.difficult_reply_months",
        6,
        _("Months to reply to a broad or difficult suggestion"),
        "R12",
        "代表法 Art 51",
        minimum=1,
        maximum=12,
    ),
    Definition(
        "handling.return_window_workdays",
        10,
        _("Working days for a unit to return a wrongly addressed item"),
        "R13",
        "河南省人大代表建议办理办法 (2017)",
        minimum=1,
        maximum=60,
    ),
    Definition(
        "handling.reassign_window_workdays",
        10,
        _("Working days for the office to reassign a returned item"),
        "R13",
        "河南省人大代表建议办理办法 (2017)",
        minimum=1,
        maximum=60,
    ),
    Definition(
        "handling.assisting_view_months",
        2,
        _("Months for assisting units to send their view to the lead unit"),
        "R14",
        "河南省人大代表建议办理办法 (2017)",
        minimum=1,
        maximum=6,
    ),
    Definition(
        "handling.reply_classes",
        "A,B,C",
        _("Reply classes (comma-separated, e.g. A,B,C or A,B,C,D)"),
        "R15",
        "河南省人大代表建议办理办法 (2017)",
    ),
    Definition(
        "handling.evaluation_window_workdays",
        10,
        _("Working days for the deputy to evaluate a reply"),
        "R16",
        "河南省人大代表建议办理办法 (2017)",
        minimum=1,
        maximum=60,
    ),
    Definition(
        "handling.no_answer_counts_as",
        "basically_satisfied",
        _("An evaluation not given in time counts as"),
        "R16",
        "河南省人大代表建议办理办法 (2017)",
        choices=("satisfied", "basically_satisfied", "dissatisfied"),
    ),
    Definition(
        "handling.rehandle_months",
        1,
        _("Months to handle a suggestion again"),
        "R17",
        "河南省人大代表建议办理办法 (2017)",
        minimum=1,
        maximum=6,
    ),
    Definition(
        "handling.reminder_days_before",
        15,
        _("Days before a reply is due that the unit is reminded"),
        "R12",
        "local practice (催办)",
        minimum=1,
        maximum=60,
    ),
    Definition(
        "suggestions.annual_report_due",
        "08-31",
        _("Annual handling report due (month-day)"),
        "R20",
        "代表法 Art 51",
    ),
    Definition(
        "supervision.report_back_months",
        3,
        _("Months to report back on deliberation opinions"),
        "R41",
        "监督法 Art 20; 河南省监督条例 (2015)",
        minimum=1,
        maximum=12,
    ),
    Definition(
        "supervision.report_back_months_budget_audit",
        2,
        _("Months to report back on budget and audit deliberation opinions"),
        "R41",
        "河南省监督条例 (2015)",
        minimum=1,
        maximum=12,
    ),
    Definition(
        "supervision.assessment_threshold",
        0.6,
        _("Satisfied + basically satisfied share below which rectification is required"),
        "R43",
        "local practice",
        minimum=0,
        maximum=1,
    ),
    Definition(
        "supervision.rectification_months",
        3,
        _("Months given for rectification after a failed assessment"),
        "R43",
        "local practice",
        minimum=1,
        maximum=12,
    ),
    Definition(
        "legislation.comment_min_days",
        30,
        _("Minimum days a draft stays open for public comment"),
        "R51",
        "河南省地方立法条例",
        minimum=1,
        maximum=180,
    ),
    Definition(
        "legislation.normal_readings",
        3,
        _("Normal number of readings"),
        "R52",
        "立法法; local rules",
        minimum=1,
        maximum=5,
    ),
    Definition(
        "legislation.approval_months",
        4,
        _("Months the provincial standing committee has to decide on approval"),
        "R53",
        "立法法 Art 81",
        minimum=1,
        maximum=12,
    ),
    Definition(
        "legislation.approval_warning_days",
        30,
        _("Days before the provincial decision is due when it is shown as due soon"),
        "R53",
        "local practice",
        minimum=1,
        maximum=120,
    ),
    Definition(
        "filings.formal_check_days",
        10,
        _("Days for the formal check of a filing"),
        "R61",
        "河南省规范性文件备案审查条例",
        minimum=1,
        maximum=60,
    ),
    Definition(
        "filings.review_months",
        3,
        _("Months to finish an active review"),
        "R63",
        "河南省规范性文件备案审查条例",
        minimum=1,
        maximum=12,
    ),
    Definition(
        "filings.review_extension_months",
        3,
        _("Months of the one review extension"),
        "R63",
        "河南省规范性文件备案审查条例",
        minimum=1,
        maximum=12,
    ),
    Definition(
        "filings.correction_reply_days",
        30,
        _("Days for an issuer to reply to a correction opinion"),
        "R64",
        "河南省规范性文件备案审查条例",
        minimum=1,
        maximum=180,
    ),
    Definition(
        "opinions.simple_limit_workdays",
        5,
        _("Working days to handle a simple public opinion"),
        "R92",
        "12345 hotline practice",
        minimum=1,
        maximum=60,
    ),
    Definition(
        "opinions.complex_limit_workdays",
        10,
        _("Working days to handle a complex public opinion"),
        "R92",
        "12345 hotline practice",
        minimum=1,
        maximum=90,
    ),
    Definition(
        "opinions.require_contact",
        False,
        _("Citizens must give their name and phone with an opinion"),
        "R90",
        "the committee's choice",
    ),
    Definition(
        "opinions.submissions_per_hour",
        20,
        _("Opinions one client may submit per hour"),
        "R90",
        "protection against flooding",
        minimum=1,
        maximum=10000,
    ),
    Definition(
        "opinions.routing_threshold",
        0.6,
        _("Confidence the router needs to suggest a unit (below it the office routes)"),
        "R92",
        "routing practice",
        minimum=0,
        maximum=1,
    ),
]
DEFINITIONS: dict[str, Definition] = {d.key: d for d in _DEFS}


class UnknownRuleSetting(KeyError):
    pass


CACHE_SECONDS = 60
_MISSING = object()


def rule_setting(key: str) -> Any:
    """The value in force for a rule setting: the administrator's, else the default."""
    try:
        definition = DEFINITIONS[key]
    except KeyError as exc:
        raise UnknownRuleSetting(key) from exc
    cache_key = _cache_key(key)
    value = cache.get(cache_key, _MISSING)
    if value is _MISSING:
        rows = RuleSettingValue.objects.filter(key=key).values_list("value", flat=True)[:1]
        value = rows[0] if rows else definition.default
        cache.set(cache_key, value, CACHE_SECONDS)
    return value


def _cache_key(key: str) -> str:
    return f"rulesetting:{key}"


@receiver(post_save, sender=RuleSettingValue)
@receiver(post_delete, sender=RuleSettingValue)
def _forget_cached_value(sender, instance, **kwargs):
    cache.delete(_cache_key(instance.key))
    # a read between the write and the commit may have cached the uncommitted value
    transaction.on_commit(lambda: cache.delete(_cache_key(instance.key)))


def all_settings() -> list[tuple[Definition, Any, bool]]:
    """(definition, value in force, overridden?) for every setting, in one query."""
    overrides = dict(RuleSettingValue.objects.values_list("key", "value"))
    return [(d, overrides.get(d.key, d.default), d.key in overrides) for d in _DEFS]


def parse_value(definition: Definition, raw: str) -> Any:
    """Turn a form's text into a typed value, or raise ValidationError in plain words."""
    raw = (raw or "").strip()
    kind = definition.kind
    if kind is bool:
        lowered = raw.lower()
        if lowered in {"1", "true", "yes", "on", "是"}:
            return True
        if lowered in {"0", "false", "no", "off", "否"}:
            return False
        raise ValidationError(_("Enter yes or no."))
    if kind in (int, float):
        try:
            value = kind(raw)
        except ValueError as exc:
            message = _("Enter a whole number.") if kind is int else _("Enter a number.")
            raise ValidationError(message) from exc
        _check_range(definition, value)
        return value
    if not raw:
        raise ValidationError(_("This setting cannot be empty."))
    if definition.choices and raw not in definition.choices:
        raise ValidationError(
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(definition.choices)}
        )
    return raw


def _check_range(definition: Definition, value) -> None:
    if definition.minimum is not None and value < definition.minimum:
        raise ValidationError(
            _("The value must be at least %(min)s.") % {"min": definition.minimum}
        )
    if definition.maximum is not None and value > definition.maximum:
        raise ValidationError(_("The value must be at most %(max)s.") % {"max": definition.maximum})


@transaction.atomic
def change_rule_setting(key: str, raw: str, *, actor, note: str = "") -> Any:
    definition = DEFINITIONS.get(key)
    if definition is None:
        raise ValidationError(_("Unknown rule setting."))
    value = parse_value(definition, raw)
    row, _created = RuleSettingValue.objects.select_for_update().get_or_create(
        key=key, defaults={"value": value}
    )
    previous = definition.default if _created else row.value
    if not _created:
        row.value = value
        row.save(update_fields=["value", "updated_at"])
    audit.record(
        actor,
        row,
        "change_rule_setting",
        before={"value": previous},
        after={"value": value},
        note=note,
    )
    return value
