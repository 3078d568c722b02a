import pytest


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings):  # type: ignore[no-untyped-def]
    """Run background tasks (emails, reminders) inline, whatever the environment says.

    tests/conftest.py sets TASKS_BACKEND too late when pytest-django has already read settings.
    """
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
