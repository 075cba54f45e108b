"""The year's figures as JSON and as an Excel workbook (the command and the downloads)."""

import io

from openpyxl import Workbook

from renda.reports.annual import AnnualContent, build


def as_dict(content: AnnualContent) -> dict:
    return {
        "year": content.year,
        "year_in_progress": content.year_in_progress,
        "figures": content.figures,
        "incomplete": content.incomplete,
        "sections": [
            {
                "key": section.section.key,
                "title": section.section.title,
                "text": section.prose,
                "figures": [line.figure.key for line in section.lines],
            }
            for section in content.sections
        ],
        "how_counted": {
            line.figure.key: {"label": str(line.figure.label), "how": str(line.figure.how)}
            for line in content.lines
        },
    }


def as_xlsx(year: int) -> bytes:
    content = build(year)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(year)
    sheet.append(["部分", "代码", "指标", "数值", "尚未办结", "统计口径"])
    for section in content.sections:
        for line in section.lines:
            sheet.append(
                [
                    section.section.title,
                    line.figure.key,
                    str(line.figure.label),
                    line.value,
                    line.pending["pending"] if line.pending else None,
                    str(line.figure.how),
                ]
            )
    for column, width in zip("ABCDEF", (30, 40, 30, 10, 10, 80), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
