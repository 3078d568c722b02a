"""The permission matrix: every page, requested as every persona.

Each app adds its rows in `tests/<app>/matrix.py` as `ROWS`. A row names a URL, how to build
its arguments from the `world` fixture, and what each persona gets:
  "ok" → 200, "404" → not found, "login" → redirect to sign in, "redirect" → any other 302,
  a number → that status.
Personas not listed get DEFAULT (404): the safe answer for someone else's object.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ALL = [
    "admin",
    "facilitator",
    "lead",
    "teacher",
    "coordinator",
    "volunteer",
    "outsider",
    "national",
]


@dataclass(frozen=True)
class Row:
    url_name: str
    args: Callable[[Any], list[Any]] = lambda world: []
    expect: dict[str, str | int] = field(default_factory=dict)
    default: str | int = "404"
    anonymous: str | int = "login"

    def expected_for(self, persona: str) -> str | int:
        if persona == "anonymous":
            return self.anonymous
        return self.expect.get(persona, self.default)


def everyone(result: str | int = "ok", **overrides: str | int) -> dict[str, str | int]:
    return {name: overrides.get(name, result) for name in ALL}


def only(*personas: str, result: str | int = "ok") -> dict[str, str | int]:
    return dict.fromkeys(personas, result)


def all_rows() -> list[Row]:
    rows: list[Row] = []
    tests_dir = Path(__file__).parent
    for module in pkgutil.iter_modules([str(tests_dir)]):
        if not module.ispkg:
            continue
        try:
            matrix = importlib.import_module(f"tests.{module.name}.matrix")
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.{module.name}.matrix":
                raise
            continue
        rows.extend(matrix.ROWS)
    return rows
