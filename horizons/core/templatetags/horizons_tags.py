from typing import Any

from django import template
from django.utils.safestring import SafeString

register = template.Library()

_CLASS_BY_WIDGET = {
    "text": "govuk-input",
    "email": "govuk-input",
    "url": "govuk-input",
    "password": "govuk-input govuk-input--width-20",
    "number": "govuk-input govuk-input--width-5",
    "date": "govuk-input govuk-input--width-10",
    "time": "govuk-input govuk-input--width-5",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}


@register.filter
def govuk_widget(field: Any) -> SafeString:
    """Render a bound field's widget with GOV.UK classes and error/hint wiring."""
    kind = field.widget_type
    attrs = dict(field.field.widget.attrs)
    css = _CLASS_BY_WIDGET.get(kind, "")
    if css and css.split()[0] not in attrs.get("class", ""):
        attrs["class"] = f"{css} {attrs.get('class', '')}".strip()
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["class"] = f"{attrs.get('class', '')} govuk-input--error".strip()
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def uk_date(value: Any) -> str:
    return value.strftime("%-d %B %Y") if value else ""


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None
