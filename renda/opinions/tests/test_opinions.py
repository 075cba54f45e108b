"""Public opinions: intake → route → handle → reply → track → evaluate → callback through
the HTTP API and the portal, and the rules R90–R92."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from renda.core.models import AuditEntry, Organisation, RuleSettingValue
from renda.deputies.models import Place
from renda.handling.models import Case, Evaluation
from renda.opinions import services
from renda.opinions.models import PublicOpinion, RoutingCorrection

pytestmark = pytest.mark.django_db

TEXT = "建设路与中兴路交叉口的红绿灯坏了一周，早高峰堵车严重，请尽快维修。"
PHONE = "13812345678"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def submit(client=None, **extra):
    body = {"text": TEXT, "category": "transport", "submitter_phone": PHONE, **extra}
    return (client or api()).post(reverse("api:opinion-list"), body, format="json")


def reply_body():
    return {
        "text": "已于当日修复信号灯，并加强巡查。",
        "reply_class": "A",
        "contact_person": "王科长",
        "channel": "platform",
    }


def test_intake_route_handle_reply_track_evaluate_callback(world, today):
    office, unit = world.users["office_staff"], world.users["unit_handler"]
    created = submit(client_token="phone-1")
    assert created.status_code == 201, created.json()
    code = created.json()["tracking_code"]
    opinion = PublicOpinion.objects.get(tracking_code=code)
    assert opinion.channel == "api" and opinion.case.state == Case.State.REGISTERED

    assigned = api(office).post(
        reverse("api:opinion-assign", args=[opinion.pk]),
        {"lead_unit": world.unit.pk},
        format="json",
    )
    assert assigned.status_code == 200, assigned.json()
    opinion.refresh_from_db()
    assert opinion.case.reply_due == dt.date(2023, 3, 8)  # R92: 5 working days from Wed 1 Mar
    assert RoutingCorrection.objects.filter(opinion=opinion, chosen_unit=world.unit).exists()

    inbox = api(unit).get(reverse("api:inbox-list")).json()["results"]
    assert [row["case"]["id"] for row in inbox] == [opinion.case_id]
    # the handling unit sees the submitter's phone whole (R91); the leader does not
    seen = api(unit).get(reverse("api:opinion-list")).json()["results"][0]
    assert seen["personal_data"]["submitter_phone"] == PHONE
    masked = api(world.users["leader"]).get(reverse("api:opinion-detail", args=[opinion.pk]))
    assert masked.json()["personal_data"]["submitter_phone"] == "138****5678"

    replied = api(unit).post(
        reverse("api:case-reply", args=[opinion.case_id]), reply_body(), format="multipart"
    )
    assert replied.status_code == 200, replied.json()

    tracked = api().post(reverse("api:opinion-track"), {"code": code.lower()}, format="json")
    assert tracked.status_code == 200
    assert tracked.json()["reply_text"].startswith("已于当日修复")
    assert tracked.json()["can_evaluate"] is True
    assert PHONE not in tracked.content.decode()

    evaluated = api().post(
        reverse("api:opinion-evaluate"),
        {"code": code, "result": "satisfied", "comment": "很快"},
        format="json",
    )
    assert evaluated.status_code == 200, evaluated.json()
    assert evaluated.json()["case_state"] == Case.State.COMPLETED
    evaluation = Evaluation.objects.get(case=opinion.case)
    assert evaluation.evaluator is None and evaluation.is_primary
    assert AuditEntry.objects.filter(verb="evaluate", actor_name="submitter").exists()

    called = api(unit).post(
        reverse("api:opinion-callback", args=[opinion.pk]),
        {"note": "电话回访，群众满意"},
        format="json",
    )
    assert called.status_code == 200, called.json()
    assert called.json()["callback_at"]


def test_R90_tracking_code_at_once_and_only_its_own_opinion(world):
    first = submit().json()["tracking_code"]
    second = submit(text="小区门口垃圾桶满了三天没人清运，气味很大。").json()["tracking_code"]
    assert services.CODE_PATTERN.match(first) and first != second
    seen = api().post(reverse("api:opinion-track"), {"code": first}, format="json").json()
    assert seen["tracking_code"] == first and "垃圾" not in seen["text"]
    for guess in ("", "SQ", "SQ2222222222", first[:-1], "' OR 1=1 --"):
        response = api().post(reverse("api:opinion-track"), {"code": guess}, format="json")
        assert response.status_code in {400, 404}


def test_R90_same_client_token_never_makes_two_records(world):
    one = submit(client_token="tap-twice")
    two = submit(client_token="tap-twice")
    assert one.status_code == 201 and two.status_code == 200
    assert one.json()["tracking_code"] == two.json()["tracking_code"]
    assert PublicOpinion.objects.count() == 1


def test_R90_submissions_are_rate_limited_per_client(world):
    RuleSettingValue.objects.create(key="opinions.submissions_per_hour", value=2)
    assert submit().status_code == 201
    assert submit().status_code == 201
    refused = submit()
    assert refused.status_code == 429
    assert PublicOpinion.objects.count() == 2


@pytest.mark.parametrize(
    "body, field",
    [
        ({"text": "太短"}, "text"),
        ({"text": "很" * 2001}, "text"),
        ({"category": "nonsense"}, "category"),
        ({"latitude": "91"}, "latitude"),
        ({"submitter_phone": "call me maybe"}, "submitter_phone"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_stores_nothing(world, body, field):
    response = submit(**body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert PublicOpinion.objects.count() == 0 and Case.objects.count() == 0


def test_api_intake_takes_only_a_district_and_an_open_station(world):
    unit = Organisation.objects.filter(is_handling_unit=True).first()
    for body, field in (({"district": unit.pk}, "district"), ({"district": 10**9}, "district")):
        response = submit(**body)
        assert response.status_code == 400 and field in response.json()["errors"]
    station = Place.objects.create(
        code="S0", name="已撤销联络站", kind="liaison_station", is_active=False
    )
    response = submit(station=station.pk)
    assert response.status_code == 400 and "station" in response.json()["errors"]
    assert PublicOpinion.objects.count() == 0
    # a district added after the districts were read is known at once
    added = Organisation.objects.create(code="D-NEW", name="新设区", kind="district")
    created = submit(district=added.pk)
    assert created.status_code == 201, created.json()
    assert PublicOpinion.objects.get().district == added


def test_R90_a_retry_past_the_rate_limit_still_gets_its_receipt(world):
    RuleSettingValue.objects.create(key="opinions.submissions_per_hour", value=1)
    first = submit(client_token="slow-network")
    retry = submit(client_token="slow-network")
    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json()["tracking_code"] == first.json()["tracking_code"]
    assert submit(client_token="another").status_code == 429
    assert PublicOpinion.objects.count() == 1


def test_photos_must_be_real_images_of_limited_size(world):
    good = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    fake = SimpleUploadedFile("b.jpg", b"MZ\x90\x00 not a photo")
    with pytest.raises(services.ValidationError):
        services.submit_opinion(text=TEXT, category="urban", channel="portal", photos=[fake])
    opinion, created = services.submit_opinion(
        text=TEXT, category="urban", channel="portal", photos=[good]
    )
    assert created and opinion.photos.count() == 1
    assert PublicOpinion.objects.count() == 1


def test_R91_personal_data_masked_for_all_but_handlers(world, client_for):
    opinion, _created = services.submit_opinion(
        text=TEXT,
        category="transport",
        channel="portal",
        submitter_name="张三丰",
        submitter_phone=PHONE,
        submitter_id_number="410402199001011234",
    )
    page = client_for("leader").get(reverse("opinions:detail", args=[opinion.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert PHONE not in body and "张三丰" not in body and "410402199001011234" not in body
    assert "138****5678" in body and "张**" in body
    export = client_for("leader").get(reverse("opinions:list"), {"format": "xlsx"})
    assert PHONE not in _xlsx_text(export)
    office_page = client_for("office_staff").get(reverse("opinions:detail", args=[opinion.pk]))
    assert PHONE in office_page.content.decode()


def test_R91_unmasked_export_needs_a_recorded_reason(world, client_for):
    services.submit_opinion(text=TEXT, category="urban", channel="portal", submitter_phone=PHONE)
    office = client_for("office_staff")
    refused = office.post(reverse("opinions:export-personal"), {"reason": ""})
    assert refused.status_code == 302
    assert not AuditEntry.objects.filter(verb="export_personal_data").exists()
    export = office.post(reverse("opinions:export-personal"), {"reason": "回访需要联系群众"})
    assert export.status_code == 200 and PHONE in _xlsx_text(export)
    entry = AuditEntry.objects.get(verb="export_personal_data")
    assert entry.note == "回访需要联系群众" and entry.after["rows"] == 1
    leader = client_for("leader").post(reverse("opinions:export-personal"), {"reason": "好奇"})
    assert leader.status_code == 403


def test_R92_complex_opinions_get_ten_working_days(world, today):
    opinion, _c = services.submit_opinion(text=TEXT, category="urban", channel="portal")
    office = world.users["office_staff"]
    with pytest.raises(services.ValidationError):
        services.assign_opinion(opinion, lead_unit=world.unit, is_complex=True, actor=office)
    services.assign_opinion(
        opinion, lead_unit=world.unit, is_complex=True, complexity_reason="涉及多部门", actor=office
    )
    opinion.case.refresh_from_db()
    assert opinion.case.reply_due == dt.date(2023, 3, 15)
    assignment = opinion.case.assignments.get()
    assert assignment.deadline_rule == "opinions.complex_limit_workdays=10"


def test_R92_escalated_into_a_deputys_suggestion_keeping_the_link(world, client_for, session):
    from renda.deputies.models import Place

    place = Place.objects.create(code="S1", name="一号联络站", kind="liaison_station")
    place.deputies.add(world.deputy)
    opinion, _c = services.submit_opinion(
        text=TEXT, category="transport", channel="station", station=place
    )
    deputy = client_for("deputy")
    assert deputy.get(reverse("opinions:detail", args=[opinion.pk])).status_code == 200
    response = deputy.post(reverse("opinions:escalate", args=[opinion.pk]))
    assert response.status_code == 302
    opinion.refresh_from_db()
    draft = opinion.escalated_to
    assert draft.lead_deputy == world.deputy and opinion.tracking_code in draft.text
    assert list(draft.source_opinions.all()) == [opinion]
    again = deputy.post(reverse("opinions:escalate", args=[opinion.pk]))
    assert again.status_code == 302
    assert draft.__class__.objects.count() == 1


def test_merge_duplicate_follows_the_other(world):
    office = world.users["office_staff"]
    first, _c = services.submit_opinion(text=TEXT, category="transport", channel="portal")
    dup, _c = services.submit_opinion(text=TEXT + "！", category="transport", channel="portal")
    response = api(office).post(
        reverse("api:opinion-merge", args=[dup.pk]), {"into": first.tracking_code}, format="json"
    )
    assert response.status_code == 200, response.json()
    status = services.public_status(PublicOpinion.objects.get(pk=dup.pk))
    assert status["merged_into"] == first.tracking_code and not status["can_evaluate"]
    refused = api(office).post(
        reverse("api:opinion-assign", args=[dup.pk]), {"lead_unit": world.unit.pk}, format="json"
    )
    assert refused.status_code == 400


def test_a_unit_sees_only_opinions_assigned_to_it(world):
    office = world.users["office_staff"]
    mine, _c = services.submit_opinion(text=TEXT, category="transport", channel="portal")
    theirs, _c = services.submit_opinion(
        text="学校门口早晚接送拥堵，建议设置临时停车位。", category="education", channel="portal"
    )
    services.assign_opinion(mine, lead_unit=world.unit, actor=office)
    services.assign_opinion(theirs, lead_unit=world.other_unit, actor=office)
    rows = api(world.users["unit_handler"]).get(reverse("api:opinion-list")).json()["results"]
    assert [row["id"] for row in rows] == [mine.pk]
    detail = api(world.users["unit_handler"]).get(reverse("api:opinion-detail", args=[theirs.pk]))
    assert detail.status_code == 404


def test_portal_submit_then_track_and_evaluate(world, client):
    form = client.get(reverse("portal-opinions:submit"))
    assert form.status_code == 200
    token = form.context["form"].initial["client_token"]
    body = {"category": "urban", "text": TEXT, "client_token": token}
    first = client.post(reverse("portal-opinions:submit"), body)
    again = client.post(reverse("portal-opinions:submit"), body)
    assert first.status_code == again.status_code == 200
    code = first.context["opinion"].tracking_code
    assert again.context["opinion"].tracking_code == code
    assert PublicOpinion.objects.count() == 1
    shown = client.post(reverse("portal-opinions:track"), {"code": code})
    assert shown.status_code == 200 and TEXT in shown.content.decode()
    wrong = client.post(reverse("portal-opinions:track"), {"code": "SQ2345678923"})
    assert wrong.status_code == 400
    early = client.post(reverse("portal-opinions:evaluate"), {"code": code, "result": "satisfied"})
    assert early.status_code == 400
    assert not Evaluation.objects.exists()


def test_portal_form_errors_keep_nothing(world, client):
    response = client.post(reverse("portal-opinions:submit"), {"category": "urban", "text": "短"})
    assert response.status_code == 400
    assert PublicOpinion.objects.count() == 0


def test_list_search_finds_chinese_words_in_any_order(world, client_for):
    services.submit_opinion(text=TEXT, category="transport", channel="portal")
    services.submit_opinion(
        text="公园里的健身器材损坏，老人锻炼不安全。", category="urban", channel="portal"
    )
    page = client_for("office_staff").get(reverse("opinions:list"), {"q": "堵车 红绿灯"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "红绿灯坏了" in body and "健身器材" not in body


def test_list_page_query_count_does_not_grow(world, client_for, django_assert_max_num_queries):
    for i in range(30):
        services.submit_opinion(text=f"{TEXT}第{i}次反映", category="transport", channel="portal")
    office = client_for("office_staff")
    office.get(reverse("opinions:list"))  # session and user loaded once
    with django_assert_max_num_queries(14):
        assert office.get(reverse("opinions:list")).status_code == 200


def test_hot_topics_show_rising_words(world, client_for, today):
    for _i in range(4):
        services.submit_opinion(text=TEXT, category="transport", channel="portal")
    page = client_for("leader").get(reverse("opinions:hot-topics"))
    assert page.status_code == 200
    assert "红绿灯" in page.content.decode()


def test_hot_topics_count_the_indexed_words_and_segment_only_the_rest(world, monkeypatch):
    from renda.opinions import hot_topics
    from renda.textsearch import index as textsearch

    first, _c = services.submit_opinion(text=TEXT, category="transport", channel="portal")
    services.submit_opinion(text=TEXT, category="transport", channel="portal")
    textsearch.remove("opinion", first.pk)  # as if the intake task had not run yet
    segmented = []
    real = hot_topics.keywords
    monkeypatch.setattr(hot_topics, "keywords", lambda text: segmented.append(text) or real(text))
    result = hot_topics._compute(8, None, timezone.localdate(first.submitted_at))
    this_week = dict(result["weeks"][-1]["top"])
    assert this_week["红绿灯"] == 2  # one from the index, one segmented now
    assert segmented == [TEXT]


def test_open_figure_counts_the_years_opinions(world):
    from renda.reports.registry import compute_all

    services.submit_opinion(text=TEXT, category="transport", channel="portal")
    year = PublicOpinion.objects.get().submitted_at.year
    assert compute_all(year)["public_opinions_collected"] == 1


def _xlsx_text(response) -> str:
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return " ".join(
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    )


def test_unknown_district_kind_is_refused(world):
    unit = Organisation.objects.filter(is_handling_unit=True).first()
    with pytest.raises(services.ValidationError):
        services.submit_opinion(text=TEXT, category="urban", channel="portal", district=unit)


def test_office_todo_lists_opinions_to_route(world, client_for):
    opinion, _c = services.submit_opinion(text=TEXT, category="transport", channel="portal")
    home = client_for("office_staff").get(reverse("core:home"))
    assert opinion.case.title in home.content.decode()
    services.assign_opinion(opinion, lead_unit=world.unit, actor=world.users["office_staff"])
    home = client_for("office_staff").get(reverse("core:home"))
    assert opinion.case.title not in home.content.decode()


def test_api_list_query_count_does_not_grow(world, django_assert_max_num_queries):
    office = world.users["office_staff"]
    for i in range(30):
        opinion, _c = services.submit_opinion(
            text=f"{TEXT}第{i}次反映", category="transport", channel="portal", submitter_phone=PHONE
        )
        services.assign_opinion(opinion, lead_unit=world.unit, actor=office)
    client = api(world.users["unit_handler"])
    client.get(reverse("api:opinion-list"))
    with django_assert_max_num_queries(8):
        rows = client.get(reverse("api:opinion-list")).json()["results"]
    assert len(rows) == 30 and all(r["personal_data"]["submitter_phone"] == PHONE for r in rows)


def test_counts_stop_at_the_limit_on_huge_lists(world, client_for, monkeypatch):
    from renda.core.api_support import CappedPagination
    from renda.opinions.views import OpinionListView

    monkeypatch.setattr(OpinionListView, "count_limit", 3)
    monkeypatch.setattr(CappedPagination, "count_limit", 3)
    for i in range(5):
        services.submit_opinion(text=f"{TEXT}第{i}次", category="transport", channel="portal")
    page = client_for("office_staff").get(reverse("opinions:list"))
    assert page.context["page"].paginator.capped
    body = api(world.users["office_staff"]).get(reverse("api:opinion-list")).json()
    assert body["count"] == 4 and body["count_is_capped"] is True
    assert len(body["results"]) == 5


def test_a_search_is_counted_to_its_own_lower_limit(world, client_for, monkeypatch):
    from renda.core.api_support import CappedPagination
    from renda.opinions.views import OpinionListView

    monkeypatch.setattr(OpinionListView, "search_count_limit", 2)
    monkeypatch.setattr(CappedPagination, "search_count_limit", 2)
    for i in range(4):
        services.submit_opinion(text=f"{TEXT}第{i}次", category="transport", channel="portal")
    client = api(world.users["office_staff"])
    searched = client.get(reverse("api:opinion-list"), {"q": "红绿灯"}).json()
    assert searched["count"] == 3 and searched["count_is_capped"] is True
    shown = sorted(r["id"] for r in searched["results"])
    # nothing else narrows the list: only the newest matches are read, one more than the
    # limit
    newest = PublicOpinion.objects.order_by("-pk").values_list("pk", flat=True)[:3]
    assert shown == sorted(newest)
    narrowed = client.get(
        reverse("api:opinion-list"), {"q": "红绿灯", "category": "transport"}
    ).json()
    assert narrowed["count"] == 3 and narrowed["count_is_capped"] is True
    assert len(narrowed["results"]) == 4  # a filter: every match is looked at
    listed = client.get(reverse("api:opinion-list")).json()
    assert listed["count"] == 4 and listed["count_is_capped"] is False
    export = client_for("office_staff").get(
        reverse("opinions:list"), {"q": "红绿灯", "format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert len(list(sheet.iter_rows())) == 1 + 4  # the header and every match, uncapped
    page = client_for("office_staff").get(reverse("opinions:list"), {"q": "红绿灯"})
    assert page.context["page"].paginator.capped
    assert (
        not client_for("office_staff")
        .get(reverse("opinions:list"))
        .context["page"]
        .paginator.capped
    )
