"""Settings read from the environment: typed, and loud on bad values."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from renda.env import env_bool, env_int, env_list, env_str


def test_typed_helpers(monkeypatch, tmp_path):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_bool("X_BOOL", False) is True
    assert env_int("X_INT", 0) == 42
    assert env_list("X_LIST", []) == ["a", "b", "c"]
    assert env_str("X_SECRET", "") == "s3cret"
    assert env_str("X_UNSET", "default") == "default"


@pytest.mark.parametrize(("helper", "value"), [(env_bool, "perhaps"), (env_int, "4x")])
def test_bad_values_fail_loudly(monkeypatch, helper, value):
    monkeypatch.setenv("X_BAD", value)
    with pytest.raises(ImproperlyConfigured):
        helper("X_BAD", 0)


def _check(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "renda.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env={k: v for k, v in {**os.environ, **env}.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = _check({"RENDA_ENV": "production", "RENDA_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "RENDA_SECRET_KEY" in result.stderr


@pytest.mark.slow
def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = _check(
        {
            "RENDA_ENV": "production",
            "RENDA_SECRET_KEY": "k9#Qw2@zR7!pL0vT4%mX8^bN3&cJ6*hF1(dS5)gY-aE=uI+oW_e",
            "RENDA_ALLOWED_HOSTS": "renda.example.gov.cn",
            "RENDA_VAR_DIR": str(tmp_path),
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
