"""The summary report of a consultation (征求意见情况汇总), a Word document in the house
style of renda.legislation.documents: counts per channel and per decision, then the
comments and decisions per provision in article order (the whole text first). No
personal contact data is printed; a citizen is named only by the name they gave."""

import io
from collections import Counter

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from renda.consultations.models import Adoption, Channel
from renda.handling.documents import docx_response
from renda.legislation.documents import HEADING_FONT, TITLE_FONT, _line

CHANNEL_NAMES = {
    Channel.PORTAL: "网上征求意见平台",
    Channel.CONTACT_POINT: "基层立法联系点",
    Channel.EXPERT: "立法咨询专家",
    Channel.BASE: "立法基地",
    Channel.BODY: "有关单位",
    Channel.STAFF: "来信及座谈会",
}
DECISION_NAMES = {
    Adoption.Decision.ADOPTED: "采纳",
    Adoption.Decision.PARTLY: "部分采纳",
    Adoption.Decision.NOT_ADOPTED: "未采纳",
}
UNDECIDED = "待研究"
WHOLE_TEXT = "总体意见"


def _table(doc, header: tuple[str, str], rows: list[tuple[str, str]]):
    grid = doc.add_table(rows=1, cols=2)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _line(cell.paragraphs[0], text, font=HEADING_FONT, size=12, bold=True)
    for left, right in rows:
        cells = grid.add_row().cells
        _line(cells[0].paragraphs[0], left)
        _line(cells[1].paragraphs[0], right)
    return grid


def _source(comment) -> str:
    for related in (comment.contact_point, comment.expert, comment.body):
        if related is not None:
            return related.name
    return comment.citizen_name or "群众"


def decision_name(comment) -> str:
    adoption = getattr(comment, "adoption", None)
    return DECISION_NAMES.get(adoption.decision, UNDECIDED) if adoption else UNDECIDED


def summary_docx(consultation, comments: list) -> bytes:
    """``comments`` in article order, with contact_point, expert, body and adoption loaded."""
    legal_title = consultation.version.legal_text.title
    doc = Document()
    doc.core_properties.title = f"《{legal_title}》征求意见情况汇总"
    for section in doc.sections:
        section.top_margin = section.bottom_margin = Cm(2.5)
        section.left_margin = section.right_margin = Cm(2.2)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _line(heading, f"《{legal_title}》征求意见情况汇总", font=TITLE_FONT, size=18, bold=True)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _line(
        sub,
        f"（{consultation.title}，{consultation.opens_on:%Y年%m月%d日}至"
        f"{consultation.closes_on:%Y年%m月%d日}，共收到意见{len(comments)}条）",
    )
    if consultation.summary:
        _line(doc.add_paragraph(), consultation.summary)

    _line(doc.add_paragraph(), "一、意见来源", font=HEADING_FONT, size=14, bold=True)
    channels = Counter(c.channel for c in comments)
    _table(
        doc,
        ("渠道", "意见条数"),
        [(CHANNEL_NAMES[ch], str(channels[ch])) for ch in Channel if channels[ch]]
        + [("合计", str(len(comments)))],
    )
    _line(doc.add_paragraph(), "二、采纳情况", font=HEADING_FONT, size=14, bold=True)
    decisions = Counter(decision_name(c) for c in comments)
    names = [*DECISION_NAMES.values(), UNDECIDED]
    _table(
        doc,
        ("处理结果", "意见条数"),
        [(name, str(decisions[name])) for name in names if decisions[name]]
        + [("合计", str(len(comments)))],
    )
    _line(doc.add_paragraph(), "三、逐条意见及处理", font=HEADING_FONT, size=14, bold=True)
    current = None
    number = 0
    for comment in comments:
        article = comment.sort_key // 1_000_000
        if article != current:
            current = article
            title = WHOLE_TEXT if not article else comment.provision_label.split("条")[0] + "条"
            _line(doc.add_paragraph(), title, font=HEADING_FONT, size=13, bold=True)
        number += 1
        where = (
            f"［{comment.provision_label}］"
            if comment.provision_label and "款" in comment.provision_label
            else ""
        )
        source = f"{CHANNEL_NAMES[comment.channel]}·{_source(comment)}"
        _line(doc.add_paragraph(), f"{number}. {where}{comment.text}（{source}）")
        adoption = getattr(comment, "adoption", None)
        result = decision_name(comment)
        line = f"处理意见：{result}" + (f"。{adoption.reason}" if adoption else "")
        _line(doc.add_paragraph(), line, size=11)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def summary_response(consultation, comments: list):
    content = summary_docx(consultation, comments)
    title = consultation.version.legal_text.title
    return docx_response(content, f"{title}-征求意见情况汇总.docx")
