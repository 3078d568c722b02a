"""The programmes' domain error, shared by every services module (``services``,
``services_retention``) so that none needs to import another for it."""


class ProgrammeError(Exception):
    """Something cannot be done as asked; the message tells the person what to change."""
