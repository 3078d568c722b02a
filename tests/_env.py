"""Loaded by pytest before Django reads its settings (pyproject: addopts "-p tests._env").

Tests run background tasks inline, so a service that enqueues work finishes it in the test.
"""

import os

os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
