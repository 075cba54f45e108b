"""The portal's pages (no login) and the summary report read back with python-docx."""

import io

import docx
import pytest
from django.urls import reverse

from renda.consultations import services
from renda.consultations.models import Comment
from renda.consultations.tests.fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_a_citizen_comments_on_an_article_on_the_portal(open_consultation, client):
    listing = client.get(reverse("consultations-portal:list"))
    assert listing.status_code == 200
    assert [c.pk for c in listing.context["consultations"]] == [open_consultation.pk]
    page = client.get(reverse("consultations-portal:detail", args=[open_consultation.pk]))
    assert page.status_code == 200
    assert [a["ref"] for a in page.context["articles"]] == ["art_1", "art_2", "art_3", "art_4"]
    tokens = {a["token"] for a in page.context["articles"]} | {page.context["whole_token"]}
    assert len(tokens) == 5  # one token per form
    url = reverse("consultations-portal:comment", args=[open_consultation.pk])
    data = {
        "provision": "art_3",
        "text": "建议增加报告的时限要求。",
        "citizen_name": "",
        "citizen_contact": "",
        "client_token": "portal-1",
    }
    r = client.post(url, data)
    assert r.status_code == 200
    comment = Comment.objects.get()
    assert comment.tracking_code in r.content.decode()
    assert comment.provision_label == "第三条" and comment.channel == "portal"
    # the same form sent twice: one comment, the same code shown
    again = client.post(url, data)
    assert comment.tracking_code in again.content.decode()
    assert Comment.objects.count() == 1
    # bad input: the page again with the form open, nothing stored
    bad = client.post(url, {**data, "client_token": "portal-2", "text": "短"})
    assert bad.status_code == 400 and Comment.objects.count() == 1
    bad = client.post(url, {**data, "client_token": "portal-3", "provision": "art_99"})
    assert bad.status_code == 400 and Comment.objects.count() == 1
    # the track page
    assert client.get(reverse("consultations-portal:track")).status_code == 200
    status = client.post(reverse("consultations-portal:track"), {"code": comment.tracking_code})
    assert status.status_code == 200 and status.context["info"]["decision"] == ""


def test_portal_shows_nothing_internal(open_consultation, client, office):
    services.add_comment(
        open_consultation,
        text="带联系方式的意见。",
        channel="portal",
        citizen_name="赵六",
        citizen_contact="13712345678",
    )
    page = client.get(reverse("consultations-portal:detail", args=[open_consultation.pk])).content
    assert b"13712345678" not in page and "赵六".encode() not in page


def test_the_summary_report_lists_comments_per_article(
    open_consultation, office, client_for, point
):
    made = []
    for provision, text, who in (
        ("art_3__para_1__point_2", "建议明确事故报告时限。", {"channel": "portal"}),
        ("", "总体上赞成本条例。", {"channel": "portal", "citizen_name": "钱七"}),
        ("art_1", "建议写明上位法依据。", {"channel": "contact_point", "contact_point": point}),
        ("art_3", "建议增加兜底条款。", {"channel": "portal", "citizen_contact": "13800000001"}),
    ):
        comment, _ = services.add_comment(open_consultation, text=text, provision=provision, **who)
        made.append(comment)
    services.decide_adoption(made[0], decision="adopted", reason="已增加时限。", actor=office)
    services.decide_adoption(
        made[2], decision="not_adopted", reason="上位法已有规定。", actor=office
    )
    r = client_for("leader").get(reverse("consultations:summary", args=[open_consultation.pk]))
    assert r.status_code == 200
    assert "wordprocessingml" in r["Content-Type"]
    document = docx.Document(io.BytesIO(r.content))
    lines = [p.text for p in document.paragraphs]
    text = "\n".join(lines)
    assert "征求意见情况汇总" in lines[0]
    # in article order: the whole text, then 第一条, then 第三条
    order = [lines.index(h) for h in ("总体意见", "第一条", "第三条")]
    assert order == sorted(order)
    assert text.index("总体上赞成") < text.index("上位法依据") < text.index("兜底条款")
    assert "处理意见：采纳。已增加时限。" in text
    assert "处理意见：未采纳。上位法已有规定。" in text
    assert "处理意见：待研究" in text
    assert point.name in text
    assert "13800000001" not in text  # no contact data in the report
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    channels = dict(tables[0][1:])
    assert channels["网上征求意见平台"] == "3" and channels["基层立法联系点"] == "1"
    assert channels["合计"] == "4"
    decisions = dict(tables[1][1:])
    assert decisions == {"采纳": "1", "未采纳": "1", "待研究": "2", "合计": "4"}
    # an expert (not committee side) gets no report
    assert (
        client_for("expert")
        .get(reverse("consultations:summary", args=[open_consultation.pk]))
        .status_code
        == 403
    )


def test_a_contact_points_account_lands_on_its_point(point, other_point, linked_user, client):
    client.force_login(linked_user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:point-detail", args=[point.pk])
    # without a point of its own, an account without a role is still refused
    point.users.clear()
    assert client.get(reverse("core:home")).status_code == 403


def test_an_expert_reads_only_their_own_comments_and_no_tracking_codes(
    open_consultation, expert_account, client_for
):
    citizen, _ = services.add_comment(
        open_consultation, text="公民意见全文", channel="portal", citizen_name="张三公民"
    )
    own, _ = services.add_comment(
        open_consultation,
        text="专家本人意见",
        channel="expert",
        provision="art_1",
        expert=expert_account,
        actor=expert_account.user,
    )
    url = reverse("consultations:detail", args=[open_consultation.pk])
    page = client_for("expert").get(url).content.decode()
    assert "专家本人意见" in page
    assert "公民意见全文" not in page and "张三公民" not in page
    assert citizen.tracking_code not in page and own.tracking_code not in page
    counts = client_for("expert").get(
        reverse("api:consultation-provisions", args=[open_consultation.pk])
    )
    assert sum(row["comment_count"] for row in counts.json()) == 1
    office_page = client_for("office_staff").get(url).content.decode()
    assert "公民意见全文" in office_page and citizen.tracking_code in office_page
