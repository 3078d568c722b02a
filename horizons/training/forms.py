"""Forms for staff training pages (GOV.UK markup via core.forms)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from horizons.accounts.models import User
from horizons.benchmarks.framework import BENCHMARK_NUMBERS
from horizons.core.forms import GovukForm, UKDateField
from horizons.organisations.models import Hub, School
from horizons.training.models import MAX_CAPACITY, MAX_HOURS
from horizons.training.services import SessionPlan

BENCHMARK_CHOICES = [(str(n), f"Benchmark {n}") for n in BENCHMARK_NUMBERS]


class SessionForm(GovukForm):
    hub = forms.ModelChoiceField(label="Hub", queryset=Hub.objects.none(), empty_label=None)
    title = forms.CharField(label="Title", max_length=150)
    description = forms.CharField(
        label="What staff will learn",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    date = UKDateField(label="Date", help_text="For example, 27/01/2027.")
    starts_at = forms.TimeField(
        label="Starts at (UK time)", widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label="Ends at (UK time)", widget=forms.TimeInput(attrs={"type": "time"})
    )
    venue = forms.CharField(
        label="Venue", max_length=200, required=False, help_text="Leave empty for online only."
    )
    online_link = forms.URLField(
        label="Online link",
        required=False,
        assume_scheme="https",
        help_text="A Teams or Zoom link. Leave empty if the session is in person only.",
    )
    capacity = forms.IntegerField(label="Places", min_value=1, max_value=MAX_CAPACITY)
    hours = forms.DecimalField(
        label="CPD hours counted",
        min_value=Decimal("0.5"),
        max_value=MAX_HOURS,
        decimal_places=1,
        help_text="In half hours, for example 1.5.",
    )
    benchmarks = forms.MultipleChoiceField(
        label="Benchmarks it supports",
        choices=BENCHMARK_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Usually 1 (a careers programme) and 4 (careers in the curriculum).",
    )

    def __init__(self, *args: Any, hubs: list[Hub], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = Hub.objects.filter(  # type: ignore[attr-defined]
            pk__in=[hub.pk for hub in hubs]
        )
        if len(hubs) == 1:
            self.fields["hub"].widget = forms.HiddenInput()
            self.fields["hub"].initial = hubs[0].pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The session must end after it starts.")
        if not data.get("venue", "").strip() and not data.get("online_link", "").strip():
            self.add_error("venue", "Give a venue, an online link, or both.")
        return data

    def plan(self) -> SessionPlan:
        d = self.cleaned_data
        return SessionPlan(
            title=d["title"],
            description=d["description"],
            date=d["date"],
            starts_at=d["starts_at"],
            ends_at=d["ends_at"],
            venue=d["venue"],
            online_link=d["online_link"],
            capacity=d["capacity"],
            hours=d["hours"],
            benchmarks=tuple(int(n) for n in d["benchmarks"]),
        )


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else obj.email


class BookingForm(GovukForm):
    school = forms.ModelChoiceField(
        label="School", queryset=School.objects.none(), empty_label=None
    )
    attendee = PersonChoiceField(
        label="Who is coming?", queryset=User.objects.none(), empty_label=None
    )

    def __init__(
        self, *args: Any, schools: list[School], people: list[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(  # type: ignore[attr-defined]
            pk__in=[s.pk for s in schools]
        )
        self.fields["attendee"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=[p.pk for p in people]
        ).order_by("first_name", "last_name", "email")
        if len(schools) == 1:
            self.fields["school"].widget = forms.HiddenInput()
            self.fields["school"].initial = schools[0].pk
        if len(people) == 1:
            self.fields["attendee"].widget = forms.HiddenInput()
            self.fields["attendee"].initial = people[0].pk


class SessionCancelForm(GovukForm):
    reason = forms.CharField(
        label="Why is it cancelled? (optional)",
        required=False,
        max_length=300,
        help_text="It goes into every email, for example: the trainer is ill. 300 characters at most.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
