"""Great-circle distances, scalar and vectorised, and a KD-tree for "who is within reach".

Points are placed on the unit sphere so that a straight-line (chord) search in a KD-tree finds
exactly the points within a great-circle radius: chord = 2·sin(d / 2R) grows with d. This keeps
national scale (16,800 schools × 48,000 volunteers) to the pairs that matter.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.spatial import cKDTree

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def haversine_km_np(
    lat1: np.ndarray | float,
    lon1: np.ndarray | float,
    lat2: np.ndarray | float,
    lon2: np.ndarray | float,
) -> np.ndarray:
    """Element-wise great-circle distance in km (arrays in degrees, broadcastable)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """(n, 3) points on the unit sphere."""
    p, lam = np.radians(np.asarray(lat, dtype=float)), np.radians(np.asarray(lon, dtype=float))
    return np.column_stack((np.cos(p) * np.cos(lam), np.cos(p) * np.sin(lam), np.sin(p)))


def chord_for_km(km: np.ndarray | float) -> np.ndarray:
    """Straight-line distance on the unit sphere matching a great-circle distance."""
    angle = np.minimum(np.asarray(km, dtype=float) / EARTH_RADIUS_KM, math.pi)
    return 2 * np.sin(angle / 2)


def pairs_within(
    site_lat: np.ndarray,
    site_lon: np.ndarray,
    people_lat: np.ndarray,
    people_lon: np.ndarray,
    radius_km: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (person, site) pair with great-circle distance ≤ the person's radius.

    Returns (person index, site index, km) arrays. The KD-tree gives candidates with a tiny
    margin; the exact haversine then decides, so rounding never admits a pair beyond reach.
    """
    empty = np.zeros(0, dtype=np.int64)
    if len(site_lat) == 0 or len(people_lat) == 0:
        return empty, empty, np.zeros(0)
    tree = cKDTree(unit_vectors(site_lat, site_lon))
    r = chord_for_km(np.asarray(radius_km, dtype=float) * (1 + 1e-9) + 1e-6)
    hits = tree.query_ball_point(unit_vectors(people_lat, people_lon), r)
    counts = np.fromiter((len(h) for h in hits), dtype=np.int64, count=len(hits))
    person = np.repeat(np.arange(len(hits), dtype=np.int64), counts)
    site = (
        np.fromiter((i for h in hits for i in h), dtype=np.int64, count=int(counts.sum()))
        if counts.sum()
        else empty
    )
    km = haversine_km_np(people_lat[person], people_lon[person], site_lat[site], site_lon[site])
    keep = km <= np.asarray(radius_km, dtype=float)[person]
    return person[keep], site[keep], km[keep]
