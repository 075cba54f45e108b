"""Word documents of a committee session: the minutes (会议记录) and the session
summary (会议纪要). Written from the records whatever the session's state; what is not
known yet is written as such. Page set-up and fonts are those of the handling letters."""

from renda.core.models import Session
from renda.handling import documents as letters
from renda.meetings.models import AgendaItem, MemberAttendance, Observer
from renda.meetings.services import details_of, quorum

NOT_YET = "（尚未记录）"


def _title(session: Session) -> str:
    """平顶山市第十二届人大常委会第三次会议."""
    term = f"第{letters.chinese_number(session.term.number)}届"
    name = letters.committee_name()
    body = name.replace("人大常委会", f"{term}人大常委会") if "人大常委会" in name else name + term
    return f"{body}第{letters.chinese_number(session.number)}次会议"


def _dates(session: Session) -> str:
    end = session.end_date or session.start_date
    start = letters._date(session.start_date)
    return start if end == session.start_date else f"{start}至{letters._date(end)}"


def _agenda_lines(session: Session) -> list[str]:
    items = AgendaItem.objects.filter(session=session).select_related("ballot").order_by("position")
    lines = []
    for item in items:
        line = f"{letters.chinese_number(item.position)}、{item.title}"
        if item.presenter:
            line += f"（{item.presenter}）"
        ballot = item.ballot
        if ballot is not None and ballot.passed is not None:
            line += "　表决结果：" + ("通过" if ballot.passed else "未通过")
        lines.append(line)
    return lines


def _attendance(session: Session) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {s: [] for s in MemberAttendance.Status.values}
    rows = MemberAttendance.objects.filter(session=session).select_related("member__person")
    for row in rows.order_by("member__post", "member__pk"):
        groups[row.status].append(row.member.person.name)
    return groups


def _observers(session: Session) -> tuple[list[str], int]:
    rows = Observer.objects.filter(session=session).select_related("organisation")
    heads = [
        f"{o.organisation.name if o.organisation_id else ''}{o.post}{o.name}"
        for o in rows.exclude(kind=Observer.Kind.DEPUTY)
    ]
    deputies = rows.filter(kind=Observer.Kind.DEPUTY, attended=True).count()
    return heads, deputies


def _rows(session: Session) -> list[tuple[str, str]]:
    details = details_of(session)
    count = quorum(session)
    groups = _attendance(session)
    heads, deputies = _observers(session)
    return [
        ("会议", _title(session)),
        ("时间", _dates(session)),
        ("地点", details.place or NOT_YET),
        ("主持人", details.presided_by.name if details.presided_by_id else NOT_YET),
        (
            "出席",
            f"应到{count.members}人，实到{count.present}人"
            + ("，符合法定人数" if count.met else "，未达法定人数")
            + ("\n" + "、".join(groups["present"]) if groups["present"] else ""),
        ),
        ("请假", "、".join(groups["on_leave"]) or letters.NONE),
        ("缺席", "、".join(groups["absent"]) or letters.NONE),
        (
            "列席",
            "；".join([*heads, f"市人大代表{deputies}名"]) if heads or deputies else letters.NONE,
        ),
    ]


def minutes(session: Session) -> bytes:
    """会议记录: who was there, the agenda and what was recorded."""
    details = details_of(session)
    doc = letters._new_document(f"{_title(session)}记录")
    letters._red_header(doc, letters.committee_name())
    letters._heading(doc, f"{_title(session)}记录")
    letters._table(doc, _rows(session))
    letters._spacer(doc)
    letters._paragraph(doc, "会议议程：")
    for line in _agenda_lines(session) or [NOT_YET]:
        letters._paragraph(doc, line, indent=True)
    letters._spacer(doc)
    letters._paragraph(doc, "会议记录：")
    for line in (details.minutes or NOT_YET).splitlines():
        letters._paragraph(doc, line, indent=True)
    return letters._bytes(doc)


def summary(session: Session) -> bytes:
    """会议纪要: the session in a page, for the record and the deputies."""
    details = details_of(session)
    count = quorum(session)
    heads, deputies = _observers(session)
    doc = letters._new_document(f"{_title(session)}纪要")
    letters._red_header(doc, letters.committee_name())
    letters._heading(doc, f"{_title(session)}纪要")
    opening = (
        f"{_dates(session)}，{_title(session)}在{details.place or '（地点未记录）'}举行。"
        f"会议应到常委会组成人员{count.members}人，实到{count.present}人，"
        + ("符合法定人数。" if count.met else "未达法定人数。")
    )
    if heads or deputies:
        opening += "列席会议的有：" + "、".join(
            heads + ([f"市人大代表{deputies}名"] if deputies else [])
        )
        opening += "。"
    letters._paragraph(doc, opening, indent=True)
    lines = _agenda_lines(session)
    if lines:
        letters._paragraph(doc, "会议审议了以下事项：", indent=True)
        for line in lines:
            letters._paragraph(doc, line, indent=True)
    for line in (details.summary or "").splitlines():
        letters._paragraph(doc, line, indent=True)
    letters._spacer(doc)
    letters._right(doc, letters.office_name(letters.committee_name()))
    return letters._bytes(doc)
