"""The portal's front page leads anyone to every public page, each of which answers."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_portal_links_every_public_page_and_each_answers(world):
    anonymous = Client()
    page = anonymous.get("/portal/")
    assert page.status_code == 200
    links = re.findall(r'<a class="card[^"]*" href="([^"]+)"', page.content.decode())
    assert len(links) == 8
    assert {"/portal/opinions/", "/portal/statistics/", "/portal/network/"} <= set(links)
    for link in links:
        assert anonymous.get(link).status_code == 200, link
