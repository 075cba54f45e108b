"""A few flows in a real browser: Playwright driving Debian's Chromium.

Skipped, with a reason, where /usr/bin/chromium is not installed (.ci/run installs it).
"""

import pytest

from conftest import browser_test

pytestmark = browser_test


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(10_000)
    return context.new_page()


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_office_staff_searches_deputies_and_switches_to_english(page, live_server, world):
    _log_in(page, live_server, "t-office")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    with page.expect_navigation():
        page.click("a[href='/deputies/']")
    assert page.locator("#list-table tbody tr").count() == 2
    page.fill("#list-search", "他代表")
    # htmx swaps the table in place and pushes the search into the address bar
    page.wait_for_function("document.querySelectorAll('#list-table tbody tr').length === 1")
    assert "q=" in page.evaluate("window.location.search")
    assert "他代表" in page.inner_text("#list-table")
    with page.expect_navigation():
        page.select_option("#language-form select", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Deputies"


def test_unit_handler_sees_only_their_unit(page, live_server, world):
    _log_in(page, live_server, "t-unit")
    assert page.locator("aside a[href='/deputies/']").count() == 0
    with page.expect_navigation():
        page.click("aside a[href='/organisations/']")
    rows = page.locator("#list-table tbody tr")
    assert rows.count() == 1
    assert world.unit.name in rows.first.inner_text()
    response = page.goto(f"{live_server.url}/deputies/")
    assert response.status == 403
