"""Word documents of structured texts: reading an uploaded .docx (checked by its
content, not its name), and writing the comparison table (修改对照表) in the layout
such tables use — two columns, 原条文 | 修改后条文, insertions underlined and bold,
deletions struck through."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from renda.handling.documents import docx_response

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# a .docx is a zip: what it may unpack to (refuses zip bombs before python-docx reads it)
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"
NOTES = {
    "split": "（拆分）",
    "merged": "（合并）",
    "restructured": "（拆分、合并）",
}


def read_docx(data: bytes) -> str:
    """The text of a .docx, one line per paragraph; ``ValidationError`` when the bytes
    are not a Word document."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_UPLOAD_BYTES // 2**20},
            code="too_large",
        )
    not_docx = ValidationError(
        _("The file is not a Word document (.docx). Save it as .docx, or paste the text."),
        code="file_type",
    )
    if not data.startswith(b"PK\x03\x04"):
        raise not_docx
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise not_docx
            if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                raise ValidationError(_("The document unpacks to too much data."), code="too_large")
        document = Document(io.BytesIO(data))
    except ValidationError:
        raise
    except Exception as exc:  # noqa: BLE001 — any failure to read is "not a .docx"
        raise not_docx from exc
    lines = []
    for paragraph in document.paragraphs:
        lines.extend(paragraph.text.split("\n"))
    return "\n".join(lines)


# --- the comparison table ---------------------------------------------------------------
def _font(run, font: str, size: float, *, bold=False) -> None:
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold or None
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _line(paragraph, text: str, *, font=BODY_FONT, size=12, bold=False):
    run = paragraph.add_run(text)
    _font(run, font, size, bold=bold)
    return run


def _cell_articles(cell, articles: list[dict], *, note: str = "") -> None:
    """Each article of one side: its label in bold, then its text; paragraphs of the
    article on lines of their own; changes marked."""
    cell.paragraphs[0].text = ""
    first = True
    for article in articles:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        _line(paragraph, article["label"] + "\u3000", bold=True, font=HEADING_FONT)
        for op, text in article["segments"]:
            chunks = text.split("\n")
            for n, chunk in enumerate(chunks):
                if n:
                    paragraph = cell.add_paragraph()
                if not chunk:
                    continue
                run = _line(paragraph, chunk)
                if op == "ins":
                    run.font.underline = True
                    run.font.bold = True
                elif op == "del":
                    run.font.strike = True
    if note:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        _line(paragraph, note, size=10.5)


def comparison_docx(
    title: str, old_label: str, new_label: str, table: dict, *, changes_only=False
) -> bytes:
    doc = Document()
    doc.core_properties.title = f"《{title}》修改对照表"
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.top_margin = section.bottom_margin = Cm(2.5)
        section.left_margin = section.right_margin = Cm(2.2)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _line(heading, f"《{title}》修改对照表", font=TITLE_FONT, size=18, bold=True)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _line(sub, f"（{old_label} — {new_label}）", size=12)
    grid = doc.add_table(rows=1, cols=2)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(grid.rows[0].cells, ("原条文", "修改后条文"), strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _line(cell.paragraphs[0], text, font=HEADING_FONT, size=12, bold=True)
    for row in table["rows"]:
        if changes_only and row["kind"] == "unchanged" and not row["moved"]:
            continue
        left, right = grid.add_row().cells
        _cell_articles(left, row["old"])
        note = NOTES.get(row["kind"], "")
        if row["kind"] == "deleted":
            note = "（删除）"
        elif row["moved"]:
            note = (note + "（位置调整）").strip()
        _cell_articles(right, row["new"], note=note)
    legend = doc.add_paragraph()
    _line(legend, "说明：加粗并加下划线的文字为新增内容，加删除线的文字为删去的内容。", size=10.5)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def comparison_response(version_a, version_b, table: dict, *, changes_only=False):
    content = comparison_docx(
        version_a.legal_text.title,
        version_a.display_label,
        version_b.display_label,
        table,
        changes_only=changes_only,
    )
    return docx_response(content, f"{version_a.legal_text.title}-修改对照表.docx")
