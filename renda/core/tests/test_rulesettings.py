import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from renda.core.models import AuditEntry, RuleSettingValue
from renda.core.rulesettings import (
    DEFINITIONS,
    UnknownRuleSetting,
    change_rule_setting,
    rule_setting,
)

pytestmark = pytest.mark.django_db

# Every *(setting)* of RULES.md, by the rule that names it.
RULES_WITH_SETTINGS = {
    "R10",
    "R13",
    "R14",
    "R15",
    "R16",
    "R17",
    "R20",
    "R41",
    "R43",
    "R52",
    "R61",
    "R63",
    "R64",
    "R92",
}


def test_every_setting_of_the_rules_is_defined_with_its_source():
    covered = {d.rule for d in DEFINITIONS.values()}
    assert RULES_WITH_SETTINGS <= covered
    assert all(d.source for d in DEFINITIONS.values())


def test_R16_default_evaluation_window_is_ten_working_days():
    assert rule_setting("handling.evaluation_window_workdays") == 10
    assert rule_setting("handling.no_answer_counts_as") == "basically_satisfied"


def test_an_administrator_changes_a_setting_and_the_change_is_audited(world, client_for):
    url = reverse("core:rule-setting-edit", args=["handling.rehandle_months"])
    response = client_for("administrator").post(url, {"value": "2", "note": "本市新规"})
    assert response.status_code == 302
    assert rule_setting("handling.rehandle_months") == 2
    entry = AuditEntry.objects.get(verb="change_rule_setting")
    assert (entry.before, entry.after, entry.note) == ({"value": 1}, {"value": 2}, "本市新规")


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("handling.rehandle_months", "abc", "整数"),
        ("handling.rehandle_months", "0", "至少"),
        ("supervision.assessment_threshold", "1.5", "最多"),
        ("handling.no_answer_counts_as", "maybe", "satisfied"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message_and_change_nothing(
    world, client_for, key, raw, message
):
    url = reverse("core:rule-setting-edit", args=[key])
    before = rule_setting(key)
    response = client_for("administrator").post(url, {"value": raw, "note": "试"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert rule_setting(key) == before
    assert not AuditEntry.objects.filter(verb="change_rule_setting").exists()


def test_unknown_settings_are_errors(world):
    with pytest.raises(UnknownRuleSetting):
        rule_setting("no.such")
    with pytest.raises(ValidationError):
        change_rule_setting("no.such", "1", actor=world.users["administrator"])


def test_office_staff_sees_settings_but_cannot_change_them(world, client_for):
    client = client_for("office_staff")
    assert client.get(reverse("core:rule-settings")).status_code == 200
    url = reverse("core:rule-setting-edit", args=["handling.rehandle_months"])
    assert client.post(url, {"value": "5", "note": "x"}).status_code == 403
    assert rule_setting("handling.rehandle_months") == 1


def test_a_changed_setting_is_read_at_once_though_values_are_cached(world, client_for):
    key = "handling.rehandle_months"
    assert rule_setting(key) == 1  # read, and so cached
    url = reverse("core:rule-setting-edit", args=[key])
    client_for("administrator").post(url, {"value": "2", "note": "本市新规"})
    assert rule_setting(key) == 2
    RuleSettingValue.objects.filter(key=key).get().delete()
    assert rule_setting(key) == 1
    RuleSettingValue.objects.create(key=key, value=3)
    assert rule_setting(key) == 3
