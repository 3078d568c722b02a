"""Who may open each reports page (see tests/permission_matrix.py)."""

from __future__ import annotations

from tests.permission_matrix import Row, everyone

ROWS = [
    # Everyone signed in gets the list; it holds only the exports they may run (see
    # tests/reports/test_registry.py).
    Row("reports:report_list", expect=everyone()),
]
