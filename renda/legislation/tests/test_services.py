"""Services: each change is audited in its transaction; versions are numbered in
order and kept; the demo step loads the two regulations once."""

import pytest
from django.core.exceptions import ValidationError

from renda.core.audit import entries_for
from renda.legislation import services
from renda.legislation.comparison import compare
from renda.legislation.demo import load_legal_texts
from renda.legislation.models import LegalText, TextVersion

pytestmark = pytest.mark.django_db


def test_versions_are_numbered_kept_and_audited(office):
    legal_text = services.create_text(title=" 条例 ", kind="regulation", actor=office)
    assert legal_text.title == "条例"
    assert [e.verb for e in entries_for(legal_text)] == ["create"]
    first = services.add_version(legal_text, text="条例\n第一条　甲。", actor=office)
    second = services.add_version(legal_text, text="条例\n第一条　乙。", label="二稿", actor=office)
    assert (first.number, second.number) == (1, 2)
    (entry,) = entries_for(second)
    assert entry.verb == "add_version" and entry.after["number"] == 2
    assert entry.actor_name == office.username
    first.refresh_from_db()
    assert first.tree["body"][0]["paragraphs"][0]["text"] == "甲。"  # untouched


def test_control_characters_are_removed(office):
    legal_text = services.create_text(title="条例", kind="other", actor=office)
    version = services.add_version(legal_text, text="条例\x00\n第一条\x07　甲。\r\n", actor=office)
    assert "\x00" not in version.source_text and version.problems == []


def test_text_and_file_together_are_refused(office):
    legal_text = services.create_text(title="条例", kind="other", actor=office)
    with pytest.raises(ValidationError):
        services.add_version(legal_text, text="第一条　甲。", docx=b"PK", actor=office)
    with pytest.raises(ValidationError):
        services.add_version(legal_text, actor=office)
    assert not TextVersion.objects.exists()


def test_demo_step_loads_both_regulations_once(world):
    lines = []
    load_legal_texts(lines.append)
    load_legal_texts(lines.append)  # idempotent
    assert len(lines) == 2
    assert LegalText.objects.count() == 2
    for legal_text in LegalText.objects.all():
        old, new = legal_text.versions.order_by("number")
        assert old.problems == [] and new.problems == []
        assert 30 <= old.article_count <= 50
        summary = compare(old.tree, new.tree)["summary"]
        assert all(summary[k] for k in ("amended", "split", "merged", "added", "deleted", "moved"))
