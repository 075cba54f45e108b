"""The assignment sheet (交办单) and the reply letter (答复函), built from cases made
through the real services and read back as a user would read the Word file."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import docx
import pytest
from docx.oxml.ns import qn

from renda.core import clock
from renda.core.models import Organisation, Session
from renda.core.tests.factories import DeputyFactory, OrganisationFactory, PersonFactory, make_user
from renda.handling import services
from renda.handling.documents import (
    assignment_sheet,
    chinese_number,
    deadline_in_words,
    reply_class_line,
    reply_letter,
)
from renda.handling.models import Reply
from renda.suggestions import services as suggestions
from renda.suggestions.models import Suggestion

pytestmark = pytest.mark.django_db

TITLE = "关于加强老旧小区改造的建议"


@pytest.fixture
def today(monkeypatch):
    day = {"value": dt.date(2023, 3, 1)}
    monkeypatch.setattr(clock, "today", lambda: day["value"])
    return day


@pytest.fixture
def session(world):
    return Session.objects.create(
        term=world.term, body="congress", number=1, start_date=dt.date(2023, 1, 6)
    )


@pytest.fixture
def bodies(db):
    committee = OrganisationFactory(
        name="平顶山市人大常委会",
        kind=Organisation.Kind.STANDING_COMMITTEE,
        is_handling_unit=False,
    )
    office = OrganisationFactory(
        name="平顶山市人大常委会代表工作委员会",
        kind=Organisation.Kind.OFFICE,
        is_handling_unit=False,
    )
    return committee, office


def registered(world, session, *, title=TITLE, type="suggestion", co_signers=(), **register):
    lead = DeputyFactory(term=world.term, person__name="张卫国")
    item = Suggestion.objects.create(
        type=type,
        state=Suggestion.State.SUBMITTED,
        session=session,
        title=title,
        text="建议……",
        category="urban",
        lead_deputy=lead,
        delegation=lead.delegation if type == "motion" else None,
    )
    item.co_signers.set(co_signers)
    item = suggestions.register(item, actor=world.users["office_staff"], **register)
    return item


def assigned(world, item, **units):
    services.assign_case(
        item.case, lead_unit=world.unit, actor=world.users["office_staff"], **units
    )
    item.case.refresh_from_db()
    return item.case


def reply(world, case, **fields):
    values = {
        "text": "经研究，已列入明年计划。\n\n明年将改造10个小区。",
        "reply_class": "A",
        "contact_person": "王科长",
        "contact_phone": "0375-2220002",
        "channel": "written",
    }
    values.update(fields)
    return services.reply_case(case, unit=world.unit, actor=world.users["unit_handler"], **values)


def open_docx(data: bytes) -> docx.document.Document:
    assert data.startswith(b"PK")  # a zip, as every .docx is
    return docx.Document(io.BytesIO(data))


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in open_docx(data).paragraphs if p.text.strip()]


def rows(data: bytes) -> dict[str, str]:
    table = open_docx(data).tables[0]
    return {row.cells[0].text: row.cells[1].text for row in table.rows}


# --- the assignment sheet ------------------------------------------------------------------
def test_sheet_of_an_assigned_suggestion_names_units_dates_rule_and_deputies(
    world, session, today, bodies
):
    assisting = OrganisationFactory(name="市财政局")
    joint = OrganisationFactory(name="市自然资源局")
    item = registered(world, session, co_signers=[world.deputy, world.other_deputy])
    case = assigned(world, item, assisting_units=[assisting], joint_units=[joint])
    services.mark_key(
        case, lead_leader=PersonFactory(name="李主任"), actor=world.users["office_staff"]
    )
    case.refresh_from_db()

    data = assignment_sheet(case)

    text = paragraphs(data)
    assert text[0] == "平顶山市人大常委会"
    assert text[1] == "代表建议交办单"
    assert text[-2:] == ["平顶山市人大常委会代表工作委员会", "2023年3月1日"]
    table = rows(data)
    assert table["编号"] == "12-1-建议-0001"
    assert table["标题"] == TITLE
    assert table["提出会议"] == "第十二届人民代表大会第一次会议"
    assert table["领衔代表"] == "张卫国"
    assert table["联名代表"] == "本代表、他代表"
    assert table["主办单位"] == "本单位住建局"
    assert table["协办单位"] == "市财政局"
    assert table["会办单位"] == "市自然资源局"
    assert table["交办日期"] == "2023年3月1日"
    limit = table["办理时限"]
    assert "2023年6月1日前答复" in limit  # R12: three months
    assert "3个月（代表法第五十一条）" in limit
    assert (
        "协办、会办单位于2023年5月1日前向主办单位提出意见，时限2个月（河南省人大代表建议办理办法）"
        in limit
    )  # R14: two months for the assisting and joint units' views
    assert table["是否重点"] == "是（领办领导：李主任）"


def test_sheet_of_a_difficult_item_shows_six_months_and_the_reason(world, session, today):
    item = registered(world, session, is_difficult=True, difficulty_reason="涉及多个部门和资金筹措")
    case = assigned(world, item)

    table = rows(assignment_sheet(case))

    assert "2023年9月1日前答复" in table["办理时限"]
    assert (
        "6个月（代表法第五十一条；涉及面广、处理难度大：涉及多个部门和资金筹措）"
        in table["办理时限"]
    )
    assert table["协办单位"] == table["会办单位"] == "无"
    assert table["联名代表"] == "无"
    assert table["是否重点"] == "否"


def test_sheet_before_assignment_and_without_a_committee_row(world, session, today):
    item = registered(world, session)

    data = assignment_sheet(item.case)

    text = paragraphs(data)
    assert text[0] == "人大常委会"  # no standing committee organisation: the generic name
    assert text[-2:] == ["人大常委会", "2023年3月1日"]
    table = rows(data)
    assert table["编号"] == "12-1-建议-0001"
    assert table["主办单位"] == table["交办日期"] == table["办理时限"] == "（尚未交办）"


def test_sheet_after_a_return_and_after_reassignment(world, session, today):
    first_helper = OrganisationFactory(name="市交通局")
    case = assigned(world, registered(world, session), assisting_units=[first_helper])
    lead = case.assignments.get(role="lead")
    services.return_assignment(lead, reason="不属于本单位职责", actor=world.users["unit_handler"])
    case.refresh_from_db()

    table = rows(assignment_sheet(case))
    assert table["主办单位"] == "本单位住建局（已退回，待重新交办）"

    today["value"] = dt.date(2023, 3, 6)
    new_lead = OrganisationFactory(name="市城市管理局")
    services.reassign_case(case, lead_unit=new_lead, actor=world.users["office_staff"])
    case.refresh_from_db()

    table = rows(assignment_sheet(case))
    assert table["主办单位"] == "市城市管理局"
    assert table["协办单位"] == "无"  # the first round's assisting unit is no longer involved
    assert table["交办日期"] == "2023年3月6日"
    assert "2023年6月6日前答复" in table["办理时限"]


def test_sheet_after_rehandling_gives_the_rehandle_rule(world, session, today):
    item = registered(world, session)
    deputy_user = make_user("t-zhang", "deputy", person=item.lead_deputy.person)
    case = assigned(world, item)
    reply(world, case)
    services.evaluate_case(case, result="dissatisfied", actor=deputy_user, comment="太慢")
    case.refresh_from_db()

    table = rows(assignment_sheet(case))

    assert "2023年4月1日前答复" in table["办理时限"]
    assert "1个月（重新办理；河南省人大代表建议办理办法）" in table["办理时限"]


def test_sheet_of_a_motion_and_of_another_kind(world, session, today):
    motion = registered(world, session, title="关于制定物业管理条例的议案", type="motion")
    motion_sheet = assignment_sheet(assigned(world, motion))
    assert paragraphs(motion_sheet)[1] == "代表议案交办单"
    assert rows(motion_sheet)["编号"] == "12-1-议案-0001"
    assert rows(motion_sheet)["提出代表团"] == motion.delegation.name

    case = services.open_case(
        "public_opinion", title="小区噪音扰民", reference="", actor=world.users["office_staff"]
    )
    data = assignment_sheet(case)
    assert paragraphs(data)[1] == "交办单"
    table = rows(data)
    assert table["编号"] == "（未编号）"
    assert "领衔代表" not in table


def test_chinese_fonts_are_set_for_every_run_and_the_defaults(world, session, today):
    case = assigned(world, registered(world, session))
    document = open_docx(assignment_sheet(case))

    runs = document.element.body.iter(qn("w:r"))
    faces = {r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in runs}
    assert faces == {"宋体", "黑体", "方正小标宋简体"}
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would override the name
    masthead = document.paragraphs[0].runs[0]
    assert masthead.font.color.rgb is not None and str(masthead.font.color.rgb) == "C00000"
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


# --- the reply letter ------------------------------------------------------------------------
def test_b_class_reply_letter(world, session, today):
    item = registered(world, session, co_signers=[world.deputy])
    case = assigned(world, item)
    answer = reply(
        world,
        case,
        reply_class="B",
        promised_action="改造10个小区",
        promised_date=dt.date(2023, 12, 31),
    )
    # 17:30 UTC is already the next day in Shanghai.
    Reply.objects.filter(pk=answer.pk).update(
        replied_at=dt.datetime(2023, 5, 10, 17, 30, tzinfo=dt.UTC)
    )
    answer.refresh_from_db()

    text = paragraphs(reply_letter(answer))

    assert text[0] == f"关于市人大代表张卫国等同志所提《{TITLE}》的答复"
    assert text[1] == "（12-1-建议-0001）"
    assert text[2] == "尊敬的张卫国代表："
    assert text[3:5] == ["经研究，已列入明年计划。", "明年将改造10个小区。"]
    assert text[5] == (
        "答复类别：B类（正在解决或列入计划解决，承诺事项：改造10个小区，"
        "承诺完成时间：2023年12月31日）"
    )
    assert text[6] == "联系人：王科长    联系电话：0375-2220002"
    assert text[-2:] == ["本单位住建局", "2023年5月11日"]
    right = [p for p in open_docx(reply_letter(answer)).paragraphs if p.text == "本单位住建局"]
    assert right[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT


def test_a_class_letter_for_a_suggestion_whose_title_lacks_the_word(world, session, today):
    case = assigned(world, registered(world, session, title="老旧小区改造"))
    answer = reply(world, case, contact_phone="")

    text = paragraphs(reply_letter(answer))

    assert text[0] == "关于市人大代表张卫国同志所提《老旧小区改造》建议的答复"
    assert "答复类别：A类（已解决或基本解决）" in text
    assert "联系人：王科长    联系电话：0375-1110001" in text  # the unit's phone stands in


def test_c_class_letter_for_another_kind_with_empty_optional_fields(world, today):
    unit = OrganisationFactory(name="市生态环境局", contact_phone="")
    handler = make_user("t-eco", "unit_handler", organisation=unit)
    case = services.open_case(
        "public_opinion", title="小区噪音扰民", reference="", actor=world.users["office_staff"]
    )
    services.assign_case(case, lead_unit=unit, actor=world.users["office_staff"])
    answer = services.reply_case(
        case,
        unit=unit,
        actor=handler,
        text="已约谈施工单位。",
        reply_class="C",
        contact_person="赵干事",
        channel="platform",
    )

    text = paragraphs(reply_letter(answer))

    assert text[0] == "关于《小区噪音扰民》办理情况的答复"
    assert text[1] == "您好："
    assert "答复类别：C类（因条件限制暂时不能解决）" in text
    assert "联系人：赵干事" in text
    local = answer.replied_at.astimezone(ZoneInfo("Asia/Shanghai")).date()
    assert text[-2:] == ["市生态环境局", f"{local.year}年{local.month}月{local.day}日"]
    assert rows(assignment_sheet(case))["主办单位"] == "市生态环境局"


def test_lines_for_unusual_classes_and_rules():
    assert reply_class_line(Reply(reply_class="D")) == "答复类别：D类"
    assert reply_class_line(Reply(reply_class="")) == "答复类别：（未分类）"
    assert reply_class_line(Reply(reply_class="B")) == "答复类别：B类（正在解决或列入计划解决）"
    assert deadline_in_words("") == ""
    assert deadline_in_words("by hand") == "by hand"
    assert deadline_in_words("handling.reply_months=3") == "3个月（代表法第五十一条）"
    assert deadline_in_words("opinions.simple_limit_workdays=5") == "5个工作日"
    assert deadline_in_words("unknown.limit_days=30") == "30日"
    assert [chinese_number(n) for n in (1, 10, 15, 20, 51, 100, 105, 110, 999)] == [
        "一",
        "十",
        "十五",
        "二十",
        "五十一",
        "一百",
        "一百零五",
        "一百一十",
        "九百九十九",
    ]
