"""Word documents the office and the units print: the assignment sheet (交办单) sent
with an item and the unit's reply letter (答复函) to the deputy.

Both take what is in the database, whatever state the case is in, and never fail on
an empty optional field: what is not known yet is written as such.
"""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

from renda.core import clock
from renda.core.models import Organisation
from renda.core.rulesettings import DEFINITIONS
from renda.handling.models import Assignment, Case, Kind, Reply
from renda.handling.policies import policy_for

LOCAL_TZ = ZoneInfo("Asia/Shanghai")

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
TITLE_FONT = "方正小标宋简体"  # not on every computer: the font table names 宋体 as its stand-in
LATIN_FONT = "Times New Roman"
RED = RGBColor(0xC0, 0x00, 0x00)

NOT_YET = "（尚未交办）"
NONE = "无"

SHEET_HEADINGS = {
    Kind.SUGGESTION: "代表建议交办单",
    Kind.MOTION: "代表议案交办单",
}
ITEM_WORDS = {Kind.SUGGESTION: "建议", Kind.MOTION: "议案"}

REPLY_CLASSES = {
    "A": "已解决或基本解决",
    "B": "正在解决或列入计划解决",
    "C": "因条件限制暂时不能解决",
}

# Font table entries, so that Word and WPS pick the intended Chinese faces (or 宋体).
_FONT_TABLE_ENTRIES = {
    BODY_FONT: ("02010600030101010101", "modern", None),
    HEADING_FONT: ("02010609060101010101", "modern", None),
    TITLE_FONT: ("02000000000000000000", "auto", BODY_FONT),
}


# --- public entry points --------------------------------------------------------------
def assignment_sheet(case: Case) -> bytes:
    """交办单: what was assigned to whom, by when and under which rule."""
    doc = _new_document(f"{case.reference} {SHEET_HEADINGS.get(case.kind, '交办单')}".strip())
    committee = committee_name()
    _red_header(doc, committee)
    _heading(doc, SHEET_HEADINGS.get(case.kind, "交办单"))

    lead, others, returned_lead = _current_assignments(case)
    item = _suggestion(case)
    rows: list[tuple[str, str]] = [
        ("编号", case.reference or "（未编号）"),
        ("标题", _clean(case.title)),
    ]
    if item is not None:
        rows += _submitter_rows(item)
    rows += [
        ("主办单位", _lead_text(lead, returned_lead)),
        ("协办单位", _units(others, Assignment.Role.ASSISTING)),
        ("会办单位", _units(others, Assignment.Role.JOINT)),
        ("交办日期", _date(case.assigned_on) if case.assigned_on else NOT_YET),
        ("办理时限", _time_limit_text(case, lead, others)),
        ("是否重点", _key_text(case)),
    ]
    _table(doc, rows)

    _spacer(doc)
    _right(doc, office_name(committee))
    _right(doc, _date(case.assigned_on or clock.today()))
    return _bytes(doc)


def reply_letter(reply: Reply) -> bytes:
    """答复函: the lead unit's written answer, addressed to the deputy."""
    case = reply.case
    unit = reply.assignment.unit
    item = _suggestion(case)
    title = _reply_title(case, item)
    doc = _new_document(title)

    _title(doc, title)
    if case.reference:
        _centered(doc, f"（{case.reference}）")
    _paragraph(doc, _salutation(case, item))
    for line in (reply.text or "").splitlines():
        if line.strip():
            _paragraph(doc, line.strip(), indent=True)
    _paragraph(doc, reply_class_line(reply), indent=True)

    person = _clean(reply.contact_person)
    contact = [f"联系人：{person}"] if person else []
    phone = _clean(reply.contact_phone) or _clean(unit.contact_phone)
    if phone:
        contact.append(f"联系电话：{phone}")
    if contact:
        _paragraph(doc, "    ".join(contact), indent=True)

    _spacer(doc)
    _right(doc, unit.name)
    _right(doc, _date(_local_date(reply.replied_at or reply.created_at)))
    return _bytes(doc)


# --- the words ------------------------------------------------------------------------
def committee_name() -> str:
    committee = (
        Organisation.objects.filter(kind=Organisation.Kind.STANDING_COMMITTEE)
        .order_by("-is_active", "pk")
        .first()
    )
    return committee.name if committee else "人大常委会"


def office_name(committee: str) -> str:
    office = (
        Organisation.objects.filter(kind=Organisation.Kind.OFFICE)
        .order_by("-is_active", "pk")
        .first()
    )
    return office.name if office else committee


def deadline_in_words(rule: str, case: Case | None = None) -> str:
    """An assignment's deadline rule ("handling.reply_months=3") as a reader says it:
    "3个月（代表法第五十一条）"; a broad or difficult item gives its reason."""
    key, sep, value = (rule or "").partition("=")
    value = value.strip()
    if not sep or not value:
        return rule or ""
    amount = f"{value}{_unit_of(key)}"
    notes = []
    policy = policy_for(case.kind) if case is not None else None
    if policy is not None and key == policy.rehandle_months_setting:
        notes.append("重新办理")
    definition = DEFINITIONS.get(key)
    if definition is not None:
        notes += _sources_in_words(definition.source)
    if policy is not None and key == policy.difficult_months_setting:
        reason = _clean(case.difficulty_reason)
        notes.append(f"涉及面广、处理难度大：{reason}" if reason else "涉及面广、处理难度大")
    return f"{amount}（{'；'.join(notes)}）" if notes else amount


def reply_class_line(reply: Reply) -> str:
    cls = (reply.reply_class or "").strip()
    meaning = REPLY_CLASSES.get(cls)
    if cls == "B":
        parts = [meaning]
        if _clean(reply.promised_action):
            parts.append(f"承诺事项：{_clean(reply.promised_action)}")
        if reply.promised_date:
            parts.append(f"承诺完成时间：{_date(reply.promised_date)}")
        return f"答复类别：B类（{'，'.join(parts)}）"
    if not cls:
        return "答复类别：（未分类）"
    return f"答复类别：{cls}类（{meaning}）" if meaning else f"答复类别：{cls}类"


def chinese_number(n: int) -> str:
    """51 → 五十一, 110 → 一百一十, 105 → 一百零五 (article numbers up to 999)."""
    digits = "零一二三四五六七八九"
    if not 0 < n < 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    text = f"{digits[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    if ones:
        text += digits[ones]
    return text


def _clean(value) -> str:
    return str(value or "").strip()


def _unit_of(key: str) -> str:
    if key.endswith("_workdays"):
        return "个工作日"
    if key.endswith("_months"):
        return "个月"
    if key.endswith("_days"):
        return "日"
    return ""


_CJK = re.compile(r"[\u4e00-\u9fff]")
_ARTICLE = re.compile(r"^(?P<law>.+?)\s*Art\.?\s*(?P<number>\d+)$")
_YEAR = re.compile(r"\s*[（(]\d{4}[)）]\s*$")


def _sources_in_words(source: str) -> list[str]:
    """ "代表法 Art 51" → 代表法第五十一条; English-only sources ("local practice") are left out."""
    words = []
    for part in re.split(r"[;；]", source or ""):
        part = _YEAR.sub("", part.strip())
        match = _ARTICLE.match(part)
        if match:
            part = f"{match['law'].strip()}第{chinese_number(int(match['number']))}条"
        if _CJK.search(part):
            words.append(part)
    return words


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _local_date(moment: dt.datetime | None) -> dt.date:
    if moment is None:
        return clock.today()
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(LOCAL_TZ).date()


def _suggestion(case: Case):
    return getattr(case, "suggestion", None)


def _session_in_words(session) -> str:
    term = f"第{chinese_number(session.term.number)}届"
    number = chinese_number(session.number)
    if session.body == "standing_committee":
        return f"{term}人大常委会第{number}次会议"
    return f"{term}人民代表大会第{number}次会议"


def _submitter_rows(item) -> list[tuple[str, str]]:
    rows = [("提出会议", _session_in_words(item.session))] if item.session_id else []
    if item.delegation_id:
        rows.append(("提出代表团", item.delegation.name))
    co_signers = [d.person.name for d in item.co_signers.select_related("person").order_by("pk")]
    rows += [
        ("领衔代表", item.lead_deputy.person.name),
        ("联名代表", "、".join(co_signers) or NONE),
    ]
    return rows


def _current_assignments(case: Case):
    """The lead assignment of the latest assignment round (the one being handled, or
    replied to, or closed at completion), the other units of that round, and a
    returned lead when the case waits to be assigned again."""
    rows = list(case.assignments.select_related("unit").order_by("pk"))
    leads = [a for a in rows if a.role == Assignment.Role.LEAD]
    current = [a for a in leads if a.state != Assignment.State.RETURNED]
    lead = current[-1] if current else None
    returned_lead = leads[-1] if leads and lead is None else None
    anchor = lead or returned_lead
    others = [
        a
        for a in rows
        if a.role != Assignment.Role.LEAD
        and a.state != Assignment.State.RETURNED
        and anchor is not None
        and a.pk > anchor.pk
    ]
    return lead, others, returned_lead


def _lead_text(lead: Assignment | None, returned_lead: Assignment | None) -> str:
    if lead is not None:
        return lead.unit.name
    if returned_lead is not None:
        return f"{returned_lead.unit.name}（已退回，待重新交办）"
    return NOT_YET


def _units(others: list[Assignment], role: str) -> str:
    return "、".join(a.unit.name for a in others if a.role == role) or NONE


def _time_limit_text(case: Case, lead: Assignment | None, others: list[Assignment]) -> str:
    if lead is None:
        if case.reply_due:
            return f"{_date(case.reply_due)}前答复"
        return NOT_YET
    lines = [f"{_date(lead.due_date)}前答复"]
    rule = deadline_in_words(lead.deadline_rule, case)
    if rule:
        lines.append(f"办理时限：{rule}")
    if others:
        first = others[0]
        view_rule = deadline_in_words(first.deadline_rule, case)
        view = f"，时限{view_rule}" if view_rule else ""
        lines.append(f"协办、会办单位于{_date(first.due_date)}前向主办单位提出意见{view}")
    return "\n".join(lines)


def _key_text(case: Case) -> str:
    if not case.is_key:
        return "否"
    details = []
    if case.lead_leader_id:
        details.append(f"领办领导：{case.lead_leader.name}")
    if case.supervising_body_id:
        details.append(f"督办单位：{case.supervising_body.name}")
    return f"是（{'；'.join(details)}）" if details else "是"


def _reply_title(case: Case, item) -> str:
    title = _clean(case.title).strip("《》")
    word = ITEM_WORDS.get(case.kind)
    if item is None or word is None:
        return f"关于《{title}》办理情况的答复"
    suffix = "" if title.endswith(word) else word
    if item.delegation_id and case.kind == Kind.MOTION:
        submitter = item.delegation.name
    else:
        several = "等" if item.co_signers.exists() else ""
        submitter = f"市人大代表{item.lead_deputy.person.name}{several}同志"
    return f"关于{submitter}所提《{title}》{suffix}的答复"


def _salutation(case: Case, item) -> str:
    if item is not None:
        return f"尊敬的{item.lead_deputy.person.name}代表："
    if case.kind in (Kind.DELIBERATION_OPINION, Kind.CORRECTION_NOTICE):
        return f"{committee_name()}："
    return "您好："


# --- the layout -----------------------------------------------------------------------
def _new_document(title: str):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, not the template's Letter
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _default_fonts(doc)
    _font_table(doc)
    doc.core_properties.title = title
    doc.core_properties.language = "zh-CN"
    return doc


def _default_fonts(doc) -> None:
    """Chinese defaults for the whole document: the template's theme fonts (Japanese
    faces for East Asian text) would otherwise win, as theme attributes override names."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.5


def _font_table(doc) -> None:
    part = next(
        (p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"),
        None,
    )
    if part is None or not part.blob:
        return
    root = parse_xml(part.blob)
    known = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, (panose, family, alt_name) in _FONT_TABLE_ENTRIES.items():
        if name in known:
            continue
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        if alt_name:
            alt = OxmlElement("w:altName")
            alt.set(qn("w:val"), alt_name)
            font.append(alt)
        for tag, value in (
            ("w:panose1", panose),
            ("w:charset", "86"),  # GB2312
            ("w:family", family),
            ("w:pitch", "variable"),
        ):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
        root.append(font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_fonts(run, east_asia: str, latin: str = LATIN_FONT) -> None:
    run.font.name = latin
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)


def _add_run(paragraph, text: str, *, font=BODY_FONT, size=14, color=None):
    run = paragraph.add_run(text)
    _set_fonts(run, font)
    run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    return run


def _red_header(doc, text: str) -> None:
    """The red masthead line with a red rule beneath it."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(12)
    _add_run(paragraph, text, font=TITLE_FONT, size=26, color=RED)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attribute, value in (("val", "single"), ("sz", "18"), ("space", "6"), ("color", "C00000")):
        bottom.set(qn(f"w:{attribute}"), value)
    borders.append(bottom)
    _insert_pbdr(paragraph, borders)


_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _insert_pbdr(paragraph, borders) -> None:
    """pBdr has its place in pPr's sequence, before spacing and jc."""
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)


def _heading(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.space_after = Pt(12)
    _add_run(paragraph, text, font=HEADING_FONT, size=18)


def _title(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(6)
    _add_run(paragraph, text, font=TITLE_FONT, size=20)


def _centered(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(12)
    _add_run(paragraph, text)


def _paragraph(doc, text: str, *, indent: bool = False) -> None:
    paragraph = doc.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(28)  # two characters
    _add_run(paragraph, text)


def _right(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _add_run(paragraph, text)


def _spacer(doc) -> None:
    doc.add_paragraph()


def _table(doc, rows: list[tuple[str, str]]) -> None:
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Cm(3.4), Cm(12.2))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice and WPS follow
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.height = Cm(1.2)
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        head = row.cells[0].paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_run(head, label, font=HEADING_FONT, size=14)
        lines = (value or NONE).split("\n")
        body = row.cells[1].paragraphs[0]
        _add_run(body, lines[0])
        for line in lines[1:]:
            _add_run(row.cells[1].add_paragraph(), line, size=12)


def _bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(content: bytes, name: str):
    """A download of a generated .docx; the Chinese file name encoded per RFC 5987."""
    from urllib.parse import quote

    from django.http import HttpResponse

    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
