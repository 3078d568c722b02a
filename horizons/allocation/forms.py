from typing import Any

from django import forms

from horizons.core.forms import GovukForm


class RunForm(GovukForm):
    max_sessions = forms.IntegerField(
        label="Sessions each volunteer gives at most",
        min_value=1,
        max_value=20,
        initial=3,
        help_text="Across the whole campaign. Most volunteers give one to three.",
    )
    max_encounters_per_class = forms.IntegerField(
        label="Encounters each class has at most",
        min_value=1,
        max_value=10,
        initial=2,
        help_text="One means every class meets one person before any class meets a second.",
    )
    rotation_rounds = forms.IntegerField(
        label="Rounds at each host school's rotation event",
        min_value=0,
        max_value=6,
        initial=0,
        help_text=(
            "0 for no rotation events. Otherwise schools within 8 km of a school that can host "
            "take their classes there, as far as its hall holds them, and volunteers move "
            "round the classes: each volunteer meets up to this many classes in one half-day."
        ),
    )
    time_limit_seconds = forms.IntegerField(
        label="Seconds to spend searching",
        min_value=5,
        max_value=600,
        initial=20,
        help_text="A city's campaign is usually solved exactly in a few seconds.",
    )


class DecisionForm(GovukForm):
    kind = forms.ChoiceField(
        label="What to do",
        choices=[
            ("lock", "Keep this pairing in every plan"),
            ("forbid", "Never make this pairing"),
        ],
        widget=forms.RadioSelect,
        initial="lock",
    )
    request_class = forms.ChoiceField(label="Class")
    volunteer = forms.ChoiceField(label="Volunteer")
    slot = forms.ChoiceField(label="When")

    def __init__(self, *args: object, review: dict[str, object], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["request_class"].choices = review["classes"]  # type: ignore[attr-defined]
        self.fields["volunteer"].choices = review["volunteers"]  # type: ignore[attr-defined]
        self.fields["slot"].choices = review["slots"]  # type: ignore[attr-defined]


class PublishForm(GovukForm):
    online_link = forms.URLField(
        label="Joining link for online sessions",
        required=False,
        assume_scheme="https",
        help_text="For example your Teams or Zoom link. Needed only if the plan has online sessions.",
    )


class MoveForm(GovukForm):
    """Send a school's classes to a host school's rotation event, or keep them at home."""

    kind = forms.CharField(widget=forms.HiddenInput(attrs={"id": "id_move_kind"}), initial="move")
    move_school = forms.ChoiceField(label="School")
    move_host = forms.ChoiceField(label="Takes its classes to", required=False)

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["move_school"].choices = choices["schools"]  # type: ignore[attr-defined]
        self.fields["move_host"].choices = [("", "Stays at its own school"), *choices["hosts"]]  # type: ignore[attr-defined]


class DaysForm(GovukForm):
    """The half-days of a host school's rotation event."""

    kind = forms.CharField(widget=forms.HiddenInput(attrs={"id": "id_days_kind"}), initial="days")
    days_host = forms.ChoiceField(label="Host school")
    days_slots = forms.MultipleChoiceField(
        label="Half-days of its rotation event",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one half-day."},
    )

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["days_host"].choices = choices["hosts"]  # type: ignore[attr-defined]
        self.fields["days_slots"].choices = choices["slots"]  # type: ignore[attr-defined]


class CapForm(GovukForm):
    """The most classes and pupils a host school's hall takes in a half-day."""

    kind = forms.CharField(widget=forms.HiddenInput(attrs={"id": "id_cap_kind"}), initial="cap")
    cap_host = forms.ChoiceField(label="Host school")
    cap_classes = forms.IntegerField(
        label="Most classes in the hall in a half-day", required=False, min_value=1, max_value=30
    )
    cap_pupils = forms.IntegerField(
        label="Most pupils in the hall in a half-day", required=False, min_value=1, max_value=1000
    )

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["cap_host"].choices = choices["hosts"]  # type: ignore[attr-defined]


HOSTING_FORMS: dict[str, type[GovukForm]] = {"move": MoveForm, "days": DaysForm, "cap": CapForm}
