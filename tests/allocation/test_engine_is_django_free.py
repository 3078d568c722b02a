"""The allocation engine runs without Django: importing every engine module loads no Django."""

import pkgutil
import subprocess
import sys

import horizons.allocation.engine as engine


def test_no_engine_module_imports_django() -> None:
    modules = sorted(m.name for m in pkgutil.iter_modules(engine.__path__))
    assert "solver" in modules and "problem" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module('horizons.allocation.engine.' + name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    # A fresh interpreter: this test process has Django loaded already.
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]", f"engine modules pulled in Django: {out}"
