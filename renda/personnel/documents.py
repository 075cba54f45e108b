"""任命书: the certificate of an appointment, as a Word document (python-docx).

Written only for an appointment whose certificate was issued, i.e. after the vote
passed (R70); callers answer 404 otherwise."""

import datetime as dt
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from renda.handling.documents import chinese_number, committee_name, docx_response
from renda.personnel.models import AppointmentItem

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
RED = RGBColor(0xC0, 0x00, 0x00)
DIGITS = "〇一二三四五六七八九"

__all__ = ["certificate", "certificate_response", "date_in_words"]


def date_in_words(day: dt.date) -> str:
    """2023-02-24 → 二〇二三年二月二十四日 (as printed on certificates)."""
    year = "".join(DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


def _run(paragraph, text: str, *, size: int, font: str = BODY_FONT, bold=False, color=None):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if color is not None:
        run.font.color.rgb = color
    return run


def _paragraph(doc, text: str, *, size=16, align=None, font=BODY_FONT, bold=False, color=None):
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(12)
    _run(paragraph, text, size=size, font=font, bold=bold, color=color)
    return paragraph


def certificate(item: AppointmentItem) -> bytes:
    committee = committee_name()
    session = item.bill.session
    doc = Document()
    doc.core_properties.title = f"任命书 {item.certificate_number}"
    for section in doc.sections:
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _paragraph(
        doc,
        "任  命  书",
        size=36,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        font=TITLE_FONT,
        bold=True,
        color=RED,
    )
    _paragraph(doc, item.certificate_number, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, f"{item.person.name}：")
    held = f"第{chinese_number(session.number)}次会议" if session else "会议"
    term = f"第{chinese_number(item.bill.term.number)}届"
    decided = date_in_words(item.decided_on) if item.decided_on else ""
    body = f"    经{committee}{term}{held}于{decided}决定，任命你为{item.post}。"
    _paragraph(doc, body)
    _paragraph(doc, "")
    _paragraph(doc, committee, align=WD_ALIGN_PARAGRAPH.RIGHT)
    issued = item.certificate_issued_on or item.decided_on
    _paragraph(doc, date_in_words(issued) if issued else "", align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def certificate_response(item: AppointmentItem):
    return docx_response(certificate(item), f"任命书-{item.person.name}.docx")
