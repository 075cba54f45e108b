"""The ledgers through the HTTP API: an entry created, moved and closed out, the counts
by status per kind; bad input is a 400 with the field's message, an illegal move a 409,
and only the office and leaders change anything."""

import pytest

from renda.core.models import AuditEntry
from renda.ledgers.models import LedgerEntry
from renda.ledgers.tests.conftest import pdf

pytestmark = pytest.mark.django_db
URL = "/api/v1/ledger-entries/"


def _ok(response, code=200):
    assert response.status_code == code, response.content.decode()[:500]
    return response.json()


def test_rectification_item_from_creation_to_close_out_and_counts(world, client_for, office, area):
    office_staff, leader = client_for("office_staff"), client_for("leader")
    item = _ok(
        office_staff.post(
            URL,
            {
                "kind": "rectification",
                "title": "理论学习与人大工作结合不够紧密",
                "date": "2023-05-16",
                "owner": office.pk,
                "owner_name": "张秘书长",
                "problem_area": area.pk,
            },
            content_type="application/json",
        ),
        201,
    )
    assert (item["status"], item["problem_area_name"]) == ("open", "理论学习方面")
    pk = item["id"]

    def post(action, data=None, client=office_staff, **kwargs):
        return client.post(f"{URL}{pk}/{action}/", data or {}, **kwargs)

    # closing out an item not being worked on is an illegal move
    response = post("close-out", {"on": "2023-08-01", "note": "已整改"})
    assert response.status_code == 409 and response.json()["detail"]
    _ok(post("start"))
    # no close-out without its note: a 400 naming the field, nothing changed
    response = post("close-out", {"on": "2023-08-01", "note": ""})
    assert response.status_code == 400
    assert "note" in response.json()["errors"]
    assert LedgerEntry.objects.get(pk=pk).status == "in_progress"
    # a leader closes it out with its evidence
    done = _ok(
        post(
            "close-out",
            {"on": "2023-08-01", "note": "已建立学用结合制度，验收销号", "attachments": [pdf()]},
            client=leader,
        )
    )
    assert done["status"] == "closed_out" and done["closed_out_on"] == "2023-08-01"
    assert done["closed_out_by"] == world.users["leader"].username
    (evidence,) = done["attachments"]
    assert evidence["for_close_out"] and evidence["name"] == "证明材料.pdf"
    download = client_for("committee_member").get(evidence["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert post("start").status_code == 409
    assert (
        office_staff.patch(
            f"{URL}{pk}/", {"title": "改"}, content_type="application/json"
        ).status_code
        == 409
    )

    _ok(
        office_staff.post(
            URL,
            {
                "kind": "rule",
                "title": "制定《常委会议事规则》",
                "date": "2023-03-01",
                "owner": office.pk,
                "rule_action": "established",
            },
            content_type="application/json",
        ),
        201,
    )
    counts = _ok(client_for("committee_member").get(f"{URL}counts/", {"year": 2023}))
    assert counts["year"] == 2023
    assert counts["kinds"]["rectification"]["by_status"]["closed_out"] == 1
    assert counts["kinds"]["rule"]["by_status"]["open"] == 1
    assert counts["kinds"]["rule"]["total"] == 1
    assert counts["kinds"]["problem_resolved"]["total"] == 0
    assert _ok(leader.get(f"{URL}counts/", {"year": 2022}))["kinds"]["rule"]["total"] == 0
    listing = _ok(leader.get(URL, {"kind": "rectification", "status": "closed_out", "year": 2023}))
    assert [row["id"] for row in listing["results"]] == [pk]
    assert _ok(leader.get(URL, {"kind": "rule", "year": 2024}))["count"] == 0


def test_generic_moves_and_edit_through_the_api(world, client_for, make_entry):
    office_staff = client_for("office_staff")
    entry = make_entry("problem_resolved")
    url = f"{URL}{entry.pk}/"
    assert office_staff.post(f"{url}reopen/", {"note": "x"}).status_code == 409
    _ok(office_staff.post(f"{url}complete/", {"on": "2023-06-01"}))
    assert (
        office_staff.post(f"{url}close-out/", {"on": "2023-06-02", "note": "x"}).status_code == 409
    )
    reopened = _ok(office_staff.post(f"{url}reopen/", {"note": "问题反弹"}))
    assert reopened["status"] == "in_progress" and reopened["completed_on"] is None
    edited = _ok(
        client_for("leader").patch(
            url, {"leader_name": "王副主任", "note": "更正"}, content_type="application/json"
        )
    )
    assert edited["leader_name"] == "王副主任"
    assert AuditEntry.objects.filter(verb="update", note="更正").exists()
    _ok(office_staff.post(f"{url}cancel/", {"note": "重复登记"}))
    assert office_staff.post(f"{url}complete/", {}).status_code == 409


@pytest.mark.parametrize(
    "data, field",
    [
        ({"kind": "nonsense"}, "kind"),
        ({"date": "2023-02-30"}, "date"),
        ({"date": "0001-01-01"}, "date"),
        ({"owner": 2**70}, "owner"),
        ({"owner": "abc"}, "owner"),
        ({"title": ""}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"rule_action": "abolished"}, "rule_action"),
        ({"rule_action": ""}, "rule_action"),
        ({"problem_area": 99999}, "problem_area"),
        ({"leader_name": "李主任"}, "leader_name"),
        ({"owner": None, "owner_name": ""}, "owner"),
    ],
)
def test_bad_input_is_a_400_with_the_fields_message(world, client_for, office, data, field):
    body = {
        "kind": "rule",
        "title": "制定《机关会议管理办法》",
        "date": "2023-04-01",
        "owner": office.pk,
        "rule_action": "established",
        **data,
    }
    response = client_for("office_staff").post(URL, body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not LedgerEntry.objects.exists()


def test_bad_files_and_bad_ids_never_500(world, client_for, make_entry):
    office_staff = client_for("office_staff")
    entry = make_entry("rule")
    response = office_staff.post(
        f"{URL}{entry.pk}/attachments/", {"attachments": [pdf("病毒.pdf", b"MZ\x90")]}
    )
    assert response.status_code == 400 and "attachments" in response.json()["errors"]
    assert office_staff.post(f"{URL}{entry.pk}/attachments/", {}).status_code == 400
    assert (
        office_staff.post(
            f"{URL}{entry.pk}/attachments/", {"attachments": ["x"]}, content_type="application/json"
        ).status_code
        == 400
    )
    assert not entry.attachments.exists()
    for bad in ("99999999999999999999999", "0", "abc"):
        assert office_staff.get(f"{URL}{bad}/").status_code == 404
    for query in ({"year": "abc"}, {"year": "1e30"}, {"owner": "2" * 30}, {"kind": "x"}):
        assert office_staff.get(URL, query).status_code == 400
    assert office_staff.get(f"{URL}counts/", {"year": "99999"}).status_code == 400


def test_who_may_read_and_write(world, client_for, make_entry, office):
    entry = make_entry("experience_promoted")
    body = {
        "kind": "party_committee_report",
        "title": "关于召开常委会会议的请示",
        "date": "2023-02-01",
        "owner": office.pk,
    }
    for role in ("deputy", "unit_handler", "expert", "no_role", "anonymous"):
        client = client_for(role)
        assert client.get(URL).status_code in {401, 403}, role
        assert client.get(f"{URL}{entry.pk}/").status_code in {401, 403, 404}, role
        assert client.get(f"{URL}counts/").status_code in {401, 403}, role
        assert client.post(URL, body, content_type="application/json").status_code in {401, 403}
        assert client.post(f"{URL}{entry.pk}/start/").status_code in {401, 403, 404}
    member = client_for("committee_member")
    assert _ok(member.get(URL))["count"] == 1
    assert member.post(URL, body, content_type="application/json").status_code == 403
    assert member.post(f"{URL}{entry.pk}/start/").status_code == 403
    assert (
        member.patch(
            f"{URL}{entry.pk}/", {"title": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    entry.refresh_from_db()
    assert entry.status == "open" and entry.title != "x"
    _ok(client_for("leader").post(URL, body, content_type="application/json"), 201)
    _ok(client_for("leader").post(f"{URL}{entry.pk}/start/"))


def test_problem_areas_api(world, client_for, make_entry):
    office_staff = client_for("office_staff")
    area = _ok(
        office_staff.post(
            "/api/v1/ledger-problem-areas/",
            {"year": 2024, "name": "作风建设方面"},
            content_type="application/json",
        ),
        201,
    )
    assert (area["position"], area["items"]) == (1, 0)
    duplicate = office_staff.post(
        "/api/v1/ledger-problem-areas/",
        {"year": 2024, "name": "作风建设方面"},
        content_type="application/json",
    )
    assert duplicate.status_code == 400 and "name" in duplicate.json()["errors"]
    patched = _ok(
        client_for("leader").patch(
            f"/api/v1/ledger-problem-areas/{area['id']}/",
            {"description": "会风文风"},
            content_type="application/json",
        )
    )
    assert patched["description"] == "会风文风"
    listing = _ok(
        client_for("committee_member").get("/api/v1/ledger-problem-areas/", {"year": 2024})
    )
    assert [a["name"] for a in listing["results"]] == ["作风建设方面"]
    assert client_for("deputy").get("/api/v1/ledger-problem-areas/").status_code == 403
