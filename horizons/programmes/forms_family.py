"""Forms for the families pages: the termly newsletter's term and introduction."""

from __future__ import annotations

from datetime import date

from django import forms

from horizons.core import academic_year, terms
from horizons.core.forms import GovukForm
from horizons.programmes import family


def term_choices(today: date, years: int = 2) -> list[tuple[str, str]]:
    """Terms that have started, newest first: this school year's and the one before."""
    current = academic_year.start_year(today)
    choices = []
    for year in range(current, current - years, -1):
        for term in reversed(terms.Term):
            found = terms.dates(year, term)
            if found.first <= today:
                choices.append((f"{year}-{term.value}", found.label))
    return choices


def term_key(found: terms.TermDates) -> str:
    return f"{found.year}-{found.term.value}"


def parse_term(key: str) -> terms.TermDates:
    """ "2026-autumn" → the term's dates; ValueError for anything else."""
    year, _, term = key.partition("-")
    if not year.isdigit() or len(year) != 4:
        raise ValueError(key)
    return terms.dates(int(year), term)


class NewsletterTermForm(GovukForm):
    term = forms.ChoiceField(
        label="Term",
        error_messages={
            "required": "Choose a term.",
            "invalid_choice": "Choose a term from the list.",
        },
    )

    def __init__(self, *args: object, today: date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = term_choices(today)  # type: ignore[attr-defined]

    def chosen(self) -> terms.TermDates:
        return parse_term(self.cleaned_data["term"])


class NewsletterForm(NewsletterTermForm):
    introduction = forms.CharField(
        label="Introduction",
        help_text=(
            "What families read first. Plain words and short sentences. "
            f"Up to {family.NEWSLETTER_INTRO_MAX:,} characters; a blank line starts a new "
            "paragraph. Do not name children."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_introduction(self) -> str:
        try:
            return family.clean_introduction(self.cleaned_data.get("introduction", ""))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
