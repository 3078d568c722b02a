"""Forms for benchmarks pages (GOV.UK markup via core.forms)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from horizons.benchmarks.framework import BENCHMARK_NUMBERS, Framework
from horizons.benchmarks.models import SUBJECTS, YEAR_GROUPS, Action
from horizons.core.forms import GovukForm, UKDateField
from horizons.organisations.models import FSM_BANDS, Hub, School

BENCHMARK_FIELD_CHOICES = [(str(n), f"Benchmark {n}") for n in BENCHMARK_NUMBERS]


class AuditStartForm(GovukForm):
    term = forms.ChoiceField(label="Which term is this audit for?")
    start_from = forms.ChoiceField(
        label="How do you want to start?",
        choices=[
            ("copy", "Copy the answers from your last audit and change what has moved on"),
            ("new", "Start with a blank audit"),
        ],
        widget=forms.RadioSelect,
        initial="copy",
    )

    def __init__(self, *args: Any, terms: list[str], can_copy: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["term"]).choices = [(term, term) for term in terms]
        self.fields["term"].initial = terms[0]
        if not can_copy:
            del self.fields["start_from"]


class StaffChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A member of the school's staff, shown by name and email."""

    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else str(obj.email)


class ActionForm(GovukForm):
    benchmark = forms.TypedChoiceField(
        label="Benchmark", choices=BENCHMARK_FIELD_CHOICES, coerce=int
    )
    criterion_id = forms.ChoiceField(
        label="Criterion (optional)",
        required=False,
        help_text="Linking the action to a criterion shows it beside that criterion next time.",
    )
    text = forms.CharField(
        label="Action", max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner_user = StaffChoiceField(
        label="Who will do it",
        queryset=None,
        required=False,
        empty_label="Not assigned yet",
        help_text="A member of the school's staff. They see it under My actions on their home page.",
    )
    achieve_by = UKDateField(label="Achieve by", required=False)
    status = forms.ChoiceField(label="Status", choices=Action.Status.choices)
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What shows this has been done, for example a lesson plan or a photo record.",
    )

    def __init__(
        self, *args: Any, framework: Framework, school: School, staff: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.framework = framework
        owner = cast(StaffChoiceField, self.fields["owner_user"])
        owner.queryset = staff
        owner.error_messages["invalid_choice"] = f"Choose someone from {school.name}'s staff list."
        cast(forms.ChoiceField, self.fields["criterion_id"]).choices = [
            ("", "Not linked to a criterion")
        ] + [
            (c.id, f"{c.id} {c.text[:90]}{'…' if len(c.text) > 90 else ''}")
            for c in framework.criteria
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        criterion_id = data.get("criterion_id")
        if criterion_id and data.get("benchmark"):
            criterion = self.framework.criterion(criterion_id)
            if criterion.benchmark != data["benchmark"]:
                self.add_error(
                    "criterion_id",
                    f"Criterion {criterion_id} belongs to benchmark {criterion.benchmark}, "
                    f"not benchmark {data['benchmark']}.",
                )
        return data


class ActionProgressForm(GovukForm):
    status = forms.ChoiceField(
        label="How is it going?", choices=Action.Status.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Progress note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you have done, what is next, or what would help.",
    )


class VisitNoteForm(GovukForm):
    visited_on = UKDateField(label="Date of visit or call")
    notes = forms.CharField(
        label="Notes", max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    follow_up = forms.CharField(
        label="Follow-up (optional)",
        required=False,
        max_length=300,
        help_text="What you or the school agreed to do next, for example “send the maths cards”.",
    )
    follow_up_by = UKDateField(label="Follow up by (optional)", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        visited, due = data.get("visited_on"), data.get("follow_up_by")
        if due and not (data.get("follow_up") or "").strip():
            self.add_error("follow_up", "Say what the follow-up is, or clear its date.")
        if visited and due and due < visited:
            self.add_error(
                "follow_up_by",
                f"The follow-up date must be on or after the visit "
                f"({visited.strftime('%-d %B %Y')}).",
            )
        return data


class AreaMeetingForm(GovukForm):
    hub = forms.ModelChoiceField(label="Hub", queryset=Hub.objects.none(), empty_label=None)
    title = forms.CharField(label="Title", max_length=150)
    date = UKDateField(label="Date")
    location = forms.CharField(label="Where", max_length=150, required=False)
    schools = forms.ModelMultipleChoiceField(
        label="Schools attending",
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What was shared: ideas, resources, toolkits, and who will follow up.",
    )

    def __init__(
        self, *args: Any, hubs: QuerySet[Hub], schools: QuerySet[School], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs  # type: ignore[attr-defined]
        self.fields["schools"].queryset = schools.order_by("name")  # type: ignore[attr-defined]


class ResourceForm(GovukForm):
    hub = forms.ModelChoiceField(label="Hub", queryset=Hub.objects.none(), empty_label=None)
    title = forms.CharField(label="Title", max_length=150)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    url = forms.URLField(label="Web address", required=False, assume_scheme="https")
    file = forms.FileField(
        label="Or upload a file",
        required=False,
        help_text="PDF, Word, PowerPoint or a picture, up to 10 MB.",
    )
    benchmarks = forms.TypedMultipleChoiceField(
        label="Benchmarks",
        choices=BENCHMARK_FIELD_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subjects = forms.MultipleChoiceField(
        label="Subjects",
        choices=list(SUBJECTS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    year_groups = forms.MultipleChoiceField(
        label="Year groups",
        choices=list(YEAR_GROUPS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    MAX_FILE_BYTES = 10 * 1024 * 1024
    ALLOWED_SUFFIXES = (".pdf", ".doc", ".docx", ".ppt", ".pptx", ".xlsx", ".png", ".jpg", ".jpeg")

    def __init__(self, *args: Any, hubs: QuerySet[Hub], has_file: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs  # type: ignore[attr-defined]
        self.has_file = has_file

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            if upload.size > self.MAX_FILE_BYTES:
                raise forms.ValidationError("The file must be 10 MB or smaller.")
            if not upload.name.lower().endswith(self.ALLOWED_SUFFIXES):
                raise forms.ValidationError(
                    "Upload a PDF, Word, PowerPoint, Excel or picture file."
                )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("url") and not data.get("file") and not self.has_file:
            self.add_error("url", "Enter a web address or upload a file.")
        return data


class HubFilterForm(forms.Form):
    """The hub overview's filters, read from the query string (never saved)."""

    hub = forms.ChoiceField(required=False)
    la = forms.ChoiceField(required=False)
    fsm = forms.ChoiceField(required=False, choices=[("", "All")] + list(FSM_BANDS.items()))
    since = forms.DateField(required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    status = forms.ChoiceField(
        required=False,
        choices=[
            ("", "All schools"),
            ("audited", "Have audited"),
            ("not_audited", "Not audited this school year"),
            ("stuck", "Stuck: no gain since their previous audit"),
        ],
    )

    def __init__(self, *args: Any, hubs: list[Hub], local_authorities: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        hub_field = cast(forms.ChoiceField, self.fields["hub"])
        hub_field.choices = [("", "All hubs")] + [(h.slug, h.name) for h in hubs]
        la_field = cast(forms.ChoiceField, self.fields["la"])
        la_field.choices = [("", "All")] + [(la, la) for la in local_authorities]
