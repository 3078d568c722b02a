"""One-off migration tool: one views naming scheme and one test-helper name (issue 13, item 6).

* An app with one views module keeps ``views.py``; an app with several has a ``views/`` package of
  topic modules (``benchmarks/views/audit.py`` …), never ``views_*.py`` beside ``views.py``.
* Test helpers in each test package are ``factories.py`` (``tests/programmes/helpers.py``,
  ``tests/benchmarks/helpers.py``, ``tests/allocation/builders.py`` + ``campaign_world.py`` before).
  The permission-matrix rows stay in ``matrix.py``: they are a table of pages, not a helper.

    .venv/bin/python scripts/rename_modules.py            # git mv what is still at its old path,
                                                          # then rewrite dotted module paths
    .venv/bin/python scripts/rename_modules.py --check    # change nothing; exit 1 if work remains

The renames were committed by hand (``git mv`` so other branches' edits follow by rename
detection); the merger re-runs this script on the merged tree to fix any new reference another
branch added, such as ``from tests.programmes.helpers import make_cohort`` or
``from horizons.core.views_errors import ClearBadRequest``. It rewrites only the full dotted paths
in MOVES (``horizons.programmes.views_child`` …), so a second run changes nothing. Two forms it
leaves to a person, because they need a new import line: ``from horizons.<app> import views_x``
(it lists them) and the two moved ``views.py`` files (careers, core), imported only by urls.py.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("horizons", "tests", "bench", "docs")
SUFFIXES = (".py", ".md", ".html", ".toml")

# old path -> new path (relative to the repository)
MOVES: dict[str, str] = {
    "horizons/benchmarks/views_audit.py": "horizons/benchmarks/views/audit.py",
    "horizons/benchmarks/views_hub.py": "horizons/benchmarks/views/hub.py",
    "horizons/benchmarks/views_results.py": "horizons/benchmarks/views/results.py",
    "horizons/careers/views.py": "horizons/careers/views/library.py",
    "horizons/careers/views_labour_market.py": "horizons/careers/views/labour_market.py",
    "horizons/careers/views_print.py": "horizons/careers/views/cards.py",
    "horizons/core/views.py": "horizons/core/views/pages.py",
    "horizons/core/views_errors.py": "horizons/core/views/errors.py",
    "horizons/encounters/views_campaigns.py": "horizons/encounters/views/campaigns.py",
    "horizons/encounters/views_events.py": "horizons/encounters/views/events.py",
    "horizons/encounters/views_offers.py": "horizons/encounters/views/offers.py",
    "horizons/encounters/views_reach.py": "horizons/encounters/views/reach.py",
    "horizons/encounters/views_school.py": "horizons/encounters/views/school.py",
    "horizons/programmes/views_child.py": "horizons/programmes/views/child.py",
    "horizons/programmes/views_cohorts.py": "horizons/programmes/views/cohorts.py",
    "horizons/programmes/views_impact.py": "horizons/programmes/views/impact.py",
    "horizons/programmes/views_my_class.py": "horizons/programmes/views/my_class.py",
    "horizons/programmes/views_parent.py": "horizons/programmes/views/parent.py",
    "horizons/programmes/views_privacy.py": "horizons/programmes/views/privacy.py",
    "horizons/programmes/views_pupils.py": "horizons/programmes/views/pupils.py",
    "tests/benchmarks/helpers.py": "tests/benchmarks/factories.py",
    "tests/programmes/helpers.py": "tests/programmes/factories.py",
    "tests/allocation/campaign_world.py": "tests/allocation/factories.py",
    # builders.py was merged into the same factories.py by hand (one file per test package).
    "tests/allocation/builders.py": "tests/allocation/factories.py",
}


def _dotted(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def rewrites() -> list[tuple[re.Pattern[str], str]]:
    """Dotted module path rewrites, for the moves whose old path is not a prefix of the new one."""
    result = []
    for old, new in MOVES.items():
        old_dotted, new_dotted = _dotted(old), _dotted(new)
        if new_dotted.startswith(old_dotted + "."):
            continue  # views.py -> views/<topic>.py: see the module docstring
        result.append((re.compile(rf"\b{re.escape(old_dotted)}\b"), new_dotted))
        old_slash = old  # paths in docs: horizons/programmes/views_child.py
        result.append((re.compile(rf"\b{re.escape(old_slash)}\b"), new))
    return result


OLD_PACKAGE_IMPORT = re.compile(r"from horizons\.\w+ import (?:\([^)]*|[^\n(]*)\bviews_\w+")


def run(root: Path, *, check: bool) -> int:
    work = 0
    for old, new in MOVES.items():
        if (root / old).exists() and not (root / new).exists():
            work += 1
            print(f"git mv {old} {new}")
            if not check:
                (root / new).parent.mkdir(parents=True, exist_ok=True)
                init = (root / new).parent / "__init__.py"
                if not init.exists():
                    init.write_text('"""Views, one module per topic."""\n', encoding="utf-8")
                    subprocess.run(["git", "add", str(init)], cwd=root, check=True)
                subprocess.run(["git", "mv", old, new], cwd=root, check=True)
        elif (root / old).exists():
            print(f"both {old} and {new} exist: merge them by hand")
    patterns = rewrites()
    for directory in SCANNED:
        for path in sorted((root / directory).rglob("*")):
            if path.suffix not in SUFFIXES or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            new_text = text
            for pattern, replacement in patterns:
                new_text = pattern.sub(replacement, new_text)
            relative = path.relative_to(root)
            if new_text != text:
                work += 1
                print(f"rewrite {relative}")
                if not check:
                    path.write_text(new_text, encoding="utf-8")
            for match in OLD_PACKAGE_IMPORT.finditer(new_text):
                print(f"for a person: {relative}: {match.group(0)}")
    return 1 if check and work else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if work remains"
    )
    args = parser.parse_args(argv)
    return run(ROOT, check=args.check)


if __name__ == "__main__":
    sys.exit(main())
