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
