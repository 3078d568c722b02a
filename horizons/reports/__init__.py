"""Reports that cut across apps, and the rules every report follows.

- ``suppression`` — the one module that decides what a report about children may show
  (``HORIZONS_MIN_GROUP_SIZE``); pure, no Django. See its docstring and docs/privacy.md.
- ``tabular`` — the one place that writes CSV and XLSX; every text cell is made inert
  (no spreadsheet formulas from user, school or GIAS text).
- ``templatetags/suppression_tags`` — ``{{ count|children_count }}`` for templates.
"""
