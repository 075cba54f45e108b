"""The annual report: the office's prose around numbers it cannot type, the Word,
Excel and JSON exports, the command, and publishing the figures to the portal."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import load_workbook

from renda.core.models import AuditEntry, Organisation
from renda.deputies.models import Place
from renda.reports import annual, charts, documents, registry
from renda.reports.models import AnnualReport, ReportSection

pytestmark = pytest.mark.django_db
PAGE = "reports:annual"
PROSE = "{year}年，建成代表联络站{liaison_stations}个。"


def _station(code: str) -> Place:
    district = Organisation.objects.create(code=f"D-{code}", name="新华区", kind="district")
    return Place.objects.create(
        code=code,
        name="联络站",
        kind=Place.Kind.LIAISON_STATION,
        district=district,
        established_on=dt.date(2023, 3, 1),
    )


def _save(client, prose, section="deputies", year=2023):
    return client.post(
        reverse("reports:annual-section", args=[year, section]), {f"{section}-prose": prose}
    )


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_office_words_the_text_and_the_records_give_the_numbers(world, client_for):
    office = client_for("office_staff")
    _station("S-1")
    assert _save(office, PROSE).status_code == 302
    page = office.get(reverse(PAGE, args=[2023])).content.decode()
    assert "2023年，建成代表联络站1个。" in page
    _station("S-2")
    assert "2023年，建成代表联络站2个。" in office.get(reverse(PAGE, args=[2023])).content.decode()
    entry = AuditEntry.objects.get(verb="report_section_edited")
    assert (entry.actor, entry.after, entry.note) == (
        world.users["office_staff"],
        {"prose": PROSE},
        "deputies",
    )


def test_an_unknown_figure_in_the_text_is_refused_and_nothing_saved(world, client_for):
    response = _save(client_for("office_staff"), "建成联络站{stations_typed_in}个")
    assert response.status_code == 400
    assert "stations_typed_in" in response.content.decode()
    assert not ReportSection.objects.exists()
    assert not AuditEntry.objects.filter(verb__startswith="report_").exists()


def test_an_empty_text_goes_back_to_the_default_wording(world, client_for):
    office = client_for("office_staff")
    _save(office, PROSE)
    assert _save(office, "  ").status_code == 302
    assert not ReportSection.objects.exists()
    content = annual.build(2023)
    deputies = next(s for s in content.sections if s.section.key == "deputies")
    assert deputies.prose_template == deputies.section.default_prose


@pytest.mark.parametrize("role", ["leader", "committee_member", "deputy", "unit_handler"])
def test_only_the_office_edits_the_text(world, client_for, role):
    assert _save(client_for(role), PROSE).status_code == 403
    assert not ReportSection.objects.exists()


def test_a_section_that_does_not_exist_is_404(world, client_for):
    assert _save(client_for("office_staff"), PROSE, section="nonsense").status_code == 404


def test_the_word_report_holds_every_figure_and_the_office_text(world, client_for):
    office = client_for("office_staff")
    _station("S-1")
    _save(office, PROSE)
    response = office.get(reverse("reports:annual-download", args=[2023, "docx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = _docx_text(response.content)
    assert "2023年，建成代表联络站1个。" in text
    figures = registry.compute_all(2023)
    for figure in registry.figures():
        assert str(figure.label) in text and str(figure.how) in text
    assert registry.display(figures["liaison_stations"]) == "1"
    assert "附录" in text  # how each figure was counted


def test_a_figure_still_open_says_so_everywhere(world, client_for, registered):
    registered()
    api = client_for("leader").get("/api/v1/reports/annual/2023/").json()
    assert api["incomplete"]["motions_and_suggestions_completed"]["pending"] == 1
    page = client_for("leader").get(reverse(PAGE, args=[2023])).content.decode()
    assert 'id="incomplete"' in page
    assert "数字未定" in _docx_text(documents.annual_report(2023, with_charts=False))


def test_a_year_without_records_exports_zeros(world, client_for):
    text = _docx_text(documents.annual_report(1990, with_charts=False))
    assert "建成代表联络站0个" in text
    data = json.loads(
        client_for("leader").get(reverse("reports:annual-download", args=[1990, "json"])).content
    )
    assert data["figures"]["liaison_stations"] == data["figures"]["motions_and_suggestions"] == 0
    assert data["incomplete"] == {}


def test_excel_and_json_give_the_same_figures(world, client_for):
    _station("S-1")
    client = client_for("leader")
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("reports:annual-download", args=[2023, "xlsx"])).content)
    )
    rows = {row[1]: row[3] for row in workbook.active.iter_rows(min_row=2, values_only=True)}
    data = json.loads(client.get(reverse("reports:annual-download", args=[2023, "json"])).content)
    assert rows == data["figures"] == registry.compute_all(2023)
    assert rows["liaison_stations"] == 1
    assert client.get(reverse("reports:annual-download", args=[2023, "pdf"])).status_code == 404


def test_the_report_command_writes_each_format(world, tmp_path, capsys):
    _station("S-1")
    for fmt in ("docx", "json", "xlsx"):
        out = tmp_path / f"review.{fmt}"
        call_command("report", "annual", "2023", "--format", fmt, "-o", str(out), "--no-charts")
        assert out.stat().st_size > 0
    assert json.loads((tmp_path / "review.json").read_text())["figures"]["liaison_stations"] == 1
    assert "建成代表联络站1个" in _docx_text((tmp_path / "review.docx").read_bytes())
    call_command("report", "annual", "2023", "--format", "json")
    assert json.loads(capsys.readouterr().out)["year"] == 2023
    with pytest.raises(CommandError):
        call_command("report", "annual", "99999", "--format", "json")


def test_published_figures_appear_on_the_portal_and_nothing_else(world, client_for, client):
    _station("S-1")
    assert client.get(reverse("portal-statistics:year", args=[2023])).status_code == 404
    assert 'id="nothing"' in client.get(reverse("portal-statistics:index")).content.decode()
    office = client_for("office_staff")
    assert office.post(reverse("reports:annual-publish", args=[2023])).status_code == 302
    report = AnnualReport.objects.get(year=2023)
    assert report.state == "published" and report.published_by == world.users["office_staff"]
    page = client.get(reverse("portal-statistics:index")).content.decode()
    assert 'data-key="liaison_stations"' in page
    assert client.get(reverse("portal-statistics:year", args=[2023])).status_code == 200
    assert client.get(reverse("portal-statistics:year", args=[2022])).status_code == 404


def test_a_year_not_over_cannot_be_published(world, client_for, today):
    office = client_for("office_staff")
    office.post(reverse("reports:annual-publish", args=[2023]))  # today is 2023-03-01
    assert not AnnualReport.objects.filter(state="published").exists()


def test_publishing_twice_and_withdrawing_without_a_reason_are_refused(world, client_for):
    office = client_for("office_staff")
    office.post(reverse("reports:annual-publish", args=[2023]))
    office.post(reverse("reports:annual-publish", args=[2023]))
    assert AuditEntry.objects.filter(verb="report_published").count() == 1
    assert office.post(reverse("reports:annual-withdraw", args=[2023]), {}).status_code == 400
    assert AnnualReport.objects.get(year=2023).state == "published"
    response = office.post(reverse("reports:annual-withdraw", args=[2023]), {"reason": "数据有误"})
    assert response.status_code == 302
    assert AnnualReport.objects.get(year=2023).state == "draft"
    assert AuditEntry.objects.get(verb="report_withdrawn").note == "数据有误"


def test_the_leader_may_read_and_download_but_not_publish(world, client_for):
    leader = client_for("leader")
    assert leader.get(reverse(PAGE, args=[2023])).status_code == 200
    assert leader.post(reverse("reports:annual-publish", args=[2023])).status_code == 403
    assert not AnnualReport.objects.exists()


def test_the_annual_page_costs_a_bounded_number_of_queries(world, client_for, registered):
    registered()
    client = client_for("office_staff")
    figures = len(registry.figures())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(PAGE, args=[2023])).status_code == 200
    # one aggregate per figure, one per open-inputs check, and the page's own few
    assert len(queries) <= 2 * figures + 15


@pytest.mark.skipif(not charts.available(), reason="no Chinese font on this machine")
def test_the_charts_are_images_in_the_word_report(world, registered):
    registered()
    chart = charts.bar_chart("测试", ["满意", "不满意"], [3, 1])
    assert chart.png.startswith(b"\x89PNG")
    document = Document(io.BytesIO(documents.annual_report(2023)))
    assert len(document.inline_shapes) >= 1


def test_word_line_breaks_become_new_lines_and_other_controls_go(world, client_for):
    office = client_for("office_staff")
    assert _save(office, "第一段\x0b第二段\x1b{liaison_stations}").status_code == 302
    stored = ReportSection.objects.get().prose
    assert stored == "第一段\n第二段{liaison_stations}"
    response = office.get(reverse("reports:annual-download", args=[2023, "docx"]))
    assert response.status_code == 200


def test_numbers_typed_into_the_text_are_refused_but_quoted_names_pass(world, client_for):
    office = client_for("office_staff")
    response = _save(office, "全年建成代表联络站273个，收集社情民意４300余条。")
    assert response.status_code == 400
    assert "273" in response.content.decode()
    assert not ReportSection.objects.exists()
    assert (
        _save(office, "研究确定“1661”工作思路，建成联络站{liaison_stations}个。").status_code == 302
    )
    assert ReportSection.objects.count() == 1


def test_saving_the_same_text_again_records_nothing(world, client_for):
    office = client_for("office_staff")
    _save(office, PROSE)
    _save(office, PROSE)
    _save(office, "", section="party")  # the default already: nothing to reset
    assert AuditEntry.objects.filter(verb__startswith="report_section").count() == 1


def test_the_text_of_a_published_year_is_frozen_until_withdrawn(world, client_for):
    office = client_for("office_staff")
    _station("S-1")
    _save(office, PROSE)
    office.post(reverse("reports:annual-publish", args=[2023]))
    assert AnnualReport.objects.get(year=2023).state == "published"
    assert 'name="party-prose"' not in office.get(reverse(PAGE, args=[2023])).content.decode()
    _save(office, "草稿：待领导审定")
    assert ReportSection.objects.get().prose == PROSE
    office.post(reverse("reports:annual-withdraw", args=[2023]), {"reason": "改稿"})
    _save(office, "改稿后：建成联络站{liaison_stations}个。")
    assert ReportSection.objects.get().prose.startswith("改稿后")


def test_a_year_with_open_inputs_or_without_records_is_not_published(world, client_for, registered):
    office = client_for("office_staff")
    registered()  # a 2023 suggestion still in handling
    office.post(reverse("reports:annual-publish", args=[2023]))
    office.post(reverse("reports:annual-publish", args=[1985]))
    assert not AnnualReport.objects.filter(state="published").exists()


@pytest.mark.parametrize("role", ["deputy", "unit_handler", "expert"])
def test_the_years_figures_are_the_committee_sides(world, client_for, role):
    assert client_for(role).get("/api/v1/reports/annual/2023/").status_code == 403


def test_the_word_report_is_chinese_whatever_the_readers_language(world, client_for):
    from django.conf import settings as django_settings

    office = client_for("office_staff")
    office.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Annual report" in office.get(reverse(PAGE, args=[2023])).content.decode()
    text = _docx_text(office.get(reverse("reports:annual-download", args=[2023, "docx"])).content)
    with translation.override(django_settings.LANGUAGE_CODE):
        label = str(registry.figures()[0].label)
    assert label in text
