"""Pages: create a text, add two versions (pasted and .docx), see the structure and its
problems, compare, download; bad input is refused with form errors and changes
nothing; the list page's queries do not grow with its rows."""

import io
import json

import docx
import pytest
from django.urls import reverse

from renda.core.models import AuditEntry
from renda.legislation import services
from renda.legislation.demo_texts import demo_text
from renda.legislation.models import LegalText, TextVersion

pytestmark = pytest.mark.django_db


def _docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(data: bytes, name="草案.docx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_create_text_add_versions_compare_download(client_for):
    office = client_for("office_staff")
    response = office.post(
        reverse("legislation:text-create"),
        {"title": "平顶山市居民住宅消防安全管理条例", "kind": "regulation_draft"},
    )
    legal_text = LegalText.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("legislation:version-create", args=[legal_text.pk])
    url = reverse("legislation:version-create", args=[legal_text.pk])
    assert office.get(url).status_code == 200
    response = office.post(url, {"label": "草案一审稿", "text": demo_text("fire_safety", 1)})
    first = TextVersion.objects.get(number=1)
    assert response["Location"] == reverse("legislation:version-detail", args=[first.pk])
    response = office.post(
        url,
        {"label": "草案二审稿", "file": _upload(_docx(demo_text("fire_safety", 2)))},
    )
    second = TextVersion.objects.get(number=2)
    assert response.status_code == 302
    assert second.source == "docx" and second.file_name == "草案.docx"
    assert (first.article_count, second.article_count) == (32, 33)
    assert first.problems == [] and second.problems == []

    # every reader sees them; an expert too
    for role in ("leader", "committee_member", "expert"):
        reader = client_for(role)
        page = reader.get(reverse("legislation:text-detail", args=[legal_text.pk]))
        assert page.status_code == 200 and "草案二审稿" in page.content.decode()
        structure = reader.get(reverse("legislation:version-detail", args=[second.pk]))
        assert structure.status_code == 200
        body = structure.content.decode()
        assert body.count('data-kind="article"') == 33
        assert body.count('data-kind="chapter"') == 6

    reader = client_for("committee_member")
    compare_url = reverse("legislation:comparison", args=[legal_text.pk])
    page = reader.get(compare_url, {"a": 1, "b": 2})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-kind="split"' in html and 'data-kind="merged"' in html
    assert 'data-kind="added"' in html and 'data-kind="deleted"' in html
    assert "data-moved" in html
    assert "<ins" in html and "<del" in html
    only = reader.get(compare_url, {"a": 1, "b": 2, "changes": "1"}).content.decode()
    # only changed rows (an unchanged article that moved is a change of place)
    assert only.count('data-kind="unchanged"') == only.count('data-kind="unchanged" data-moved')
    # the reverse direction works too (any two versions)
    assert reader.get(compare_url, {"a": 2, "b": 1}).status_code == 200
    # default: the last two
    assert reader.get(compare_url).status_code == 200

    word = reader.get(
        reverse("legislation:comparison-docx", args=[legal_text.pk]), {"a": 1, "b": 2}
    )
    assert word.status_code == 200
    document = docx.Document(io.BytesIO(word.content))
    assert [c.text for c in document.tables[0].rows[0].cells] == ["原条文", "修改后条文"]

    xml = reader.get(reverse("legislation:version-akn", args=[second.pk]))
    assert xml.status_code == 200 and xml["Content-Type"].startswith("application/akn+xml")
    assert b"<bill" in xml.content
    data = json.loads(reader.get(reverse("legislation:version-json", args=[second.pk])).content)
    assert data["article_count"] == 33 and data["tree"]["title"].startswith("平顶山市")


def test_problems_are_listed_with_line_numbers(client_for, office):
    legal_text = services.create_text(title="条例", kind="regulation_draft", actor=office)
    version = services.add_version(
        legal_text, text="条例\n第一条　甲。\n第三条　乙。\n第三条　丙。\n", actor=office
    )
    page = client_for("leader").get(reverse("legislation:version-detail", args=[version.pk]))
    html = page.content.decode()
    assert 'data-code="skipped"' in html and 'data-code="repeated"' in html
    assert 'href="#L3"' in html and 'id="L3"' in html


@pytest.mark.parametrize(
    ("post", "field"),
    [
        ({"text": ""}, None),
        ({"text": "   \n  "}, None),
        ({"text": "只有一句话，没有条文。"}, "text"),
        ({"text": "条例\n第一条　甲。", "file": "both"}, None),
        ({"file": b"%PDF-1.4 not word"}, "file"),
        ({"file": b"plain text"}, "file"),
    ],
)
def test_bad_versions_are_refused_and_change_nothing(client_for, office, post, field):
    legal_text = services.create_text(title="条例", kind="regulation_draft", actor=office)
    before = (TextVersion.objects.count(), AuditEntry.objects.count())
    data = dict(post)
    if data.get("file") == "both":
        data["file"] = _upload(_docx("条例\n第一条　甲。"))
    elif "file" in data:
        data["file"] = _upload(data["file"], "假的.docx")
    response = client_for("office_staff").post(
        reverse("legislation:version-create", args=[legal_text.pk]), data
    )
    assert response.status_code == 400
    assert (TextVersion.objects.count(), AuditEntry.objects.count()) == before
    if field:
        assert response.context["form"].errors.get(field)
    else:
        assert response.context["form"].non_field_errors()


def test_huge_file_is_refused(client_for, office, settings):
    from renda.legislation import documents

    legal_text = services.create_text(title="条例", kind="regulation_draft", actor=office)
    huge = b"PK\x03\x04" + b"0" * (documents.MAX_UPLOAD_BYTES + 1)
    response = client_for("office_staff").post(
        reverse("legislation:version-create", args=[legal_text.pk]), {"file": _upload(huge)}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert not TextVersion.objects.exists()


def test_huge_pasted_text_is_refused(client_for, office):
    legal_text = services.create_text(title="条例", kind="regulation_draft", actor=office)
    text = "条例\n第一条　" + "很长" * 200_000
    response = client_for("office_staff").post(
        reverse("legislation:version-create", args=[legal_text.pk]), {"text": text}
    )
    assert response.status_code == 400
    assert not TextVersion.objects.exists()


def test_bad_text_form(client_for):
    response = client_for("office_staff").post(
        reverse("legislation:text-create"), {"title": "", "kind": "nonsense"}
    )
    assert response.status_code == 400
    assert not LegalText.objects.exists()


@pytest.mark.parametrize(
    "query", [{"a": "x"}, {"a": 1, "b": 99}, {"a": "-1", "b": "1"}, {"a": 10**30}]
)
def test_bad_comparison_choices_are_404(client_for, fire_safety, query):
    url = reverse("legislation:comparison", args=[fire_safety.pk])
    assert client_for("leader").get(url, query).status_code == 404
    docx_url = reverse("legislation:comparison-docx", args=[fire_safety.pk])
    assert client_for("leader").get(docx_url, query).status_code == 404


def test_comparison_needs_two_versions(client_for, office):
    legal_text = services.create_text(title="条例", kind="regulation_draft", actor=office)
    services.add_version(legal_text, text="条例\n第一条　甲。", actor=office)
    url = reverse("legislation:comparison", args=[legal_text.pk])
    assert client_for("leader").get(url).status_code == 404


def test_list_page_queries_do_not_grow(client_for, office, django_assert_max_num_queries):
    client = client_for("leader")
    url = reverse("legislation:text-list")
    for n in range(3):
        legal_text = services.create_text(title=f"条例{n}", kind="regulation_draft", actor=office)
        services.add_version(legal_text, text="条例\n第一条　甲。", actor=office)
    client.get(url)  # warm the session and the user's roles
    with django_assert_max_num_queries(8) as few:
        response = client.get(url)
    assert response.status_code == 200
    for n in range(3, 30):
        services.create_text(title=f"条例{n}", kind="normative_document", actor=office)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("条例2") >= 1
    export = client.get(url, {"format": "xlsx"})
    assert export.status_code == 200
