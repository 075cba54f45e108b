"""Who may open legislation's URLs (see renda/core/tests/test_access_matrix.py): the
office enters texts and versions (REGISTRARS); the committee side and the experts
read; deputies, units and the public see nothing. Object URLs point at a text with
two versions."""

from renda.core.tests.access_roles import COMMITTEE, NOBODY, REGISTRARS

READERS = COMMITTEE | {"expert"}

POLICY = {
    "legislation:index": READERS,
    "legislation:text-list": READERS,
    "legislation:text-create": REGISTRARS,
    "legislation:text-detail": READERS,
    "legislation:version-create": REGISTRARS,
    "legislation:comparison": READERS,
    "legislation:comparison-docx": READERS,
    "legislation:version-detail": READERS,
    "legislation:version-akn": READERS,
    "legislation:version-json": READERS,
    "api:legal-text-list": READERS,
    "api:legal-text-detail": READERS,
    "api:legal-text-versions": NOBODY,  # POST only
    "api:legal-text-comparison": READERS,
    "api:text-version-list": READERS,
    "api:text-version-detail": READERS,
    "api:text-version-structure": READERS,
    "api:text-version-akn": READERS,
}

POST_POLICY = {
    "legislation:text-create": REGISTRARS,
    "legislation:version-create": REGISTRARS,
    "api:legal-text-list": REGISTRARS,
    "api:legal-text-versions": REGISTRARS,
}

_text = lambda w: {"pk": w.legal_text.pk}  # noqa: E731
_version = lambda w: {"pk": w.text_versions[-1].pk}  # noqa: E731
URL_ARGS = {
    "legislation:text-detail": _text,
    "legislation:version-create": _text,
    "legislation:comparison": _text,
    "legislation:comparison-docx": _text,
    "legislation:version-detail": _version,
    "legislation:version-akn": _version,
    "legislation:version-json": _version,
    "api:legal-text-detail": _text,
    "api:legal-text-versions": _text,
    "api:legal-text-comparison": _text,
    "api:text-version-detail": _version,
    "api:text-version-structure": _version,
    "api:text-version-akn": _version,
}

V1 = (
    "矩阵测试条例\n第一章　总则\n第一条　为了测试，制定本条例。\n第二条　本条例自公布之日起施行。\n"
)
V2 = "矩阵测试条例\n第一章　总则\n第一条　为了测试访问，制定本条例。\n第二条　本条例自公布之日起施行。\n"


def prepare(world) -> None:
    from renda.legislation import services

    office = world.users["office_staff"]
    legal_text = services.create_text(title="矩阵测试条例", kind="regulation_draft", actor=office)
    world.legal_text = legal_text
    world.text_versions = [
        services.add_version(legal_text, text=V1, label="一审稿", actor=office),
        services.add_version(legal_text, text=V2, label="二审稿", actor=office),
    ]
