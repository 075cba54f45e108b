"""A citizen on a phone opens an open consultation on the portal, comments on an
article and gets a tracking code (Debian's chromium driven by Playwright)."""

from conftest import browser_test
from renda.consultations.models import Comment
from renda.consultations.tests.fixtures import *  # noqa: F403

pytestmark = browser_test


def test_a_citizen_comments_on_an_article_on_a_phone(browser, live_server, open_consultation):
    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.set_default_timeout(10_000)
    phone.goto(f"{live_server.url}/portal/consultations/")
    assert phone.inner_text("#consultation-count") == "1"
    with phone.expect_navigation():
        phone.click(f"#consultations [data-consultation='{open_consultation.pk}']")
    assert phone.inner_text("#title") == open_consultation.title
    article = phone.locator("#art_2")
    assert "本条例所称测试" in article.inner_text()
    article.locator("summary").click()
    form = article.locator("form.comment-form")
    form.locator("textarea[name=text]").fill("建议第二款中的“检验”改为“检验检测”。")
    form.locator("input[name=citizen_contact]").fill("13800001111")
    with phone.expect_navigation():
        form.locator("button[type=submit]").click()
    code = phone.inner_text("#tracking-code").strip()
    comment = Comment.objects.get()
    assert code == comment.tracking_code
    assert comment.provision == "art_2" and comment.citizen_contact == "13800001111"
    assert phone.inner_text("#provision") == "第二条"
    # mobile-first: nothing wider than the screen, no login asked
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert "/login/" not in phone.url
    # the code alone opens the comment
    phone.goto(f"{live_server.url}/portal/consultations/track/")
    phone.fill("input[name=code]", code)
    with phone.expect_navigation():
        phone.click("button[type=submit]")
    assert phone.inner_text("#tracking-code") == code
    assert phone.get_attribute("#decision", "data-decision") == ""
