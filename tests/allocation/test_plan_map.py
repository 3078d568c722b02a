"""The plan review's SVG map: points where schools and volunteers are, lines where they meet."""

from horizons.allocation.selectors import plan_map


def _school(sid, lat, host=None):  # type: ignore[no-untyped-def]
    s = {"id": sid, "name": sid.title(), "lat": lat, "lon": -1.5, "fsm": 0.3,
         "classes": [{"id": f"{sid}-5", "year": 5, "pupils": 28, "slots": ["d1 AM"]}]}  # fmt: skip
    if host:
        s["host"] = host
    return s


def test_lines_join_volunteers_to_where_they_meet_classes_and_online_draws_none():
    problem = {
        "schools": [
            _school("host", 52.40),
            _school("visitor", 52.45, host="host"),
            _school("alone", 52.50),
        ],  # fmt: skip
        "volunteers": [
            {"id": "maya", "name": "Maya", "employer": "Siemens", "lat": 52.42, "lon": -1.45},
            {"id": "ana", "name": "Ana", "employer": "NHS", "lat": 52.30, "lon": -1.40},
        ],
    }
    result = {"assignments": [
        {"volunteer": "maya", "class": "visitor-5", "slot": "d1 AM", "mode": "in_person"},
        {"volunteer": "ana", "class": "host-5", "slot": "d1 AM", "mode": "online"},
    ]}  # fmt: skip
    shapes = plan_map(problem, result)
    at = {p.id: (p.x, p.y) for p in shapes.points}
    kinds = {p.id: p.kind for p in shapes.points}
    assert kinds == {"host": "school-reached", "visitor": "school-reached",
                     "alone": "school-unreached", "maya": "volunteer", "ana": "volunteer"}  # fmt: skip
    # Maya meets the visiting class at its host school; the online session has no line.
    (line,) = shapes.lines
    assert {(line.x1, line.y1), (line.x2, line.y2)} == {at["maya"], at["host"]}
    assert all(0 <= p.x <= shapes.width and 0 <= p.y <= shapes.height for p in shapes.points)
