"""A citizen's opinion in a real browser: submitted on the portal on a phone-sized
screen, routed and answered in the workbench, followed and evaluated with the code."""

from conftest import browser_test
from renda.handling import services as handling
from renda.opinions.models import PublicOpinion

pytestmark = browser_test

TEXT = "建设路与中兴路交叉口的红绿灯坏了一周，早高峰堵车严重，请尽快维修。"


def test_citizen_submits_tracks_and_evaluates(browser, live_server, world):
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.set_default_timeout(10_000)
    phone.goto(f"{live_server.url}/portal/opinions/")
    phone.select_option("#id_category", "transport")
    phone.fill("#id_text", TEXT)
    phone.fill("#id_submitter_phone", "13812345678")
    with phone.expect_navigation():
        phone.click("#opinion-form button[type=submit]")
    code = phone.inner_text("#tracking-code").strip()
    opinion = PublicOpinion.objects.get(tracking_code=code)
    assert opinion.channel == "portal"
    # the page fits the phone: nothing wider than the screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    office = world.users["office_staff"]
    handling.assign_case(opinion.case, lead_unit=world.unit, actor=office)
    handling.reply_case(
        opinion.case,
        unit=world.unit,
        text="信号灯已修复。",
        reply_class="A",
        contact_person="王科长",
        channel="platform",
        actor=world.users["unit_handler"],
    )

    phone.goto(f"{live_server.url}/portal/opinions/track/")
    phone.fill("#id_code", code.lower())
    with phone.expect_navigation():
        phone.click("button[type=submit]")
    assert phone.inner_text("#reply") == "信号灯已修复。"
    assert phone.inner_text("#unit") == world.unit.name
    assert "13812345678" not in phone.content()
    phone.check("#id_result_0")
    with phone.expect_navigation():
        phone.click("#evaluate-form button[type=submit]")
    assert phone.inner_text("#status") == "已办结"
    opinion.case.refresh_from_db()
    assert opinion.case.final_evaluation == "satisfied"
