"""docs/messaging.md holds every template's exact text, for pasting into GOV.UK Notify."""

import importlib
from pathlib import Path

from django.apps import apps

from horizons.messaging.catalogue import MessageTemplate

DOC = Path(__file__).resolve().parents[2] / "docs" / "messaging.md"


def _product_templates() -> list[MessageTemplate]:
    """The templates the apps declare (tests register throwaway ones in the same catalogue)."""
    found = []
    for app in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{app.name}.message_templates")
        except ModuleNotFoundError:
            continue
        found += [v for v in vars(module).values() if isinstance(v, MessageTemplate)]
    return found


def test_every_template_is_in_the_docs_word_for_word():
    text = DOC.read_text()
    templates = _product_templates()
    assert {"booking_confirmed", "cpd_booked", "account_invitation"} <= {t.key for t in templates}
    missing = []
    for template in templates:
        heading = f"#### `{template.key}` ({template.channel.value})"
        body = f"```text\n{template.body}\n```"
        subject = f"```text\n{template.subject}\n```" if template.subject else ""
        if heading not in text or body not in text or (subject and subject not in text):
            missing.append(template.key)
    assert missing == [], f"add these to docs/messaging.md (see its last section): {missing}"
