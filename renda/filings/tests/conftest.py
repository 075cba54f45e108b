import datetime as dt

import pytest

TEXT = """平顶山市城市道路占用管理办法
第一条　为了加强城市道路管理，根据《城市道路管理条例》，制定本办法。
第二条　占用城市道路的，应当经市城市管理部门审批，并按照规定缴纳占道费，收费标准由市价格主管部门核定。
第三条　禁止在城市道路上擅自设置摊点。
第四条　违反本办法第二条规定的，由城市管理部门责令改正，处五千元以上一万元以下罚款，没收违法所得。
第五条　本办法自2023年3月1日起施行。
"""


@pytest.fixture
def committee(db):
    from renda.core.models import Organisation

    return Organisation.objects.create(
        code="WC-FG", name="法制工作委员会", kind=Organisation.Kind.WORKING_COMMITTEE
    )


@pytest.fixture
def filing_data():
    return {
        "title": "平顶山市城市道路占用管理办法",
        "document_number": "平政〔2023〕5号",
        "adopted_on": "2022-12-20",
        "published_on": "2023-02-01",
        "legal_basis": "《城市道路管理条例》",
        "explanation": "起草说明……",
        "text": TEXT,
    }


@pytest.fixture
def filed(world, today, filing_data):
    """A filing of the world's unit (a department), filed on 2023-03-01."""
    from renda.filings import services

    def make(**overrides):
        data = {**filing_data, **overrides}
        return services.file_document(
            issuer=overrides.pop("issuer", world.unit),
            title=data["title"],
            document_number=data["document_number"],
            adopted_on=dt.date.fromisoformat(data["adopted_on"]),
            published_on=dt.date.fromisoformat(data["published_on"]),
            legal_basis=data["legal_basis"],
            text=data["text"],
            actor=world.users["unit_handler"],
        )

    return make
