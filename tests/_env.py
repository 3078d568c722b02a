"""Loaded by pytest before Django reads its settings (pyproject: addopts "-p tests._env").

Tests run background tasks inline, so a service that enqueues work finishes it in the test, and
install the demo app (horizons.demo, for seed_demo) whatever DJANGO_DEBUG says.
"""

import os

os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
os.environ["HORIZONS_DEMO"] = "1"
