"""The portal's livelihood-project pages in a real browser on a phone-sized screen: the
year's list with each project's progress, one project with its milestones, progress
reports and the deputies' inspections — and nothing internal."""

import datetime as dt

from conftest import browser_test
from renda.supervision import services_projects as services
from renda.supervision.tests.fixtures_projects import *  # noqa: F403

pytestmark = browser_test


def test_a_citizen_follows_a_livelihood_project_on_a_phone(
    browser, live_server, world, office, running_project, today
):
    unit = world.users["unit_handler"]
    first = running_project.milestones.order_by("position").first()
    services.complete_milestone(first, done_on=dt.date(2023, 2, 25), actor=unit)
    services.report_progress(running_project, percent=55, text="主体工程完工过半", actor=unit)
    services.record_inspection(
        running_project,
        date=dt.date(2023, 2, 27),
        deputies=[world.deputy, world.other_deputy],
        findings="施工有序，群众满意",
        actor=world.users["deputy"],
    )
    services.update_project(running_project, notes="内部工作备注", actor=office)

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.set_default_timeout(10_000)
    phone.goto(f"{live_server.url}/portal/livelihood/?year=2023")
    assert phone.inner_text("#project-count") == "1"
    item = phone.locator(f"#projects [data-project='{running_project.pk}']")
    assert running_project.title in item.inner_text()
    assert item.locator(".progress-bar").get_attribute("data-percent") == "55"
    with phone.expect_navigation():
        item.click()
    assert phone.inner_text("#title") == running_project.title
    assert phone.get_attribute("#state", "data-state") == "in_progress"
    assert phone.inner_text("#lead-unit") == world.unit.name
    assert phone.get_attribute("#percent", "data-percent") == "55"
    done = phone.locator("#milestones li[data-done='1']")
    assert done.count() == 1 and first.title in done.inner_text()
    assert phone.locator("#milestones li[data-done='0']").count() == 1
    assert "主体工程完工过半" in phone.inner_text("#progress-reports")
    inspection = phone.inner_text("#inspections")
    assert "施工有序，群众满意" in inspection and world.other_deputy.person.name in inspection
    content = phone.content()
    for secret in ("内部工作备注", world.unit.contact_phone, world.other_deputy.person.mobile):
        assert secret not in content
    # mobile-first: nothing wider than the screen, no login asked
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert "/login/" not in phone.url
