"""Form pieces other apps use to pick a job from the careers library.

Volunteers choose their job here so children can find them under "People like me":

    from horizons.careers.forms import job_profile_field

    class VolunteerForm(GovukModelForm):
        job_profile_slug = job_profile_field()
        class Meta:
            fields = [..., "job_profile_slug", ...]
"""

from __future__ import annotations

from typing import Any

from django import forms

from horizons.careers.library import catalogue


def job_profile_choices() -> list[tuple[str, str]]:
    """Every job in the library as (slug, title), in title order."""
    return catalogue().choices()


def _choices_with_blank() -> list[tuple[str, str]]:
    return [("", "Choose your job"), *job_profile_choices()]


def job_profile_field(**overrides: Any) -> forms.ChoiceField:
    """A select box of the library's jobs; optional unless ``required=True`` is passed."""
    options: dict[str, Any] = {
        "label": "Your job in the careers library",
        "required": False,
        "choices": _choices_with_blank,
        "help_text": (
            "Pick the job closest to yours. Children who look at this job can see your first "
            "name, job title and employer if you agree to be a role model."
        ),
    }
    options.update(overrides)
    return forms.ChoiceField(**options)
