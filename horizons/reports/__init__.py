"""Reports that cut across apps, and the rules every report follows.

- ``suppression`` — the one module that decides what a report about children may show
  (``HORIZONS_MIN_GROUP_SIZE``); pure, no Django. See its docstring and docs/privacy.md.
- ``tabular`` — the one place that writes CSV and XLSX; every text cell is made inert
  (no spreadsheet formulas from user, school or GIAS text).
- ``policy`` — ``min_group_size()``: the configured threshold, read in one place.
- ``charts`` — axes and scales for the server-drawn SVG charts; pure, no Django.
- ``registry`` — every export as one class (identifier, scope, who may run it, tables,
  formats); apps register theirs in their own ``exports.py``. See docs/reports.md.
- ``templatetags/suppression_tags`` — ``{{ count|children_count }}`` for templates.
"""
