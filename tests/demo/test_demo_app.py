"""The demo region is its own app, installed in development and tests only (never in production),
and the product never imports it."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "HORIZONS_ENV": "production",
    "DJANGO_SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-value-0123456789",
    "ALLOWED_HOSTS": "horizons.example.org",
    "DATABASE_URL": "sqlite:////tmp/horizons-demo-app-check.sqlite3",
}


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"HORIZONS_ENV", "HORIZONS_DEMO", "DJANGO_DEBUG", "DJANGO_SECRET_KEY"}
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        check=False,
    )


def _installed(**env: str) -> bool:
    result = _run(
        ["-c", "import horizons.settings as s; print('horizons.demo' in s.INSTALLED_APPS)"], **env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip() == "True"


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"HORIZONS_DEMO": "1"},
        {"DJANGO_DEBUG": "1"},
        {"HORIZONS_DEMO": "1", "DJANGO_DEBUG": "1"},
    ],
)
def test_production_settings_never_install_the_demo_app(extra: dict[str, str]) -> None:
    assert not _installed(**PRODUCTION_ENV, **extra)


def test_development_installs_the_demo_app_unless_switched_off() -> None:
    assert _installed()  # DEBUG is on by default in development
    assert not _installed(DJANGO_DEBUG="0")
    assert _installed(DJANGO_DEBUG="0", HORIZONS_DEMO="1")  # e.g. a staging server
    assert not _installed(HORIZONS_DEMO="0")


def test_production_has_no_seed_demo_command() -> None:
    result = _run(["manage.py", "seed_demo"], **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "Unknown command: 'seed_demo'" in result.stderr


def test_tests_run_with_the_demo_app_and_its_command() -> None:
    assert apps.is_installed("horizons.demo")
    assert get_commands()["seed_demo"] == "horizons.demo"


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_product_module_imports_the_demo() -> None:
    offenders = []
    for path in sorted((ROOT / "horizons").rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[:2] == ("horizons", "demo") or relative.name == "settings.py":
            continue
        if any(name.startswith("horizons.demo") for name in _imported_modules(path)):
            offenders.append(str(relative))
    assert offenders == []


def test_no_app_keeps_demo_modules_of_its_own() -> None:
    leftovers = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "horizons").rglob("demo*.py")
        if path.parent != ROOT / "horizons" / "demo"
    ]
    assert leftovers == []
