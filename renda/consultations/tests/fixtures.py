"""Fixtures of the consultations tests: ``from renda.consultations.tests.fixtures import *``."""

import datetime as dt

import pytest

from renda.consultations import services
from renda.consultations.models import Channel, ContactPoint

__all__ = [
    "TEXT",
    "draft_version",
    "expert_account",
    "linked_user",
    "office",
    "open_consultation",
    "other_point",
    "point",
]

TEXT = """平顶山市测试管理条例（草案）
第一章　总则
第一条　为了规范测试管理，制定本条例。
第二条　本条例适用于本市行政区域内的测试活动。
　　本条例所称测试，是指对事物进行检验的活动。
第三条　有下列情形之一的，应当及时报告：
　　（一）发现重大隐患的；
　　（二）发生事故的；
　　（三）其他需要报告的情形。
第二章　附则
第四条　本条例自公布之日起施行。
"""


@pytest.fixture
def office(world):
    return world.users["office_staff"]


@pytest.fixture
def draft_version(office):
    from renda.legislation import services as legislation

    legal_text = legislation.create_text(
        title="平顶山市测试管理条例", kind="regulation_draft", actor=office
    )
    return legislation.add_version(legal_text, text=TEXT, label="草案一审稿", actor=office)


@pytest.fixture
def expert_account(world, office):
    from renda.supervision import services_projects as supervision

    return supervision.appoint_expert(
        name="王立法",
        expertise="行政法",
        affiliation="鹰城学院",
        title="教授",
        pool="legislation",
        term_start=dt.date(2022, 1, 1),
        user=world.users["expert"],
        actor=office,
    )


@pytest.fixture
def open_consultation(draft_version, office, today, expert_account):
    consultation = services.create_consultation(
        version=draft_version,
        title="测试条例公开征求意见",
        opens_on=today.value,
        closes_on=today.value + dt.timedelta(days=29),
        channels=[Channel.PORTAL, Channel.CONTACT_POINT, Channel.EXPERT, Channel.BASE],
        experts=[expert_account],
        actor=office,
    )
    return services.open_consultation(consultation, actor=office)


def _point(office, name, **kw):
    return services.create_contact_point(
        actor=office,
        kind=ContactPoint.Kind.CONTACT_POINT,
        name=name,
        area="新华区",
        designated_on=dt.date(2022, 1, 1),
        **kw,
    )


@pytest.fixture
def linked_user(db):
    from renda.core.models import User

    return User.objects.create_user("t-point", password="x")


@pytest.fixture
def point(office, linked_user):
    return _point(office, "西市场街道基层立法联系点", users=[linked_user])


@pytest.fixture
def other_point(office):
    return _point(office, "焦店镇基层立法联系点", phone="0375-9999999")
