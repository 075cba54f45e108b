"""Excel import of deputies and units: row-by-row errors, nothing half-imported."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from renda.core.models import AuditEntry, Deputy, Organisation

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(rows, name="import.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


DEPUTY_HEADER = [
    "代表编号",
    "姓名",
    "性别",
    "民族",
    "代表团",
    "构成",
    "职业职务",
    "手机",
    "出生日期",
]


def test_a_clean_deputies_file_is_imported_and_audited(world, client_for):
    upload = xlsx(
        [
            DEPUTY_HEADER,
            [
                "12-X-001",
                "赵一",
                "男",
                "汉族",
                "新华区代表团",
                "Workers and farmers",
                "村支书",
                "13700000001",
                "1970-05-01",
            ],
            ["12-X-002", "钱二", "女", "回族", "新华区代表团", "", "教师", "13700000002", ""],
        ]
    )
    response = client_for("office_staff").post(reverse("core:deputy-import"), {"file": upload})
    assert response.status_code == 200
    created = Deputy.objects.filter(code__startswith="12-X-").select_related("person")
    assert {d.person.name for d in created} == {"赵一", "钱二"}
    assert created.get(code="12-X-002").person.gender == "female"
    imported = AuditEntry.objects.filter(verb="create", actor=world.users["office_staff"])
    assert imported.count() == 4  # a person and a deputy per row


def test_one_bad_row_imports_nothing_and_reports_each_problem(world, client_for):
    upload = xlsx(
        [
            DEPUTY_HEADER,
            ["12-X-001", "赵一", "男", "汉族", "新华区代表团", "", "", "", ""],
            ["12-X-002", "钱二", "未知", "汉族", "不存在代表团", "", "", "", ""],
            ["12-X-003", "孙三", "男", "汉族", "新华区代表团", "", "", "", "1970-13-40"],
            ["12-X-001", "重复", "男", "汉族", "新华区代表团", "", "", "", ""],
        ]
    )
    before = AuditEntry.objects.count()
    response = client_for("office_staff").post(reverse("core:deputy-import"), {"file": upload})
    assert response.status_code == 400
    rows = [r for r in response.context["result"].errors]
    assert {r.row for r in rows} == {3, 4, 5}
    assert not Deputy.objects.filter(code__startswith="12-X-").exists()
    assert AuditEntry.objects.count() == before
    page = response.content.decode()
    assert "不存在代表团" not in page or "代表团" in page
    assert 'id="import-errors"' in page


def test_a_file_that_is_not_a_workbook_is_refused(world, client_for):
    upload = SimpleUploadedFile("fake.xlsx", b"not a zip", content_type=XLSX)
    response = client_for("office_staff").post(reverse("core:deputy-import"), {"file": upload})
    assert response.status_code == 400
    assert response.context["result"].errors[0].row == 1


def test_missing_columns_are_named(world, client_for):
    upload = xlsx([["姓名"], ["赵一"]])
    response = client_for("office_staff").post(reverse("core:deputy-import"), {"file": upload})
    assert response.status_code == 400
    assert "代表编号" in response.context["result"].errors[0].message


def test_units_import_creates_and_updates_by_code(world, client_for):
    header = ["编码", "名称", "类型", "上级编码", "联系人", "联系电话"]
    first = xlsx(
        [
            header,
            ["U-1", "市水利局", "department", "", "王", "0375-1"],
            ["U-2", "市水文站", "handling_unit", "U-1", "", ""],
        ]
    )
    client = client_for("administrator")
    assert client.post(reverse("core:organisation-import"), {"file": first}).status_code == 200
    again = xlsx([header, ["U-1", "市水利局（更名）", "department", "", "王", "0375-1"]])
    assert client.post(reverse("core:organisation-import"), {"file": again}).status_code == 200
    assert Organisation.objects.get(code="U-1").name == "市水利局（更名）"
    assert Organisation.objects.get(code="U-2").parent.code == "U-1"
    assert Organisation.objects.get(code="U-2").is_handling_unit


def test_unit_handlers_cannot_import(world, client_for):
    upload = xlsx([["编码", "名称", "类型"], ["U-9", "x", "department"]])
    response = client_for("unit_handler").post(
        reverse("core:organisation-import"), {"file": upload}
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(code="U-9").exists()


def test_every_list_exports_to_excel_with_its_filters(world, client_for):
    response = client_for("office_staff").get(
        reverse("core:deputy-list"), {"q": "他代表", "format": "xlsx"}
    )
    assert response["Content-Type"] == XLSX
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2  # header + the one match
    assert "他代表" in rows[1]
