"""Exports: Akoma Ntoso 3.0 XML valid against the official schema, and the comparison
table as .docx (read back with python-docx); reading an uploaded .docx."""

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from lxml import etree

from renda.legislation import services
from renda.legislation.akn import NS, to_akn
from renda.legislation.comparison import compare
from renda.legislation.demo_texts import DEMO, demo_text
from renda.legislation.documents import comparison_docx, read_docx

pytestmark = pytest.mark.django_db
A = {"a": NS}


def _version(office, text, kind="regulation_draft"):
    legal_text = services.create_text(title="测试条例", kind=kind, actor=office)
    return services.add_version(legal_text, text=text, actor=office)


def _valid(schema, xml: bytes):
    document = etree.fromstring(xml)
    assert schema.validate(document), schema.error_log
    return document


@pytest.mark.parametrize("stem", [stem for _t, stem, _b, _l in DEMO])
@pytest.mark.parametrize("number", [1, 2])
def test_demo_versions_are_valid_akn(office, akn_schema, stem, number):
    version = _version(office, demo_text(stem, number))
    document = _valid(akn_schema, to_akn(version))
    assert document.find("a:bill", A) is not None  # a draft is a bill
    country = document.find(".//a:FRBRWork/a:FRBRcountry", A)
    assert country.get("value") == "cn"
    this = document.find(".//a:FRBRWork/a:FRBRthis", A).get("value")
    assert this.startswith(
        f"/akn/cn-hn-pds/bill/{timezone.localdate(version.legal_text.created_at)}/"
    )
    assert document.find(".//a:FRBRExpression/a:FRBRlanguage", A).get("language") == "zho"
    articles = document.findall(".//a:article", A)
    assert len(articles) == version.article_count
    assert articles[0].get("eId") == "chp_1__art_1"
    assert document.find(".//a:article[@eId='chp_1__art_1']/a:paragraph", A).get("eId") == (
        "chp_1__art_1__para_1"
    )


def test_items_sections_and_a_regulation_as_act(office, akn_schema):
    text = (
        "条例\n第一章　总则\n第一条　甲。\n第二章　管理\n第一节　一般规定\n"
        "第二条　应当：\n（一）子；\n（二）丑：\n1．寅；\n2．卯。\n第三条\n（一）只有项。\n"
    )
    version = _version(office, text, kind="regulation")
    document = _valid(akn_schema, to_akn(version))
    assert document.find("a:act", A) is not None
    point = document.find(".//a:point[@eId='chp_2__sec_1__art_2__para_1__point_2__point_1']", A)
    assert point.find("a:num", A).text == "1．"
    assert document.find(".//a:article[@eId='chp_2__sec_1__art_2']/a:num", A).text == "第二条"


def test_malformed_text_still_exports_valid_xml(office, akn_schema):
    """Repeated numbers, text outside articles, an empty article and chapter: the parse
    lists them; the export stays valid (eIds kept unique)."""
    text = (
        "条例\n前言一行。\n第一章　总则\n游离的文字。\n第一条　甲。\n第一条　乙。\n第三条\n"
        "第二章　空\n第三章　附则\n第四条　施行。\n"
    )
    version = _version(office, text)
    assert {p["code"] for p in version.problems} >= {"repeated", "empty_article", "empty_chapter"}
    document = _valid(akn_schema, to_akn(version))
    ids = [e.get("eId") for e in document.iter() if e.get("eId")]
    assert len(ids) == len(set(ids))
    assert "chp_1__art_1_2" in ids


def test_text_without_chapters(office, akn_schema):
    version = _version(office, "规定\n第一条　甲。\n第二条　乙。\n")
    document = _valid(akn_schema, to_akn(version))
    assert [a.get("eId") for a in document.findall(".//a:article", A)] == ["art_1", "art_2"]


def test_comparison_docx_layout(office):
    old = services.add_version(
        services.create_text(title="消防条例", kind="regulation_draft", actor=office),
        text=demo_text("fire_safety", 1),
        actor=office,
    )
    new = services.add_version(old.legal_text, text=demo_text("fire_safety", 2), actor=office)
    table = compare(old.tree, new.tree)
    document = docx.Document(io.BytesIO(comparison_docx("消防条例", "一审稿", "二审稿", table)))
    assert "《消防条例》修改对照表" in document.paragraphs[0].text
    (grid,) = document.tables
    assert [c.text for c in grid.rows[0].cells] == ["原条文", "修改后条文"]
    assert len(grid.rows) == len(table["rows"]) + 1
    runs = [
        r for row in grid.rows[1:] for cell in row.cells for p in cell.paragraphs for r in p.runs
    ]
    inserted = "".join(r.text for r in runs if r.font.underline and r.font.bold)
    deleted = "".join(r.text for r in runs if r.font.strike)
    assert "民群众生命" in inserted  # 第一条: 人身 → 人民群众生命
    assert "身" in deleted
    assert "每半月" not in deleted and "半" in inserted
    # the split row: one old article on the left, two new ones on the right
    split_row = next(i for i, r in enumerate(table["rows"]) if r["kind"] == "split")
    left, right = grid.rows[split_row + 1].cells
    assert left.text.startswith("第二条")
    assert "第二条" in right.text and "第三条" in right.text
    changes_only = docx.Document(
        io.BytesIO(comparison_docx("消防条例", "一审稿", "二审稿", table, changes_only=True))
    )
    changed = [r for r in table["rows"] if r["kind"] != "unchanged" or r["moved"]]
    assert len(changes_only.tables[0].rows) == len(changed) + 1


def _docx_bytes(lines):
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_read_docx():
    data = _docx_bytes(["某条例", "第一章　总则", "第一条　甲。"])
    assert read_docx(data) == "某条例\n第一章　总则\n第一条　甲。"


@pytest.mark.parametrize(
    "data",
    [
        b"plain text pretending",
        b"PK\x03\x04 broken zip",
        b"%PDF-1.7 not a word file",
    ],
)
def test_read_docx_refuses_other_files(data):
    with pytest.raises(ValidationError) as caught:
        read_docx(data)
    assert caught.value.code == "file_type"


def test_read_docx_refuses_a_zip_that_is_not_word():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ValidationError):
        read_docx(buffer.getvalue())
