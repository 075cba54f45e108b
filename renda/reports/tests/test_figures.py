import pytest
from django.core.management import call_command
from django.urls import reverse

from renda.core.models import Organisation
from renda.reports import registry

pytestmark = pytest.mark.django_db


def test_annual_figures_are_computed_from_records(world, client_for):
    client = client_for("leader")
    before = client.get(reverse("api:reports:annual-figures", args=[2023])).json()
    assert before["year"] == 2023
    assert before["figures"]["deputies_serving"] == 2
    Organisation.objects.create(
        code="NEW-1", name="新单位", kind="department", is_handling_unit=True
    )
    after = client.get(reverse("api:reports:annual-figures", args=[2023])).json()
    assert after["figures"]["handling_units"] == before["figures"]["handling_units"] + 1


def test_a_year_without_records_gives_zeros(world, client_for):
    figures = (
        client_for("leader")
        .get(reverse("api:reports:annual-figures", args=[1990]))
        .json()["figures"]
    )
    assert figures["deputies_serving"] == 0
    assert figures["committee_members"] == 0


def test_out_of_range_year_is_404(world, client_for):
    assert client_for("leader").get("/api/v1/reports/annual/99999/").status_code == 404


def test_figures_need_a_role(world, client_for):
    assert (
        client_for("no_role").get(reverse("api:reports:annual-figures", args=[2023])).status_code
        == 403
    )


def test_registering_a_key_twice_is_an_error():
    registry.register("dup_test", section="x", label="x", how="x")(lambda year: 1)
    with pytest.raises(ValueError):
        registry.register("dup_test", section="x", label="x", how="x")(lambda year: 2)


def test_share_of_nothing_is_zero():
    assert registry.share(0, 0) == 0.0
    assert registry.share(3, 4) == 0.75


def test_demo_refuses_production(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")
