"""One-off migration tool: qualify every reference to a Horizons URL name with its app's namespace.

Issue 13 gave every app's ``urls.py`` an ``app_name`` (``benchmarks``, ``encounters``, …), so
``reverse("audit_detail")`` must become ``reverse("benchmarks:audit_detail")``. Other engineers
were editing views, templates and tests at the same time, so the references are rewritten by this
script rather than by hand; the merger re-runs it on the merged tree and commits its output.

    .venv/bin/python scripts/namespace_urls.py           # rewrite in place (then ruff format the
                                                         # files it changed), print leftovers
    .venv/bin/python scripts/namespace_urls.py --check   # change nothing; exit 1 if work remains

How it works

* The name -> namespace map comes from the urls modules themselves, read with ``ast`` (Django is
  never imported): each ``horizons/<app>/urls.py`` with ``app_name = "<ns>"`` contributes the
  ``name="…"`` of every ``path()``/``re_path()`` in it. ``horizons/urls.py`` (home, privacy,
  accessibility, healthz, child_go, team, …) has no namespace: those names stay global, as do
  allauth's (``account_login`` …) and the admin's (``admin:…``).
* Only string literals in URL contexts are rewritten, never any string that happens to equal a
  name such as "home":
    - templates (``horizons/templates/**.html``, ``*.txt``): the first argument of ``{% url %}``;
    - Python (``horizons/``, ``tests/``, ``bench/``): the first argument of ``reverse``,
      ``reverse_lazy``, ``redirect``, ``resolve_url``, the local ``_url`` helpers and the permission
      matrix's ``Row``; the second argument of ``register_nav`` and ``NavEntry``; the keywords
      ``viewname=`` and ``url_name=``; either side of ``… .url_name == "…"``; both branches of
      ``"a" if … else "b"`` when both are URL names; the first item of a ``("name", [args], …)``
      tuple (the tables tests keep of pages and their arguments); and settings such as
      ``LOGIN_URL = "name"``.
* Already-qualified names (``"benchmarks:audit_detail"``) are not in the map, so a second run
  changes nothing (idempotent).
* A name defined by two apps is resolved to the app the file belongs to (``horizons/<app>/``,
  ``horizons/templates/<app>/``, ``tests/<app>/``); elsewhere it is left alone and reported.
* Afterwards it lists string literals that equal a namespaced URL name but were not in a URL
  context, so a person can look at them (most are model fields or form keys, not URLs), and
  ``horizons/*/urls.py`` modules that still have no ``app_name``.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON_DIRS = ("horizons", "tests", "bench")
TEMPLATE_DIRS = ("horizons/templates",)
TEMPLATE_SUFFIXES = (".html", ".txt")

FIRST_ARG_CALLS = {"reverse", "reverse_lazy", "redirect", "resolve_url", "_url", "Row"}
SECOND_ARG_CALLS = {"register_nav", "NavEntry"}
NAME_KEYWORDS = {"viewname", "url_name"}
SETTINGS_KEYS = {
    "LOGIN_URL",
    "LOGIN_REDIRECT_URL",
    "LOGOUT_REDIRECT_URL",
    "ACCOUNT_LOGOUT_REDIRECT_URL",
    "ACCOUNT_SIGNUP_REDIRECT_URL",
    "ACCOUNT_EMAIL_CONFIRMATION_AUTHENTICATED_REDIRECT_URL",
    "ACCOUNT_EMAIL_CONFIRMATION_ANONYMOUS_REDIRECT_URL",
}
URL_TAG = re.compile(r"""(\{%-?\s*url\s+)(["'])([\w-]+)\2""")


@dataclass
class NameMap:
    """Bare URL name -> the namespaces that define it (usually exactly one)."""

    namespaces: dict[str, list[str]] = field(default_factory=dict)
    without_app_name: list[Path] = field(default_factory=list)

    def qualify(self, name: str, owner: str | None) -> str | None:
        spaces = self.namespaces.get(name)
        if not spaces:
            return None
        if len(spaces) == 1:
            return f"{spaces[0]}:{name}"
        if owner in spaces:
            return f"{owner}:{name}"
        return None


def _url_names(tree: ast.Module) -> tuple[str | None, list[str]]:
    app_name: str | None = None
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if (
                any(isinstance(t, ast.Name) and t.id == "app_name" for t in targets)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                app_name = node.value.value
        elif isinstance(node, ast.Call) and _func_name(node) in {"path", "re_path"}:
            for keyword in node.keywords:
                if (
                    keyword.arg == "name"
                    and isinstance(keyword.value, ast.Constant)
                    and isinstance(keyword.value.value, str)
                ):
                    names.append(keyword.value.value)
    return app_name, names


def build_name_map(root: Path = ROOT) -> NameMap:
    result = NameMap()
    for urls in sorted((root / "horizons").glob("*/urls.py")):
        app_name, names = _url_names(ast.parse(urls.read_text(encoding="utf-8")))
        if app_name is None:
            result.without_app_name.append(urls.relative_to(root))
            continue
        for name in names:
            spaces = result.namespaces.setdefault(name, [])
            if app_name not in spaces:
                spaces.append(app_name)
    return result


def _func_name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return ""


def _is_str(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _is_url_name_attr(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "url_name"


def url_name_literals(tree: ast.Module, known: set[str]) -> list[ast.Constant]:
    """The string literals in URL contexts (see the module docstring)."""
    found: list[ast.Constant] = []

    def take(node: ast.AST | None) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node)

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _func_name(node)
            if name in FIRST_ARG_CALLS and node.args:
                take(node.args[0])
            if name in SECOND_ARG_CALLS and len(node.args) > 1:
                take(node.args[1])
            for keyword in node.keywords:
                if keyword.arg in NAME_KEYWORDS:
                    take(keyword.value)
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(_is_url_name_attr(side) for side in sides):
                for side in sides:
                    take(side)
        elif isinstance(node, ast.IfExp):
            if (
                _is_str(node.body)
                and _is_str(node.orelse)
                and node.body.value in known  # type: ignore[attr-defined]
                and node.orelse.value in known  # type: ignore[attr-defined]
            ):
                take(node.body)
                take(node.orelse)
        elif isinstance(node, ast.Tuple):
            if (
                len(node.elts) >= 2
                and _is_str(node.elts[0])
                and isinstance(node.elts[1], ast.List | ast.Tuple | ast.Lambda)
            ):
                take(node.elts[0])
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in SETTINGS_KEYS for t in node.targets
        ):
            take(node.value)
    return found


def _owner(path: Path) -> str | None:
    parts = path.parts
    if len(parts) >= 3 and parts[0] == "horizons" and parts[1] == "templates":
        return parts[2]
    if len(parts) >= 2 and parts[0] in {"horizons", "tests"}:
        return parts[1]
    return None


def rewrite_python(text: str, names: NameMap, owner: str | None) -> tuple[str, list[str]]:
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, int, str]] = []  # (line index, start byte, end byte, new literal)
    skipped: list[str] = []
    for node in url_name_literals(tree, set(names.namespaces)):
        value = node.value
        if not isinstance(value, str) or node.end_lineno != node.lineno:
            continue
        if node.end_col_offset is None:
            continue
        qualified = names.qualify(value, owner)
        if qualified is None:
            if value in names.namespaces:
                skipped.append(f"{node.lineno}: ambiguous URL name {value!r}")
            continue
        line = lines[node.lineno - 1].encode("utf-8")
        literal = line[node.col_offset : node.end_col_offset].decode("utf-8")
        match = re.fullmatch(r"""([rRuU]?)(["'])([\w-]+)\2""", literal)
        if match is None:
            continue  # an implicit concatenation or an unusual literal: leave it to a person
        prefix, quote, _ = match.groups()
        edits.append(
            (
                node.lineno - 1,
                node.col_offset,
                node.end_col_offset,
                f"{prefix}{quote}{qualified}{quote}",
            )
        )
    for index, start, end, new in sorted(edits, reverse=True):
        line = lines[index].encode("utf-8")
        lines[index] = (line[:start] + new.encode("utf-8") + line[end:]).decode("utf-8")
    return "".join(lines), skipped


def rewrite_template(text: str, names: NameMap, owner: str | None) -> tuple[str, list[str]]:
    skipped: list[str] = []

    def replace(match: re.Match[str]) -> str:
        head, quote, name = match.groups()
        qualified = names.qualify(name, owner)
        if qualified is None:
            if name in names.namespaces:
                skipped.append(f"ambiguous URL name {name!r}")
            return match.group(0)
        return f"{head}{quote}{qualified}{quote}"

    return URL_TAG.sub(replace, text), skipped


def leftovers(text: str, names: NameMap) -> list[str]:
    """Bare string literals equal to a namespaced URL name, outside URL contexts."""
    tree = ast.parse(text)
    in_context = {id(node) for node in url_name_literals(tree, set(names.namespaces))}
    for node in ast.walk(tree):  # __all__ lists function names, not URLs
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            in_context.update(id(item) for item in ast.walk(node.value))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value in names.namespaces
            and id(node) not in in_context
        ):
            found.append(f"{node.lineno}: {node.value!r}")
    return found


def python_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for directory in PYTHON_DIRS:
        for path in sorted((root / directory).rglob("*.py")):
            relative = path.relative_to(root)
            if "migrations" in relative.parts or path.name == "urls.py":
                continue
            files.append(path)
    return files


def template_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for directory in TEMPLATE_DIRS:
        for path in sorted((root / directory).rglob("*")):
            if path.suffix in TEMPLATE_SUFFIXES and path.is_file():
                files.append(path)
    return files


def run(root: Path, *, check: bool) -> int:
    names = build_name_map(root)
    changed: list[Path] = []
    notes: list[str] = []
    for path in python_files(root) + template_files(root):
        relative = path.relative_to(root)
        text = path.read_text(encoding="utf-8")
        rewrite = rewrite_python if path.suffix == ".py" else rewrite_template
        new, skipped = rewrite(text, names, _owner(relative))
        notes.extend(f"{relative}:{note}" for note in skipped)
        if new != text:
            changed.append(relative)
            if not check:
                path.write_text(new, encoding="utf-8")
        if path.suffix == ".py":
            notes.extend(
                f"{relative}:{item} (not in a URL context)" for item in leftovers(new, names)
            )
    python_changed = [str(root / relative) for relative in changed if relative.suffix == ".py"]
    if python_changed and not check:
        # A qualified name can push a line past the limit: let the project's formatter re-wrap it.
        subprocess.run(
            [sys.executable, "-m", "ruff", "format", "--quiet", *python_changed], check=True
        )
    for urls in names.without_app_name:
        notes.append(f"{urls}: no app_name, so its names stay global")
    verb = "would change" if check else "changed"
    print(f"{verb} {len(changed)} files")
    for relative in changed:
        print(f"  {relative}")
    if notes:
        print("for a person to look at:")
        for note in notes:
            print(f"  {note}")
    return 1 if check and changed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if work remains"
    )
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="the repository (default: this one)"
    )
    args = parser.parse_args(argv)
    return run(args.root.resolve(), check=args.check)


if __name__ == "__main__":
    sys.exit(main())
