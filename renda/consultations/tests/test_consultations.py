"""The consultations engine: R51, the lifecycle through the HTTP API to the commenter
seeing the decision by tracking code, per-provision comments, who sees what, figures."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from renda.consultations import provisions as P
from renda.consultations import services
from renda.consultations.models import Adoption, Channel, Comment, Consultation, ContactPoint
from renda.consultations.tests.fixtures import *  # noqa: F403
from renda.core.models import AuditEntry, RuleSettingValue
from renda.handling.workflow import InvalidTransition

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _create(version, office, opens, days, **kw):
    return services.create_consultation(
        version=version,
        title="征求意见",
        opens_on=opens,
        closes_on=opens + dt.timedelta(days=days - 1),
        channels=kw.pop("channels", [Channel.PORTAL]),
        actor=office,
        **kw,
    )


# --- R51 --------------------------------------------------------------------------------------
def test_R51_a_draft_regulation_is_open_for_at_least_30_days(draft_version, office, today):
    with pytest.raises(ValidationError) as refused:
        _create(draft_version, office, today.value, 29)
    assert "closes_on" in refused.value.message_dict
    assert not Consultation.objects.exists()
    consultation = _create(draft_version, office, today.value, 30)
    assert consultation.period_days == 30
    # the period is checked again when it opens (the setting may have changed meanwhile)
    RuleSettingValue.objects.update_or_create(
        key="legislation.comment_min_days", defaults={"value": 45}
    )
    with pytest.raises(ValidationError):
        services.open_consultation(consultation, actor=office)
    consultation.refresh_from_db()
    assert consultation.state == Consultation.State.DRAFT


def test_R51_a_draft_regulation_is_not_closed_before_its_closing_day(
    open_consultation, office, today
):
    with pytest.raises(InvalidTransition):
        services.close_consultation(open_consultation, actor=office)
    today.advance(29)  # the closing day itself
    services.close_consultation(open_consultation, actor=office)
    open_consultation.refresh_from_db()
    assert open_consultation.state == Consultation.State.CLOSED


def test_R51_other_texts_may_have_shorter_periods(office, today):
    from renda.legislation import services as legislation

    text = legislation.create_text(title="规范性文件", kind="normative_document", actor=office)
    version = legislation.add_version(text, text="第一条　测试。\n", actor=office)
    consultation = _create(version, office, today.value, 10)
    services.open_consultation(consultation, actor=office)
    services.close_consultation(consultation, actor=office)  # early: allowed
    assert Consultation.objects.get().state == Consultation.State.CLOSED


def test_R51_through_the_api(client_for, draft_version, today):
    office = client_for("office_staff")
    body = {
        "version": draft_version.pk,
        "title": "太短的征求意见",
        "opens_on": "2023-03-01",
        "closes_on": "2023-03-20",
        "channels": ["portal"],
    }
    r = office.post(f"{API}/consultations/", body, content_type="application/json")
    assert r.status_code == 400 and "closes_on" in r.json()["errors"]
    assert not Consultation.objects.exists()


# --- the whole way through the API ----------------------------------------------------------
def test_a_consultation_through_the_api_to_the_commenter_seeing_the_decision(
    client_for, draft_version, today, client
):
    office = client_for("office_staff")
    r = office.post(
        f"{API}/consultations/",
        {
            "version": draft_version.pk,
            "title": "测试条例公开征求意见",
            "opens_on": "2023-03-01",
            "closes_on": "2023-04-05",
            "channels": ["portal", "contact_point"],
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["state"] == "draft"
    # not on the portal while a draft
    assert client.get(f"{API}/public-consultations/").json() == []
    assert office.post(f"{API}/consultations/{pk}/open/").json()["state"] == "open"
    # a second open is an illegal move
    assert office.post(f"{API}/consultations/{pk}/open/").status_code == 409

    # a citizen (no login) reads the provisions and comments on paragraph 2 of article 2
    listed = client.get(f"{API}/public-consultations/").json()
    assert [c["id"] for c in listed] == [pk]
    detail = client.get(f"{API}/public-consultations/{pk}/").json()
    refs = [p["ref"] for p in detail["provisions"]]
    assert refs[:3] == ["", "art_1", "art_2"] and "art_3__para_1__point_2" in refs
    comment = {
        "provision": "art_2__para_2",
        "text": "建议将“检验”改为“检验检测”，含义更完整。",
        "citizen_name": "张三",
        "citizen_contact": "13800000000",
        "client_token": "tok-1",
    }
    r = client.post(
        f"{API}/public-consultations/{pk}/comments/", comment, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    code = r.json()["tracking_code"]
    assert r.json()["provision_label"] == "第二条第二款"
    # pressing submit twice stores one comment
    again = client.post(
        f"{API}/public-consultations/{pk}/comments/", comment, content_type="application/json"
    )
    assert again.status_code == 200 and again.json()["tracking_code"] == code
    assert Comment.objects.count() == 1
    # the same token for another comment: refused, the first one's code not revealed
    other = client.post(
        f"{API}/public-consultations/{pk}/comments/",
        {**comment, "text": "另一条意见的内容。"},
        content_type="application/json",
    )
    assert other.status_code == 400 and code not in other.content.decode()
    assert Comment.objects.count() == 1

    # the citizen tracks it: no decision yet
    status = client.post(
        f"{API}/public-consultations/track/", {"code": code}, content_type="application/json"
    ).json()
    assert status["decision"] == "" and status["provision_label"] == "第二条第二款"

    # the office finds it, groups it and decides
    rows = office.get(f"{API}/consultation-comments/", {"consultation": pk}).json()["results"]
    assert [row["tracking_code"] for row in rows] == [code]
    assert rows[0]["citizen_contact"] == "13800000000"  # the office sees the contact
    leader_rows = client_for("leader").get(f"{API}/consultation-comments/").json()["results"]
    assert leader_rows[0]["citizen_contact"] == ""  # others do not
    cid = rows[0]["id"]
    r = office.post(
        f"{API}/consultation-comments/{cid}/group/",
        {"theme": "用语"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["theme"] == "用语"
    r = office.post(
        f"{API}/consultation-comments/{cid}/adoption/",
        {"decision": "adopted", "reason": "已在修改稿第二条中采纳。"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["adoption"]["decision"] == "adopted"
    # the leader may read, not decide
    r = client_for("leader").post(
        f"{API}/consultation-comments/{cid}/adoption/",
        {"decision": "not_adopted", "reason": "x"},
        content_type="application/json",
    )
    assert r.status_code == 403
    # conclude needs a closed consultation; a draft regulation closes on its closing day
    r = office.post(
        f"{API}/consultations/{pk}/conclude/", {"summary": "汇总"}, content_type="application/json"
    )
    assert r.status_code == 409
    assert office.post(f"{API}/consultations/{pk}/close/").status_code == 409
    today.value = dt.date(2023, 4, 5)
    assert office.post(f"{API}/consultations/{pk}/close/").json()["state"] == "closed"
    r = office.post(
        f"{API}/consultations/{pk}/conclude/",
        {"summary": "共收到意见1条，采纳1条。"},
        content_type="application/json",
    )
    assert r.json()["state"] == "concluded"
    # no more comments once closed
    r = client.post(
        f"{API}/public-consultations/{pk}/comments/",
        {"text": "迟到的意见一条。"},
        content_type="application/json",
    )
    assert r.status_code == 404  # no longer on the portal

    # the commenter, with the code alone, sees the decision and its reason
    status = client.post(
        f"{API}/public-consultations/track/",
        {"code": code.lower()},
        content_type="application/json",
    ).json()
    assert status["decision"] == "adopted"
    assert status["reason"] == "已在修改稿第二条中采纳。"
    assert status["consultation_state"] == "concluded"
    page = client.post(reverse("consultations-portal:track"), {"code": code})
    assert page.status_code == 200
    assert page.context["info"]["decision"] == "adopted"
    assert "已在修改稿第二条中采纳。" in page.content.decode()
    # every step audited
    verbs = set(AuditEntry.objects.values_list("verb", flat=True))
    assert {"create", "open", "comment", "group", "decide_adoption", "close", "conclude"} <= verbs


def test_a_wrong_or_guessed_code_opens_nothing(client, open_consultation):
    for code in ("", "YJ", "YJ0000000000", "x" * 19, "<script>"):
        r = client.post(
            f"{API}/public-consultations/track/", {"code": code}, content_type="application/json"
        )
        assert r.status_code in (400, 404)
    assert (
        client.post(reverse("consultations-portal:track"), {"code": "YJAAAAAAAAAA"}).status_code
        == 400
    )


# --- provisions ------------------------------------------------------------------------------
def test_provision_references_and_labels(draft_version):
    tree = draft_version.tree
    assert P.resolve(tree, "").label == ""
    assert P.resolve(tree, "art_3").label == "第三条"
    assert P.resolve(tree, "art_2__para_2").label == "第二条第二款"
    item = P.resolve(tree, "art_3__para_1__point_2")
    assert item.label == "第三条第一款第二项" and "发生事故" in item.text
    for bad in ("art_9", "art_2__para_3", "art_3__para_1__point_4", "art_x", "chp_1", "art_1 "):
        assert P.resolve(tree, bad) is None
    keys = [p.sort_key for p in P.provisions(tree)]
    assert keys == sorted(keys)


def test_comments_attach_to_a_provision_or_the_whole_text(open_consultation, client_for):
    expert = client_for("expert")
    pk = open_consultation.pk
    for provision in (
        "",
        "art_1",
        "art_3__para_1__point_3",
        "art_2__para_2",
        "art_3__para_1__point_3",
    ):
        r = expert.post(
            f"{API}/consultation-comments/",
            {"consultation": pk, "provision": provision, "text": "专家意见：建议完善表述。"},
            content_type="application/json",
        )
        assert r.status_code == 201, r.content
        assert r.json()["channel"] == "expert"
    r = expert.post(
        f"{API}/consultation-comments/",
        {"consultation": pk, "provision": "art_40", "text": "没有这一条的意见。"},
        content_type="application/json",
    )
    assert r.status_code == 400 and "provision" in r.json()["errors"]
    counts = {
        row["ref"]: row["comment_count"]
        for row in client_for("leader").get(f"{API}/consultations/{pk}/provisions/").json()
    }
    assert counts[""] == 1 and counts["art_1"] == 1 and counts["art_3__para_1__point_3"] == 2
    assert counts["art_4"] == 0
    ordered = list(Comment.objects.order_by("sort_key", "pk").values_list("provision", flat=True))
    assert ordered == [
        "",
        "art_1",
        "art_2__para_2",
        "art_3__para_1__point_3",
        "art_3__para_1__point_3",
    ]
    # the staff page shows per-article counts
    page = client_for("leader").get(reverse("consultations:detail", args=[pk]))
    counts = {a["num"]: len(a["comments"]) for a in page.context["articles"]}
    assert counts == {1: 1, 2: 1, 3: 2, 4: 0}
    assert len(page.context["whole_text_comments"]) == 1


def test_comments_only_while_open(draft_version, office, today, client):
    consultation = _create(draft_version, office, today.value, 30)
    with pytest.raises(InvalidTransition):
        services.add_comment(
            consultation, text="草稿阶段的意见。", channel=Channel.STAFF, actor=office
        )
    services.open_consultation(consultation, actor=office)
    services.add_comment(consultation, text="开放期间的意见。", channel=Channel.STAFF, actor=office)
    today.advance(30)  # the day after the closing day, not yet closed by the office
    r = client.post(
        reverse("consultations-portal:comment", args=[consultation.pk]),
        {"text": "过期的意见一条。", "provision": "art_1"},
    )
    assert r.status_code == 400
    assert Comment.objects.count() == 1


def test_channels_not_opened_are_refused(draft_version, office, today, point):
    consultation = _create(draft_version, office, today.value, 30)  # portal only
    services.open_consultation(consultation, actor=office)
    with pytest.raises(ValidationError):
        services.add_comment(
            consultation, text="联系点的意见。", channel=Channel.CONTACT_POINT, contact_point=point
        )
    assert not Comment.objects.exists()


def test_length_limits_and_contacts_are_checked(open_consultation, client):
    url = f"{API}/public-consultations/{open_consultation.pk}/comments/"
    for body in (
        {"text": "短"},
        {"text": "很" * 2001},
        {"text": "正常长度的意见。", "citizen_contact": "not a phone"},
        {"text": "正常长度的意见。", "citizen_name": "名" * 51},
        {"text": "正常长度的意见。", "provision": "art_1__para_9"},
        {"text": "正常长度的意见。", "client_token": "t" * 65},
    ):
        r = client.post(url, body, content_type="application/json")
        assert r.status_code == 400, body
    assert not Comment.objects.exists()
    ok = client.post(
        url,
        {"text": "正常长度的意见。", "citizen_contact": "a@example.org"},
        content_type="application/json",
    )
    assert ok.status_code == 201


def test_the_portal_is_rate_limited_per_client(open_consultation, client):
    url = f"{API}/public-consultations/{open_consultation.pk}/comments/"
    codes = [
        client.post(
            url, {"text": f"第{n}条意见内容。"}, content_type="application/json"
        ).status_code
        for n in range(services.SUBMISSIONS_PER_HOUR + 2)
    ]
    assert codes[: services.SUBMISSIONS_PER_HOUR] == [201] * services.SUBMISSIONS_PER_HOUR
    assert codes[-1] == 429
    assert Comment.objects.count() == services.SUBMISSIONS_PER_HOUR


# --- who sees what -----------------------------------------------------------------------------
def test_a_contact_point_sees_only_its_own(
    open_consultation, point, other_point, linked_user, office, client
):
    services.add_comment(
        open_consultation, text="本联系点收集的意见。", channel="contact_point", contact_point=point
    )
    services.add_comment(
        open_consultation,
        text="别的联系点收集的意见。",
        channel="contact_point",
        contact_point=other_point,
    )
    client.force_login(linked_user)
    rows = client.get(f"{API}/consultation-comments/").json()["results"]
    assert [r["text"] for r in rows] == ["本联系点收集的意见。"]
    points = client.get(f"{API}/contact-points/").json()["results"]
    assert [p["id"] for p in points] == [point.pk]
    assert (
        client.get(reverse("consultations:point-detail", args=[other_point.pk])).status_code == 404
    )
    assert "0375-9999999" not in client.get(f"{API}/contact-points/").content.decode()
    assert client.get(reverse("consultations:list")).status_code == 403
    # the point's own page, and entering a comment gathered in its area
    page = client.get(reverse("consultations:point-detail", args=[point.pk]))
    assert page.status_code == 200 and page.context["stats"]["total"] == 1
    url = reverse("consultations:point-comment", args=[point.pk])
    assert client.get(url).status_code == 200
    r = client.post(
        url,
        {
            "consultation": open_consultation.pk,
            "article": 3,
            "paragraph": 1,
            "item": 2,
            "text": "村民建议增加报告时限。",
            "citizen_name": "李四",
            "client_token": "point-1",
        },
    )
    assert r.status_code == 302, r.content
    comment = Comment.objects.get(client_token="point-1")
    assert comment.contact_point == point and comment.channel == Channel.CONTACT_POINT
    assert comment.provision == "art_3__para_1__point_2" and comment.author == linked_user
    # the same through the API; for another point: refused
    r = client.post(
        f"{API}/consultation-comments/",
        {
            "consultation": open_consultation.pk,
            "contact_point": other_point.pk,
            "text": "冒名的意见。",
        },
        content_type="application/json",
    )
    assert r.status_code == 403
    r = client.post(reverse("consultations:point-comment", args=[other_point.pk]), {"text": "x"})
    assert r.status_code == 404
    # the point's staff see the decision on their comments
    services.decide_adoption(comment, decision="partly", reason="部分采纳。", actor=office)
    page = client.get(reverse("consultations:point-detail", args=[point.pk]))
    assert "部分采纳。" in page.content.decode()


def test_an_expert_sees_the_consultations_they_are_invited_to(
    open_consultation, draft_version, office, today, client_for, expert_account
):
    other = _create(draft_version, office, today.value, 30)  # not invited
    expert = client_for("expert")
    ids = [c["id"] for c in expert.get(f"{API}/consultations/").json()["results"]]
    assert ids == [open_consultation.pk]
    assert expert.get(f"{API}/consultations/{other.pk}/").status_code == 404
    services.add_comment(open_consultation, text="群众的意见一条。", channel="portal")
    r = expert.post(
        f"{API}/consultation-comments/",
        {"consultation": open_consultation.pk, "text": "专家的意见一条。"},
        content_type="application/json",
    )
    assert r.status_code == 201
    rows = expert.get(f"{API}/consultation-comments/").json()["results"]
    assert [r["text"] for r in rows] == ["专家的意见一条。"]
    # not invited: refused
    services.open_consultation(other, actor=office)
    r = expert.post(
        f"{API}/consultation-comments/",
        {"consultation": other.pk, "text": "未受邀的意见。"},
        content_type="application/json",
    )
    assert r.status_code in (400, 403)
    assert not Comment.objects.filter(consultation=other).exists()


# --- staff pages ---------------------------------------------------------------------------------
def test_staff_group_and_decide_on_the_page(open_consultation, office, client_for):
    a, _ = services.add_comment(
        open_consultation, text="意见甲：第一条表述。", provision="art_1", channel="portal"
    )
    b, _ = services.add_comment(
        open_consultation, text="意见乙：第一条表述。", provision="art_1", channel="portal"
    )
    staff = client_for("office_staff")
    act = lambda name: reverse("consultations:act", args=[open_consultation.pk, name])  # noqa: E731
    r = staff.post(act("group"), {"group-comments": [a.pk, b.pk], "group-theme": "立法目的"})
    assert r.status_code == 302
    r = staff.post(
        act("decide_group"),
        {
            "decide_group-theme": "立法目的",
            "decide_group-decision": "partly",
            "decide_group-reason": "合并研究。",
        },
    )
    assert r.status_code == 302
    assert set(Adoption.objects.values_list("decision", flat=True)) == {"partly"}
    # bad input: 400 with the form, nothing changed
    r = staff.post(act("decide"), {"decide-comment": a.pk, "decide-decision": "maybe"})
    assert r.status_code == 400
    r = staff.post(act("conclude"), {"conclude-summary": "x"})  # not available while open
    assert r.status_code == 302
    open_consultation.refresh_from_db()
    assert open_consultation.state == Consultation.State.OPEN
    # the leader reads the page, gets no forms, may not act
    leader = client_for("leader")
    page = leader.get(reverse("consultations:detail", args=[open_consultation.pk]))
    assert page.status_code == 200 and page.context["forms"] == {}
    assert leader.post(act("close"), {}).status_code == 403


def test_staff_create_and_open_on_the_pages(draft_version, client_for, today):
    staff = client_for("office_staff")
    url = reverse("consultations:create")
    assert staff.get(url).status_code == 200
    data = {
        "version": draft_version.pk,
        "title": "页面创建的征求意见",
        "opens_on": "2023-03-01",
        "closes_on": "2023-03-10",
        "channels": ["portal"],
    }
    r = staff.post(url, data)
    assert r.status_code == 400  # R51
    data["closes_on"] = "2023-04-10"
    r = staff.post(url, data)
    assert r.status_code == 302
    consultation = Consultation.objects.get()
    r = staff.post(reverse("consultations:act", args=[consultation.pk, "open"]), {})
    assert r.status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == Consultation.State.OPEN


def test_contact_points_register_and_figures(client_for, office, world):
    staff = client_for("office_staff")
    r = staff.post(
        reverse("consultations:point-create"),
        {
            "kind": "contact_point",
            "name": "湛河区马庄街道基层立法联系点",
            "area": "湛河区马庄街道",
            "designated_on": "2023-05-01",
            "is_active": "on",
        },
    )
    assert r.status_code == 302
    services.create_contact_point(
        actor=office,
        kind="contact_point",
        name="停用的联系点",
        designated_on=dt.date(2022, 1, 1),
        is_active=False,
    )
    services.create_contact_point(
        actor=office, kind="contact_point", name="2024年的联系点", designated_on=dt.date(2024, 1, 1)
    )
    services.create_contact_point(
        actor=office,
        kind="legislative_base",
        name="立法研究基地",
        designated_on=dt.date(2021, 1, 1),
    )
    from renda.reports.registry import compute_all

    figures = compute_all(2023)
    assert figures["legislative_contact_points"] == 1
    assert figures["legislative_bases"] == 1
    # bad input
    r = staff.post(reverse("consultations:point-create"), {"kind": "x", "name": ""})
    assert r.status_code == 400
    assert ContactPoint.objects.count() == 4


def test_no_500_on_bad_input(open_consultation, client_for, client):
    staff = client_for("office_staff")
    junk = ["", "x", "-1", "99999999999999999999", "\x00", "<b>", "[]", "{}"]
    pk = open_consultation.pk
    for value in junk:
        for url, body in (
            (f"{API}/consultations/", {"version": value, "title": value, "channels": [value]}),
            (f"{API}/consultations/{pk}/close/", {"note": value}),
            (f"{API}/consultations/{pk}/conclude/", {"summary": value}),
            (
                f"{API}/consultation-comments/",
                {"consultation": value, "text": value, "provision": value},
            ),
            (f"{API}/contact-points/", {"kind": value, "name": value, "designated_on": value}),
            (f"{API}/public-consultations/{pk}/comments/", {"text": value, "provision": value}),
            (f"{API}/public-consultations/track/", {"code": value}),
        ):
            r = staff.post(url, body, content_type="application/json")
            assert r.status_code < 500, (url, value, r.status_code)
        for url in (
            reverse("consultations:list")
            + f"?state={value}&channel={value}&q={value}&page={value}",
            f"{API}/consultation-comments/?consultation={value}&channel={value}&provision={value}",
            f"{API}/consultations/?state={value}&channel={value}",
        ):
            assert staff.get(url).status_code < 500, url
        r = client.post(
            reverse("consultations-portal:comment", args=[pk]),
            {"text": value, "provision": value, "client_token": value},
        )
        assert r.status_code < 500
    assert staff.post(reverse("consultations:act", args=[pk, "nothing"]), {}).status_code == 403


def test_list_pages_stay_cheap(
    open_consultation,
    draft_version,
    office,
    today,
    point,
    client_for,
    django_assert_max_num_queries,
):
    for n in range(6):
        consultation = services.create_consultation(
            version=draft_version,
            title=f"征求意见{n}",
            opens_on=today.value,
            closes_on=today.value + dt.timedelta(days=40),
            channels=["portal", "contact_point"],
            actor=office,
        )
        services.open_consultation(consultation, actor=office)
        comment, _ = services.add_comment(consultation, text="意见内容一条。", channel="portal")
        services.add_comment(
            consultation, text="联系点意见一条。", channel="contact_point", contact_point=point
        )
        services.decide_adoption(comment, decision="adopted", reason="采纳。", actor=office)
        services.create_contact_point(
            actor=office, kind="contact_point", name=f"联系点{n}", designated_on=dt.date(2022, 1, 1)
        )
    leader = client_for("leader")
    for url in (
        reverse("consultations:list"),
        reverse("consultations:point-list"),
        f"{API}/consultations/",
        f"{API}/consultation-comments/",
        f"{API}/contact-points/",
        reverse("consultations:detail", args=[open_consultation.pk]),
        reverse("consultations-portal:list"),
    ):
        with django_assert_max_num_queries(14):
            r = leader.get(url)
        assert r.status_code == 200, url
    listing = leader.get(reverse("consultations:list"))
    rows = {row[0][0]: row for row in listing.context["rows"]}
    assert rows["征求意见0"][6][0] == 2 and rows["征求意见0"][7][0] == 1
    assert leader.get(reverse("consultations:list"), {"format": "xlsx"}).status_code == 200
    filtered = leader.get(reverse("consultations:list"), {"state": "draft"})
    assert filtered.context["rows"] == []
