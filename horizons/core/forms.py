"""Forms that render in GOV.UK Frontend markup (see templates/core/includes/field.html)."""

from typing import Any

from django import forms

_INPUT_CLASSES = {
    "text": "govuk-input",
    "email": "govuk-input",
    "url": "govuk-input",
    "number": "govuk-input govuk-input--width-5",
    "password": "govuk-input govuk-input--width-20",
    "date": "govuk-input govuk-input--width-10",
    "time": "govuk-input govuk-input--width-5",
    "datetime": "govuk-input govuk-input--width-20",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}


class GovukFormMixin:
    """Adds GOV.UK classes and error/hint wiring to every widget."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():
            widget = field.widget
            kind = type(widget).__name__.lower().replace("input", "").replace("widget", "")
            css = _INPUT_CLASSES.get(kind)
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                css = _INPUT_CLASSES["date"]
            if css:
                widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()
            if field.help_text:
                widget.attrs.setdefault("aria-describedby", f"id_{name}-hint")

    def add_error_classes(self) -> None:
        for name in getattr(self, "errors", {}):
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} govuk-input--error"
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = f"{described} id_{name}-error".strip()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.add_error_classes()


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass


class UKDateField(forms.DateField):
    """A date typed as 25/12/2026 (or picked in the browser's date control)."""

    widget = forms.DateInput(format="%Y-%m-%d")
