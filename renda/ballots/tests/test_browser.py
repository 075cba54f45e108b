"""A member votes on a tablet-sized screen in a real browser; the office closes and
publishes; the public result shows the counts."""

from conftest import browser_test
from renda.ballots import services
from renda.ballots.tests.helpers import HELD_ON

pytestmark = browser_test


def test_a_member_votes_on_a_tablet(browser, live_server, world):
    office_user = world.users["office_staff"]
    ballot = services.assess_department(
        department=world.unit,
        topic="",
        term=world.term,
        held_on=HELD_ON,
        session=None,
        actor=office_user,
    )
    services.open_ballot(ballot, actor=office_user)

    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    member = context.new_page()
    member.set_default_timeout(10_000)
    member.goto(f"{live_server.url}/login/")
    member.fill("#id_username", "t-member")
    member.fill("#id_password", "pw-for-tests-1")
    with member.expect_navigation():
        member.click("button[type=submit]")
    with member.expect_navigation():
        member.click(f"#todo a[href='/ballots/{ballot.pk}/vote/']")
    member.click("#vote-form button[data-code=satisfied]")  # htmx swaps the panel
    member.wait_for_selector("#vote-recorded")
    assert member.url.endswith(f"/ballots/{ballot.pk}/vote/")
    assert ballot.options.get(code="satisfied").count == 1

    office = context.new_page()
    office.goto(f"{live_server.url}/login/")
    context.clear_cookies()
    office.goto(f"{live_server.url}/login/")
    office.fill("#id_username", "t-office")
    office.fill("#id_password", "pw-for-tests-1")
    with office.expect_navigation():
        office.click("button[type=submit]")
    office.goto(f"{live_server.url}/ballots/{ballot.pk}/")
    with office.expect_navigation():
        office.click("#action-close button")
    with office.expect_navigation():
        office.click("#action-publish button")
    assert office.get_attribute("#ballot-state", "data-state") == "published"
    public = browser.new_context().new_page()
    public.goto(f"{live_server.url}/ballots/results/{ballot.pk}/")
    assert public.inner_text("#tally tr[data-option=satisfied] .count") == "1"
    assert public.inner_text("#participants") == "1"
