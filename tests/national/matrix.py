"""The national overview: the national role and platform admins only."""

from tests.permission_matrix import Row, only

ROWS = [
    Row("national:overview", expect=only("admin", "national")),
    Row("national:download", args=lambda w: ["xlsx"], expect=only("admin", "national")),
]
