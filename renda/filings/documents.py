"""The annual filing-and-review report (R66) as .docx, in the house style of the
handling letters: the year's figures, the documents filed and reviewed, the late
filings, the corrections, the review requests and each issuer's coverage."""

from renda.filings import services
from renda.filings.figures import filing_review_coverage, normative_documents_reviewed
from renda.filings.models import CorrectionNotice, Filing, Review, ReviewRequest
from renda.handling import documents as letters

OUTCOMES = {"amended": "制定机关已修改", "repealed": "制定机关已废止", "revoked": "常委会已撤销"}
TYPES = {
    "active": "主动审查",
    "on_request": "依申请审查",
    "transferred": "移送审查",
    "thematic": "专项审查",
    "joint": "联合审查",
}


def annual_report(year: int) -> bytes:
    committee = letters.committee_name()
    title = f"关于{year}年度规范性文件备案审查工作情况的报告"
    filings = list(
        Filing.objects.filter(filed_on__year=year)
        .select_related("issuer")
        .order_by("filed_on", "pk")
    )
    reviews = list(
        Review.objects.filter(state=Review.State.FINISHED, finished_on__year=year)
        .select_related("filing__issuer")
        .order_by("finished_on", "pk")
    )
    corrections = list(
        CorrectionNotice.objects.filter(review__in=[r.pk for r in reviews])
        .select_related("review__filing__issuer")
        .order_by("pk")
    )
    requests = list(ReviewRequest.objects.filter(submitted_at__year=year).order_by("pk"))
    late = [f for f in filings if f.is_late]
    returned = [f for f in filings if f.times_returned]
    reviewed = normative_documents_reviewed(year)
    coverage = filing_review_coverage(year)
    rows = services.coverage(year)

    doc = letters._new_document(title)
    letters._red_header(doc, committee)
    letters._heading(doc, title)
    letters._paragraph(
        doc,
        f"{year}年，共收到报送备案的规范性文件{len(filings)}件，其中逾期报送{len(late)}件，"
        f"经形式审查退回补正{len(returned)}件；审查规范性文件{reviewed}件，"
        f"备案审查覆盖率{coverage:.0%}。发现问题并督促纠正{len(corrections)}件，"
        f"收到公民、组织审查建议{len(requests)}件。",
        indent=True,
    )
    letters._spacer(doc)
    letters._paragraph(doc, "一、主要数据")
    letters._table(
        doc,
        [
            ("报送备案", f"{len(filings)}件"),
            ("逾期报送", f"{len(late)}件"),
            ("审查完成", f"{reviewed}件"),
            ("覆盖率", f"{coverage:.0%}"),
            ("督促纠正", f"{len(corrections)}件"),
            ("审查建议", f"{len(requests)}件"),
        ],
    )
    letters._spacer(doc)
    letters._paragraph(doc, "二、审查的规范性文件")
    for number, review in enumerate(reviews, start=1):
        finding = "发现问题" if review.finding == Review.Finding.PROBLEM else "未发现问题"
        letters._paragraph(
            doc,
            f"{number}. {review.filing.issuer.name}《{review.filing.title}》"
            f"（{review.filing.document_number}），{TYPES.get(review.type, '')}，{finding}。",
            indent=True,
        )
    if late:
        letters._paragraph(doc, "三、逾期报送备案的文件")
        for f in late:
            letters._paragraph(
                doc,
                f"{f.issuer.name}《{f.title}》，公布后第{f.days_after_publication}日报送。",
                indent=True,
            )
    letters._paragraph(doc, "四、纠正情况")
    for c in corrections or []:
        outcome = OUTCOMES.get(c.outcome, "正在督促纠正")
        letters._paragraph(
            doc, f"《{c.review.filing.title}》：{c.opinion[:200]}（{outcome}）", indent=True
        )
    if not corrections:
        letters._paragraph(doc, letters.NONE, indent=True)
    letters._paragraph(doc, "五、审查建议办理情况")
    for r in requests:
        state = "已反馈" if r.state == ReviewRequest.State.ANSWERED else "办理中"
        letters._paragraph(doc, f"关于《{r.document_title}》的审查建议：{state}。", indent=True)
    if not requests:
        letters._paragraph(doc, letters.NONE, indent=True)
    letters._paragraph(doc, "六、年度文件目录报送及备案情况")
    for row in rows:
        missing = "、".join(e.document_number for e in row["missing"]) or letters.NONE
        letters._paragraph(
            doc,
            f"{row['issuer'].name}：目录{row['listed']}件，已备案{row['filed']}件，"
            f"未备案：{missing}。",
            indent=True,
        )
    if not rows:
        letters._paragraph(doc, letters.NONE, indent=True)
    letters._spacer(doc)
    letters._right(doc, letters.office_name(committee))
    return letters._bytes(doc)
