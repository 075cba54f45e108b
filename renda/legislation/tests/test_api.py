"""The API: create a text, add versions (JSON text and multipart .docx), read the
structure, the comparison and the AKN XML; bad input is a 400 that changes nothing;
only the office writes, and deputies, units and the public read nothing."""

import io

import docx
import pytest
from lxml import etree

from renda.core.models import AuditEntry
from renda.legislation.demo_texts import demo_text
from renda.legislation.models import LegalText, TextVersion

pytestmark = pytest.mark.django_db


def _docx(text: str) -> io.BytesIO:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    buffer.name = "草案.docx"
    return buffer


def test_text_versions_comparison_and_akn(client_for, akn_schema):
    office = client_for("office_staff")
    created = office.post(
        "/api/v1/legal-texts/",
        {"title": "平顶山市传统村落保护条例", "kind": "regulation_draft"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    first = office.post(
        f"/api/v1/legal-texts/{pk}/versions/",
        {"text": demo_text("traditional_villages", 1), "label": "草案一审稿"},
        content_type="application/json",
    )
    assert first.status_code == 201, first.json()
    assert first.json()["number"] == 1 and first.json()["article_count"] == 32
    assert first.json()["problems"] == []
    second = office.post(
        f"/api/v1/legal-texts/{pk}/versions/",
        {"file": _docx(demo_text("traditional_villages", 2)), "label": "草案修改稿"},
    )
    assert second.status_code == 201, second.json()
    assert second.json()["source"] == "docx" and second.json()["number"] == 2

    reader = client_for("expert")
    detail = reader.get(f"/api/v1/legal-texts/{pk}/").json()
    assert [v["label"] for v in detail["versions"]] == ["草案一审稿", "草案修改稿"]
    versions = reader.get("/api/v1/text-versions/", {"legal_text": pk}).json()
    assert versions["count"] == 2
    version_id = second.json()["id"]
    structure = reader.get(f"/api/v1/text-versions/{version_id}/structure/").json()
    assert structure["tree"]["body"][0]["heading"] == "总则"
    comparison = reader.get(f"/api/v1/legal-texts/{pk}/comparison/", {"a": 1, "b": 2}).json()
    kinds = {row["kind"] for row in comparison["rows"]}
    assert {"unchanged", "amended", "split", "merged", "added", "deleted"} <= kinds
    assert comparison["old"]["label"] == "草案一审稿"
    split = next(r for r in comparison["rows"] if r["kind"] == "split")
    assert [a["num"] for a in split["old"]] == [18]
    assert [a["num"] for a in split["new"]] == [19, 20]
    akn = reader.get(f"/api/v1/text-versions/{version_id}/akn/")
    assert akn.status_code == 200
    assert akn_schema.validate(etree.fromstring(akn.content)), akn_schema.error_log


def test_problems_come_with_messages(client_for):
    office = client_for("office_staff")
    pk = office.post(
        "/api/v1/legal-texts/", {"title": "条例", "kind": "other"}, content_type="application/json"
    ).json()["id"]
    response = office.post(
        f"/api/v1/legal-texts/{pk}/versions/",
        {"text": "条例\n第一条　甲。\n第三条　乙。"},
        content_type="application/json",
    )
    assert response.status_code == 201
    (problem,) = response.json()["problems"]
    assert problem["line"] == 3 and problem["code"] == "skipped" and problem["message"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"text": ""},
        {"text": "   "},
        {"text": "没有条文的一段话。"},
        {"text": "第一条　甲。" + "长" * 300_001},
        {"text": "第一条　甲。", "label": "x" * 101},
        {"text": ["not", "a", "string"]},
    ],
)
def test_bad_versions_are_400_and_change_nothing(client_for, body):
    office = client_for("office_staff")
    pk = office.post(
        "/api/v1/legal-texts/", {"title": "条例", "kind": "other"}, content_type="application/json"
    ).json()["id"]
    before = (TextVersion.objects.count(), AuditEntry.objects.count())
    response = office.post(
        f"/api/v1/legal-texts/{pk}/versions/", body, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["errors"]
    assert (TextVersion.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize(
    "content", [b"%PDF-1.4", b"PK\x03\x04junk", "第一条　纯文本。".encode(), b""]
)
def test_wrong_file_types_are_400(client_for, content):
    office = client_for("office_staff")
    pk = office.post(
        "/api/v1/legal-texts/", {"title": "条例", "kind": "other"}, content_type="application/json"
    ).json()["id"]
    upload = io.BytesIO(content)
    upload.name = "draft.docx"
    response = office.post(f"/api/v1/legal-texts/{pk}/versions/", {"file": upload})
    assert response.status_code == 400
    assert not TextVersion.objects.exists()


def test_bad_texts_are_400(client_for):
    office = client_for("office_staff")
    for body in (
        {},
        {"title": "", "kind": "other"},
        {"title": "x", "kind": "law"},
        {"title": "x" * 201, "kind": "other"},
    ):
        response = office.post("/api/v1/legal-texts/", body, content_type="application/json")
        assert response.status_code == 400
    assert not LegalText.objects.exists()


def test_bad_comparison_queries(client_for, fire_safety):
    reader = client_for("leader")
    url = f"/api/v1/legal-texts/{fire_safety.pk}/comparison/"
    assert reader.get(url, {"a": "x"}).status_code == 400
    assert reader.get(url, {"a": 0}).status_code == 400
    assert reader.get(url, {"a": 1, "b": 9}).status_code == 404
    assert reader.get(url).status_code == 200


def test_who_may_do_what(client_for, fire_safety):
    url = f"/api/v1/legal-texts/{fire_safety.pk}/versions/"
    for role in ("leader", "committee_member", "expert", "deputy", "unit_handler", "no_role"):
        response = client_for(role).post(
            url, {"text": "条例\n第一条　甲。"}, content_type="application/json"
        )
        assert response.status_code == 403, role
    assert client_for("anonymous").post(url, {"text": "x"}).status_code in {401, 403}
    for role in ("deputy", "unit_handler", "no_role"):
        assert client_for(role).get("/api/v1/legal-texts/").status_code == 403, role
    assert TextVersion.objects.filter(legal_text=fire_safety).count() == 2
