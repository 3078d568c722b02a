"""Forms for encounters, in GOV.UK markup. They check shape; the rules live in services."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any, cast

from django import forms

from horizons.careers.profiles import load_profiles
from horizons.core.forms import GovukForm, GovukModelForm, UKDateField
from horizons.core.sectors import SECTORS
from horizons.encounters.campaign_templates import (
    NATIONAL_CAREERS_WEEK,
    first_full_week_of_march,
)
from horizons.encounters.models import MAX_CLASS_SIZE, BookingClass, Campaign, Event, Offer
from horizons.encounters.scheduling import YEAR_GROUPS, campaign_slots
from horizons.organisations.models import WEEKDAY_SLOTS, School, Volunteer

YEAR_CHOICES = [(str(k), v) for k, v in YEAR_GROUPS.items()]
SECTOR_CHOICES = list(SECTORS.items())
RATING_CHOICES = [
    ("5", "5 – excellent"),
    ("4", "4 – good"),
    ("3", "3 – fine"),
    ("2", "2 – disappointing"),
    ("1", "1 – poor"),
]


def job_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The careers library grouped by sector, for choosing the jobs children will meet."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for profile in load_profiles():
        groups[SECTORS.get(profile.sector, profile.sector)].append((profile.slug, profile.title))
    return [(sector, sorted(jobs, key=lambda j: j[1])) for sector, jobs in sorted(groups.items())]


class YearGroupsField(forms.TypedMultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", YEAR_CHOICES)
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(**kwargs)


class OfferForm(GovukModelForm):
    format = forms.ChoiceField(choices=Offer.Format.choices, widget=forms.RadioSelect)
    sectors = forms.MultipleChoiceField(
        choices=SECTOR_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    year_groups = YearGroupsField(label="Year groups")
    available_slots = forms.MultipleChoiceField(
        label="When you can usually come",
        choices=list(WEEKDAY_SLOTS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave empty if you can come any time your volunteers are free.",
    )
    job_profile_slugs = forms.MultipleChoiceField(
        label="Jobs children will meet",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="From the careers library. Hold Ctrl (or Cmd) to choose more than one.",
    )
    volunteers = forms.ModelMultipleChoiceField(
        queryset=Volunteer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Volunteers involved",
    )

    class Meta:
        model = Offer
        fields = [
            "title",
            "what_children_do",
            "format",
            "sectors",
            "year_groups",
            "group_size",
            "duration_minutes",
            "volunteers",
            "job_profile_slugs",
            "available_slots",
            "can_travel",
            "travel_radius_km",
            "can_host",
            "is_published",
        ]
        labels = {
            "duration_minutes": "Duration (minutes)",
            "travel_radius_km": "How far you travel (km)",
        }
        widgets = {"what_children_do": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, employer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["volunteers"].queryset = Volunteer.objects.filter(employer=employer)  # type: ignore[attr-defined]
        self.fields["job_profile_slugs"].choices = job_choices()  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["year_groups"] = [str(y) for y in self.instance.year_groups]


class CampaignForm(GovukModelForm):
    starts_on = UKDateField(label="First day")
    ends_on = UKDateField(label="Last day")
    requests_close_on = UKDateField(
        label="Requests close on",
        required=False,
        help_text="Leave empty to take requests until the end.",
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "kind",
            "area",
            "description",
            "starts_on",
            "ends_on",
            "requests_close_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            # Set by a template (National Careers Week), carried through the form unseen.
            "kind": forms.HiddenInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False  # a form posted without it keeps the campaign's

    def clean_kind(self) -> str:
        return str(
            self.cleaned_data.get("kind")
            or (self.instance.kind if self.instance.pk else Campaign.Kind.CAMPAIGN)
        )


class CampaignTemplateForm(GovukForm):
    """Start from National Careers Week: the hub picks the year; the dates follow."""

    template = forms.ChoiceField(
        choices=[(NATIONAL_CAREERS_WEEK, "National Careers Week")], widget=forms.HiddenInput
    )
    year = forms.TypedChoiceField(label="Year", coerce=int)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # This March if it is still to come, else next March; and the year after.
        first = today.year if today < first_full_week_of_march(today.year) else today.year + 1
        cast(forms.TypedChoiceField, self.fields["year"]).choices = [
            (str(year), str(year)) for year in (first, first + 1, first + 2)
        ]


class InviteForm(GovukForm):
    schools = forms.ModelMultipleChoiceField(
        queryset=School.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    all_schools = forms.BooleanField(label="Invite every school shown", required=False)
    employers = forms.ModelMultipleChoiceField(
        queryset=School.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, schools: Any, employers: Any, shown: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = schools  # type: ignore[attr-defined]
        self.fields["employers"].queryset = employers  # type: ignore[attr-defined]
        if shown is not None:
            self.fields[
                "all_schools"
            ].label = f"Invite all {shown} school{'s' if shown != 1 else ''} shown by the filter"
            self.fields["schools"].label = "Or choose schools"
        self.shown = shown

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("all_schools") and self.shown == 0:
            raise forms.ValidationError(
                "No schools still to invite match this filter; change the filter or untick "
                "“Invite all”."
            )
        if not data.get("all_schools") and not data.get("schools") and not data.get("employers"):
            raise forms.ValidationError("Choose at least one school or employer to invite.")
        return data


class ClassRowForm(GovukForm):
    """One class: its name, year group and number of pupils. A blank row is ignored."""

    name = forms.CharField(label="Class name", max_length=60, required=False)
    year_group = forms.TypedChoiceField(
        label="Year group",
        choices=[("", "Choose"), *YEAR_CHOICES],
        coerce=int,
        required=False,
        empty_value=None,
    )
    pupils = forms.IntegerField(
        label="Pupils", min_value=1, max_value=MAX_CLASS_SIZE, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [data.get("name"), data.get("year_group"), data.get("pupils")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(
                "Give each class a name, a year group and a number of pupils."
            )
        return data


ClassFormSet = forms.formset_factory(ClassRowForm, extra=0, min_num=1, max_num=12)


def filled_classes(formset: Any) -> list[Any]:
    from horizons.encounters.services import ClassSpec

    return [
        ClassSpec(f.cleaned_data["name"], f.cleaned_data["year_group"], f.cleaned_data["pupils"])
        for f in formset.forms
        if f.cleaned_data.get("name")
    ]


class RequestForm(GovukForm):
    slots = forms.MultipleChoiceField(
        label="When your classes could take part", widget=forms.CheckboxSelectMultiple
    )
    can_host = forms.BooleanField(label="We can host other schools' classes", required=False)
    host_pupils = forms.IntegerField(
        label="Pupils your hall can hold", required=False, min_value=1, max_value=1000
    )
    online_ok = forms.BooleanField(label="Our classes can join online sessions", required=False)
    sectors_wanted = forms.MultipleChoiceField(
        label="Kinds of work you would most like children to see",
        choices=SECTOR_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    hopes = forms.CharField(
        label="What you hope for",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: women in engineering for Year 6, or jobs in health for Year 4.",
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slots"].choices = campaign_slots(campaign.starts_on, campaign.ends_on)  # type: ignore[attr-defined]


class EventForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of event", choices=Event.Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(max_length=150)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    offers = forms.ModelMultipleChoiceField(
        label="Employers' activities",
        queryset=Offer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="One for a special event or an online session; two or more for a rotation.",
    )
    date = UKDateField(label="Date")
    starts_at = forms.TimeField(label="Starts at", widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label="Ends at", widget=forms.TimeInput(attrs={"type": "time"}))
    year_groups = YearGroupsField(label="Year groups")
    host_school = forms.ModelChoiceField(
        label="Host school",
        queryset=School.objects.none(),
        required=False,
        help_text="Where the event happens; leave empty for a workplace visit or online.",
    )
    with_secondary = forms.ModelChoiceField(
        label="Held with a secondary school (optional)",
        queryset=School.objects.none(),
        required=False,
        help_text="A joint event with a secondary school, such as a taster day for Year 6. "
        "Its careers leader sees the event.",
    )
    location = forms.CharField(label="Room or address", max_length=200, required=False)
    join_url = forms.URLField(
        label="Joining link (online sessions)", required=False, assume_scheme="https"
    )
    joining_guide = forms.CharField(
        label="Joining guide",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What teachers need: when to open the link, sound, camera, what children need.",
    )
    address = forms.CharField(
        label="Street address and postcode",
        max_length=300,
        required=False,
        help_text="For visitors finding the venue. The host school's postcode is added if missing.",
    )
    arrive_by = forms.TimeField(
        label="Visitors arrive by",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="Leave empty for 15 minutes before the start.",
    )
    arrival_instructions = forms.CharField(
        label="Arrival instructions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Which entrance, where to park, where to sign in.",
    )
    contact_name = forms.CharField(label="Contact on the day", max_length=120, required=False)
    contact_role = forms.CharField(label="Their role", max_length=120, required=False)
    contact_phone = forms.CharField(
        label="Their phone number",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    safeguarding_lead = forms.CharField(
        label="Designated safeguarding lead",
        max_length=120,
        required=False,
        help_text="The name visitors are told to go to with a concern about a child.",
    )
    capacity = forms.IntegerField(min_value=1, max_value=100000)
    capacity_unit = forms.ChoiceField(
        label="Capacity counts",
        choices=Event.Unit.choices,
        widget=forms.RadioSelect,
        initial=Event.Unit.PUPILS,
    )
    waiting_list_open = forms.BooleanField(
        label="Offer a waiting list when full", required=False, initial=True
    )

    def __init__(
        self,
        *args: Any,
        offers: Any,
        schools: Any,
        secondaries: Any = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        secondaries = School.objects.none() if secondaries is None else secondaries
        super().__init__(*args, **kwargs)
        self.fields["offers"].queryset = offers  # type: ignore[attr-defined]
        self.fields["host_school"].queryset = schools  # type: ignore[attr-defined]
        self.fields["with_secondary"].queryset = secondaries  # type: ignore[attr-defined]
        if editing:
            del self.fields["offers"]


class BookingForm(GovukForm):
    join_waiting_list = forms.BooleanField(
        label="If there is no room, put us on the waiting list", required=False
    )

    def __init__(self, *args: Any, supervised_visit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if supervised_visit:
            self.fields["supervised_by_staff"] = forms.BooleanField(
                label="Our staff will stay with the visitors at all times",
                help_text="A volunteer at this event has no verified safeguarding check, so "
                "they may visit only under your staff's supervision throughout.",
                error_messages={
                    "required": "Tick to confirm your staff will supervise the visitors, "
                    "or choose another event."
                },
            )


class CancelForm(GovukForm):
    reason = forms.CharField(label="Reason (optional)", max_length=300, required=False)


class AttendanceForm(GovukForm):
    rating = forms.TypedChoiceField(
        label="How useful was the encounter?",
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        required=False,
        empty_value=None,
    )
    comments = forms.CharField(
        label="Comments", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, classes: list[BookingClass], quote_rows: int = 3, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.classes = classes
        for c in classes:
            self.fields[f"attended_{c.pk}"] = forms.IntegerField(
                label=f"{c.name}: pupils who took part",
                min_value=0,
                help_text=f"{c.pupils} booked",
                initial=getattr(getattr(c, "attendance", None), "pupils", c.pupils),
                # For "Everyone booked took part" (programmes/select-all.js).
                widget=forms.NumberInput(attrs={"data-booked": c.pupils}),
            )
        for i in range(1, quote_rows + 1):
            self.fields[f"quote_{i}"] = forms.CharField(
                label=f"Child's quote {i}",
                max_length=300,
                required=False,
                help_text="No names. For example: “I didn't know girls could be engineers!”",
            )
            self.fields[f"quote_{i}_year"] = forms.TypedChoiceField(
                label=f"Year group of child {i}",
                choices=[("", "Not given"), *YEAR_CHOICES],
                coerce=int,
                required=False,
                empty_value=None,
            )
            self.fields[f"quote_{i}_consent"] = forms.BooleanField(
                label=f"Consent to share quote {i} (the child and school agree)", required=False
            )
        # Class figures first, then feedback, then quotes.
        order = [f"attended_{c.pk}" for c in classes] + ["rating", "comments"]
        self.order_fields(order)

    def attended(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"attended_{c.pk}"] for c in self.classes}

    def quotes(self) -> list[Any]:
        from horizons.encounters.services import QuoteSpec

        found = []
        for name in self.fields:
            if name.startswith("quote_") and name.count("_") == 1 and self.cleaned_data.get(name):
                found.append(
                    QuoteSpec(
                        self.cleaned_data[name],
                        self.cleaned_data.get(f"{name}_year"),
                        bool(self.cleaned_data.get(f"{name}_consent")),
                    )
                )
        return found


class VolunteerFeedbackForm(GovukForm):
    rating = forms.TypedChoiceField(
        label="How did the session go?",
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    went_well = forms.CharField(
        label="What went well", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    improve = forms.CharField(
        label="What we could do better", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CannotComeForm(GovukForm):
    reason = forms.CharField(
        label="Why can't you come? (optional)",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your hub and the school see this. Do not include anything private.",
    )


class VolunteerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj}, {obj.job_title} ({obj.employer.name})"


class FillPlaceForm(GovukForm):
    volunteer = VolunteerChoiceField(
        label="Volunteer to take the place",
        queryset=Volunteer.objects.none(),
        empty_label="Choose a volunteer",
        help_text="The hub's volunteers who are free at this time. They are asked to confirm.",
    )

    def __init__(self, *args: Any, volunteers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["volunteer"]
        assert isinstance(field, VolunteerChoiceField)
        field.queryset = (
            Volunteer.objects.filter(pk__in=[v.pk for v in volunteers])
            .select_related("employer")
            .order_by("first_name", "last_name")
        )
