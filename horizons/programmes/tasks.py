"""Background work for programmes: the nightly check of class lists against the school's MIS."""

from __future__ import annotations

from django_tasks import task

from horizons.programmes import services_mis


@task()
def mis_nightly_check() -> int:
    """Preview every open group of every school with a nightly MIS check; apply nothing."""
    return services_mis.mis_check_all()
