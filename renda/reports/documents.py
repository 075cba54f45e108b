"""The year's review as a Word document: each section's prose with its numbers from the
registry, a table of the section's figures, charts, and an appendix saying how each
figure was counted. Laid out like the committee's other documents (handling/documents)."""

import io

from django.conf import settings
from django.utils import translation
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from renda.core import clock
from renda.handling import documents as letters
from renda.reports import charts
from renda.reports.annual import AnnualContent, FigureLine, build
from renda.reports.services import clean_prose

CHART_WIDTH = Cm(15)


def _pending_note(line: FigureLine) -> str:
    if not line.pending:
        return ""
    return f"（尚有{line.pending['what']}{line.pending['pending']}件，数字未定）"


def _grid(doc, header: list[str], rows: list[list[str]], widths: list) -> None:
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for index, values in enumerate([header, *rows]):
        cells = table.rows[index].cells
        for column, (cell, width, text) in enumerate(zip(cells, widths, values, strict=True)):
            cell.width = width
            paragraph = cell.paragraphs[0]
            if index == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                letters._add_run(paragraph, text, font=letters.HEADING_FONT, size=12)
                continue
            if column == 1:  # the value
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            letters._add_run(paragraph, text, size=11)


def _caption(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    letters._add_run(paragraph, text, size=11)


def _status(doc, content: AnnualContent) -> None:
    if content.year_in_progress:
        letters._paragraph(
            doc, f"说明：{content.year}年尚未结束，以下数据截至{clock.today():%Y年%m月%d日}。"
        )
    if content.incomplete:
        open_inputs = "、".join(
            str(line.figure.label) + _pending_note(line) for line in content.lines if line.pending
        )
        letters._paragraph(doc, f"说明：部分数据的依据尚未办结：{open_inputs}。")


def _section_heading(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(6)
    letters._add_run(paragraph, text, font=letters.HEADING_FONT, size=16)


def _section(doc, number: int, section, year: int, figures: dict, charts_shown: list) -> None:
    _section_heading(doc, f"{letters.chinese_number(number)}、{section.section.title}")
    if section.prose:
        letters._paragraph(doc, clean_prose(section.prose), indent=True)
    if section.lines:
        rows = [
            [str(line.figure.label), line.shown + _pending_note(line)] for line in section.lines
        ]
        _grid(doc, ["指标", "数值"], rows, [Cm(9.5), Cm(6)])
    if charts_shown is not None:
        for chart in charts.for_section(section.section.key, year, figures):
            doc.add_picture(io.BytesIO(chart.png), width=CHART_WIDTH)
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            charts_shown.append(chart)
            _caption(doc, f"图{len(charts_shown)}　{chart.title}")
    letters._spacer(doc)


def _appendix(doc, content: AnnualContent) -> None:
    _section_heading(doc, "附录：各项数据及其统计口径")
    rows = [
        [str(line.figure.label), line.shown, str(line.figure.how), line.figure.key]
        for line in content.lines
    ]
    _grid(doc, ["指标", "数值", "统计口径", "代码"], rows, [Cm(4), Cm(2.2), Cm(7.2), Cm(2.6)])
    letters._paragraph(
        doc,
        f"以上数据由系统于{clock.now():%Y-%m-%d %H:%M}根据业务记录自动统计生成，未经人工填写。",
    )


def annual_report(year: int, *, with_charts: bool = True) -> bytes:
    """The document is the committee's own, in its language, whoever downloads it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _annual_report(year, with_charts)


def _annual_report(year: int, with_charts: bool) -> bytes:
    content = build(year)
    title = f"{content.committee}{year}年履职工作综述"
    doc = letters._new_document(title)
    letters._red_header(doc, content.committee)
    letters._heading(doc, title)
    _status(doc, content)
    if with_charts and not charts.available():
        letters._paragraph(doc, "说明：服务器未安装中文字体，本文档未附统计图。")
    charts_shown = [] if with_charts else None
    for number, section in enumerate(content.sections, start=1):
        _section(doc, number, section, year, content.figures, charts_shown)
    _appendix(doc, content)
    return letters._bytes(doc)
