"""The messages Horizons can send, in GOV.UK Notify's template syntax. Pure: no Django.

A template names its channel and its placeholders, written ((like_this)) as Notify writes them.
Rendering refuses a missing placeholder (a message that says "Dear ((name))" is never sent)
and ignores extra keys. Optional blocks and other Notify features are deliberately not used:
what is here renders the same locally and in Notify.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

PLACEHOLDER = re.compile(r"\(\(([a-z0-9_]+)\)\)")

# An email's attachment (the .ics of a booking). Notify sends a file as a download link in this
# placeholder; the local back end attaches the file and fills the placeholder with LOCAL_FILE_TEXT.
# `send` supplies it whenever attachments are given: callers never pass it themselves.
ATTACHMENT_PLACEHOLDER = "link_to_file"
LOCAL_FILE_TEXT = "the attached file {filename}"


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    LETTER = "letter"


class TemplateError(ValueError):
    """A template is unknown, malformed, or missing what it needs."""


@dataclass(frozen=True)
class MessageTemplate:
    key: str
    channel: Channel
    body: str
    subject: str = ""  # emails and letters
    description: str = ""  # shown to people choosing what to send
    placeholders: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        if self.channel is not Channel.SMS and not self.subject:
            raise TemplateError(f"Template {self.key!r} needs a subject.")
        if self.channel is Channel.SMS and self.subject:
            raise TemplateError(f"Template {self.key!r} is a text message: it has no subject.")
        names = set(PLACEHOLDER.findall(self.subject)) | set(PLACEHOLDER.findall(self.body))
        object.__setattr__(self, "placeholders", frozenset(names))

    def missing(self, personalisation: Mapping[str, object]) -> list[str]:
        return sorted(name for name in self.placeholders if name not in personalisation)

    def render(self, personalisation: Mapping[str, object]) -> tuple[str, str]:
        """(subject, body) with every placeholder filled; TemplateError names what is missing."""
        missing = self.missing(personalisation)
        if missing:
            raise TemplateError(
                f"The message {self.key!r} needs {', '.join(missing)}; nothing was sent."
            )

        def fill(text: str) -> str:
            return PLACEHOLDER.sub(lambda m: str(personalisation[m.group(1)]), text)

        return fill(self.subject), fill(self.body)


_TEMPLATES: dict[str, MessageTemplate] = {}


def register(template: MessageTemplate) -> MessageTemplate:
    existing = _TEMPLATES.get(template.key)
    if existing is not None and existing != template:
        raise TemplateError(f"Two message templates are called {template.key!r}.")
    _TEMPLATES[template.key] = template
    return template


def get(key: str) -> MessageTemplate:
    try:
        return _TEMPLATES[key]
    except KeyError:
        raise TemplateError(f"There is no message template called {key!r}.") from None


def all_templates() -> list[MessageTemplate]:
    return sorted(_TEMPLATES.values(), key=lambda t: t.key)
