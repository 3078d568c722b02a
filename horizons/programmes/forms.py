"""Forms for the programme pages (GOV.UK markup through core.forms)."""

from __future__ import annotations

from typing import Any

from django import forms

from horizons.accounts.models import User
from horizons.core.forms import GovukForm, UKDateField
from horizons.core.uploads import UploadRejected, check_upload
from horizons.organisations.models import School, Volunteer
from horizons.programmes import mis_import
from horizons.programmes.models import Cohort, Consent, Pupil, RetentionSchedule
from horizons.programmes.pictures import PICTURE_CHOICES, normalise_class_code
from horizons.programmes.templates_data import load_templates

YEAR_CHOICES = [(year, f"Year {year}") for year in range(1, 7)]
OPTIONAL_LABELS = {
    "pupil_premium": "Pupil premium",
    "send": "SEND",
    "gender": "Gender",
}


def _classes(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class CohortForm(GovukForm):
    school = forms.ModelChoiceField(queryset=School.objects.none(), empty_label=None)
    template_slug = forms.ChoiceField(label="Programme")
    name = forms.CharField(
        label="Name of the group",
        max_length=120,
        help_text="For example: Year 5 health and care, spring 2026",
    )
    year_group = forms.TypedChoiceField(choices=YEAR_CHOICES, coerce=int, label="Year group")
    classes = forms.CharField(
        label="Classes",
        required=False,
        max_length=200,
        help_text="Separate classes with commas, for example: 5B, 5R",
    )

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school = self.fields["school"]
        assert isinstance(school, forms.ModelChoiceField)
        school.queryset = schools
        if schools.count() == 1:
            school.widget = forms.HiddenInput()
            school.initial = schools.first()
        template = self.fields["template_slug"]
        assert isinstance(template, forms.ChoiceField)
        template.choices = [(slug, t.title) for slug, t in load_templates().items()]

    def clean_classes(self) -> list[str]:
        return _classes(self.cleaned_data.get("classes", ""))


class CohortEditForm(GovukForm):
    name = forms.CharField(label="Name of the group", max_length=120)
    year_group = forms.TypedChoiceField(choices=YEAR_CHOICES, coerce=int, label="Year group")
    classes = forms.CharField(label="Classes", required=False, max_length=200)
    status = forms.ChoiceField(choices=Cohort.Status.choices, widget=forms.RadioSelect)
    open_phase = forms.ChoiceField(
        label="Which questions can children answer now?",
        choices=[
            ("closed", "None at the moment"),
            ("pre", "The questions before the programme (session 1)"),
            ("post", "The questions after the programme (reflection session)"),
        ],
        widget=forms.RadioSelect,
        help_text="Children sign in with the class code only while the programme is running.",
    )

    def clean_classes(self) -> list[str]:
        return _classes(self.cleaned_data.get("classes", ""))


def _teacher_label(user: User) -> str:
    return str(user.get_full_name() or user.email)


class CohortTeachersForm(CohortEditForm):
    """The careers leader's version: also who runs the group (only they may change its
    children's records)."""

    teachers: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label="Teachers who run this group",
        widget=forms.CheckboxSelectMultiple,
        help_text="Only these teachers and the careers leader can change the children's "
        "records. Other staff can still see them.",
    )

    def __init__(self, *args: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["teachers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = teachers
        field.label_from_instance = _teacher_label  # type: ignore[method-assign, assignment]


def _volunteer_label(volunteer: Volunteer) -> str:
    return f"{volunteer.display_name}, {volunteer.job_title} ({volunteer.employer.name})"


class SessionForm(GovukForm):
    date = UKDateField(required=False, label="Date")
    starts_at = forms.TimeField(
        required=False, label="Start time", widget=forms.TimeInput(attrs={"type": "time"})
    )
    volunteers: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=Volunteer.objects.none(),
        required=False,
        label="Professionals",
        widget=forms.CheckboxSelectMultiple,
        help_text="Volunteers from employers in your careers hub.",
    )
    held = forms.BooleanField(required=False, label="This session has happened")
    present = forms.MultipleChoiceField(
        required=False,
        label="Children who were there",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, volunteers: Any, pupils: list[Pupil], with_professionals: bool, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        volunteer_field = self.fields["volunteers"]
        assert isinstance(volunteer_field, forms.ModelMultipleChoiceField)
        volunteer_field.queryset = volunteers
        volunteer_field.label_from_instance = _volunteer_label  # type: ignore[method-assign,assignment]
        if not with_professionals:
            del self.fields["volunteers"]
        present = self.fields["present"]
        assert isinstance(present, forms.MultipleChoiceField)
        present.choices = [(str(p.pk), p.display_name) for p in pupils]


class UploadForm(GovukForm):
    file = forms.FileField(
        label="Class list (CSV file)",
        help_text="Export the class list from SIMS, Arbor or Bromcom as a CSV file.",
    )
    keep = forms.MultipleChoiceField(
        label="Also keep (only if your reports need it)",
        required=False,
        choices=list(OPTIONAL_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text="Horizons keeps first name, surname initial, year group and class. It never "
        "keeps a UPN, a date of birth or an address.",
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > mis_import.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB; a class list is smaller.")
        data = bytes(upload.read())
        try:
            check_upload(data, max_bytes=mis_import.MAX_BYTES)
        except UploadRejected as exc:
            raise forms.ValidationError(
                f"This is not a CSV file that can be read: {exc} A class list must be a CSV file."
            ) from exc
        return data


class ColumnMappingForm(GovukForm):
    """One drop-down per thing Horizons keeps: which column of the file holds it."""

    def __init__(
        self,
        *args: Any,
        headers: tuple[str, ...],
        proposal: dict[str, str],
        keep: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Not in this file"), *[(h, h) for h in headers if h]]
        wanted = [
            name
            for name in mis_import.FIELDS
            if name not in mis_import.OPTIONAL_FIELDS or name in keep
        ]
        for name in wanted:
            required = name in ("last_name", "year_group", "class_name")
            self.fields[name] = forms.ChoiceField(
                label=mis_import.FIELD_LABELS[name].capitalize(),
                choices=choices,
                required=required,
                initial=proposal.get(name, ""),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("first_name") and not data.get("preferred_name"):
            self.add_error("first_name", "Choose the column that holds the first name.")
        return data

    def mapping(self) -> dict[str, str]:
        return {name: value for name, value in self.cleaned_data.items() if value}


CONSENT_CHOICES = [
    (Consent.Parent.PENDING, "Not replied"),
    (Consent.Parent.GRANTED, "Yes"),
    (Consent.Parent.REFUSED, "No"),
]


class PupilForm(GovukForm):
    first_name = forms.CharField(max_length=50)
    last_initial = forms.CharField(label="First letter of surname", max_length=1)
    class_name = forms.CharField(label="Class", max_length=20)
    pupil_premium = forms.NullBooleanField(required=False, label="Pupil premium")
    send = forms.NullBooleanField(label="SEND", required=False)
    gender = forms.ChoiceField(
        required=False, choices=[("", "Not recorded"), *Pupil.Gender.choices]
    )


class ParentConsentForm(GovukForm):
    answer = forms.ChoiceField(
        label="Can your child take part?",
        choices=[("yes", "Yes, my child can take part"), ("no", "No, my child cannot take part")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no."},
    )


# --- children --------------------------------------------------------------------------------


class ClassCodeForm(forms.Form):
    code = forms.CharField(
        label="Class code",
        max_length=12,
        error_messages={"required": "Type the class code from the board."},
    )

    def clean_code(self) -> str:
        return normalise_class_code(self.cleaned_data["code"])


class PictureForm(forms.Form):
    picture = forms.ChoiceField(
        choices=PICTURE_CHOICES,
        error_messages={"required": "Tap your picture.", "invalid_choice": "Tap your picture."},
    )
    number = forms.IntegerField(
        label="My number",
        min_value=10,
        max_value=99,
        error_messages={
            "required": "Type your number.",
            "invalid": "Type your number. It has two digits.",
            "min_value": "Your number has two digits.",
            "max_value": "Your number has two digits.",
        },
    )


class RetentionForm(GovukForm):
    years_after_finish = forms.TypedChoiceField(
        label="Keep children's names and words for",
        coerce=int,
        choices=[(0, "Until the end of the academic year the group finishes")]
        + [
            (n, f"{n} more academic year{'s' if n > 1 else ''} after that")
            for n in range(1, RetentionSchedule.MAX_YEARS + 1)
        ],
        help_text="Then names, surname initials, typed words and activities are removed. "
        "The anonymous answers stay, so impact figures still add up.",
    )
    access_log_years = forms.TypedChoiceField(
        label="Keep the record of who saw children's data for",
        coerce=int,
        choices=[
            (n, f"{n} year{'s' if n > 1 else ''}")
            for n in range(1, RetentionSchedule.MAX_YEARS + 1)
        ],
    )


class ContactsUploadForm(GovukForm):
    file = forms.FileField(
        label="Parents' contacts (CSV file)",
        help_text="Columns: Reference (or First name and Surname initial), then Email and/or "
        "Mobile. Every row is checked; nothing is saved until every row is right.",
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(
                "The file is larger than 1 MB: upload one group's contacts."
            )
        data = bytes(upload.read())
        try:
            check_upload(data, max_bytes=1024 * 1024)
        except UploadRejected as exc:
            raise forms.ValidationError(
                f"This is not a CSV file that can be read: {exc} Save the contacts as CSV."
            ) from exc
        return data
