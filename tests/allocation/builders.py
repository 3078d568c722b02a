"""Small hand-made problems for the allocation tests (JSON-shaped dicts)."""

from __future__ import annotations

from typing import Any

SLOTS = ["2026-03-02 AM", "2026-03-02 PM", "2026-03-03 AM"]


def school(sid: str, lat: float, lon: float, fsm: float, *classes: dict, **extra: Any) -> dict:
    return {"id": sid, "name": f"{sid} Primary", "lat": lat, "lon": lon, "fsm": fsm,
            "classes": list(classes), **extra}  # fmt: skip


def klass(cid: str, year: int = 5, slots: list[str] | None = None, prior: int = 0) -> dict:
    return {"id": cid, "year": year, "pupils": 28, "prior_encounters": prior,
            "slots": SLOTS if slots is None else slots}  # fmt: skip


def volunteer(vid: str, lat: float = 52.40, lon: float = -1.51, **extra: Any) -> dict:
    data = {"id": vid, "name": vid.title(), "employer": "Acme", "sector": "engineering",
            "lat": lat, "lon": lon, "radius_km": 10, "online": False,
            "years": [1, 2, 3, 4, 5, 6], "slots": SLOTS, "max_sessions": 2}  # fmt: skip
    data.update(extra)
    return data


def problem(schools: list[dict], volunteers: list[dict], **extra: Any) -> dict:
    return {"slots": SLOTS, "max_encounters_per_class": 2, "schools": schools,
            "volunteers": volunteers, **extra}  # fmt: skip


def coventry() -> dict:
    """Two schools in Coventry, one 60 km away in Oxford; three volunteers."""
    return problem(
        [
            school("stmary", 52.41, -1.52, 0.42, klass("stmary-5", 5), klass("stmary-2", 2)),
            school("hillside", 52.39, -1.49, 0.10, klass("hillside-6", 6, prior=3)),
            school("oxford", 51.75, -1.26, 0.2, klass("oxford-4", 4)),
        ],
        [
            volunteer("maya", role="engineer", employer="Siemens", counter_stereotype=True),
            volunteer(
                "tom",
                sector="health-and-care",
                role="nurse",
                years=[5, 6],
                slots=["2026-03-02 AM"],
                max_sessions=1,
            ),
            volunteer("ana", sector="digital", lat=52.0, lon=-1.4, radius_km=5, online=True),
        ],
    )
