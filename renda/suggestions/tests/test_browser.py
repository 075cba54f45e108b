"""A suggestion's whole life in a real browser: the deputy submits, the office
registers and assigns, the unit replies, the deputy evaluates."""

from conftest import browser_test

pytestmark = browser_test


def as_user(browser, live_server, username):
    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-1")
    with page.expect_navigation():
        page.click("button[type=submit]")
    return page


def submit_form(page, selector):
    with page.expect_navigation():
        page.click(f"{selector} button[type=submit]")


def test_a_suggestion_from_draft_to_completion(browser, live_server, world, session):
    deputy = as_user(browser, live_server, "t-deputy")
    deputy.goto(f"{live_server.url}/suggestions/new/")
    deputy.select_option("#id_type", "suggestion")
    deputy.select_option("#id_session", str(session.pk))
    deputy.fill("#id_title", "关于增设社区养老服务点的建议")
    deputy.fill("#id_text", "建议在新华区增设社区养老服务点。")
    deputy.select_option("#id_category", "social")
    with deputy.expect_navigation():
        deputy.click("button[name=submit]")
    assert deputy.inner_text("#item-state") == "已提交，待审查"

    office = as_user(browser, live_server, "t-office")
    office.goto(deputy.url)
    submit_form(office, "#review-register")
    office.select_option("#id_assign-lead_unit", str(world.unit.pk))
    submit_form(office, "#action-assign")
    assert office.inner_text("#case-state") == "已交办，办理中"
    case_url = office.url

    unit = as_user(browser, live_server, "t-unit")
    with unit.expect_navigation():
        unit.click("aside a[href='/handling/inbox/']")
    with unit.expect_navigation():
        unit.click("#list-table tbody tr a")
    unit.fill("#id_reply-text", "已在三个社区设立养老服务点。")
    unit.select_option("#id_reply-reply_class", "A")
    unit.fill("#id_reply-contact_person", "李科长")
    submit_form(unit, "#action-reply")
    assert unit.inner_text("#case-state") == "已答复，待评价"

    deputy.goto(f"{live_server.url}/")
    assert "关于增设社区养老服务点的建议" in deputy.inner_text("#todo")
    deputy.goto(case_url)
    deputy.select_option("#id_evaluate-result", "satisfied")
    submit_form(deputy, "#action-evaluate")
    assert deputy.inner_text("#case-state") == "已办结"
