"""Number formatting for impact reports: figures people can read aloud."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

DASH = "–"


@register.filter
def fig(value: Any, places: int = 2) -> str:
    """A figure to ``places`` decimals; a dash when there is none. Minus signs are real ones."""
    if value is None:
        return DASH
    text = f"{float(value):.{int(places)}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", "−")


@register.filter
def signed(value: Any, places: int = 2) -> str:
    if value is None:
        return DASH
    number = float(value)
    text = fig(number, places)
    return f"+{text}" if number > 0 and not text.startswith("−") and float(text) != 0 else text


@register.filter
def pvalue(value: Any) -> str:
    if value is None:
        return DASH
    number = float(value)
    if number < 0.001:
        return "< 0.001"
    return f"{number:.3f}"


@register.filter
def percent(value: Any) -> str:
    if value is None:
        return DASH
    return f"{int(float(value) * 100 + 0.5)}%"


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    try:
        return mapping[key]
    except (KeyError, TypeError, IndexError):
        return None
