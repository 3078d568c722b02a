"""Read the DfE "Get Information about Schools" (GIAS) establishment CSV into plain records.

Pure module: no Django. `read_gias` turns the download, exactly as DfE serves it, into
`GiasSchool` records plus the rows it skipped and the values it had to clear, each with a reason a
person can act on. Writing to the database is `gias_import.import_gias`'s job.

Decisions, and why:

- **Encoding.** The real download is Windows-1252, but people also re-save it from Excel as UTF-8
  (often with a BOM). We try strict UTF-8 first: cp1252 text with any accented letter or curly
  quote (bytes 0x80-0xFF) is almost never valid UTF-8, so a strict UTF-8 decode that succeeds is
  nearly always right. The reverse does not hold: cp1252 decodes nearly any bytes, so UTF-8 read
  as cp1252 would silently turn "Café" into "CafÃ©". The five bytes cp1252 leaves undefined make
  us fall back to Latin-1, which decodes everything.
- **Columns by name.** Columns come and go between years, so we find the ones we need by header
  name (ignoring case and spaces) and ignore the rest. Rows with more fields than the header (a
  different year's layout pasted in) keep the header's reading; their early columns (URN, name,
  LA, type, status, phase, pupils, FSM) still line up, the later ones may not, so every value is
  validated and one that is not plausible (a postcode "Ms", an easting "Surrey Heath") is
  cleared to unknown and reported as a `Correction`, never stored as nonsense.
- **Unknown numbers.** `..`, blanks and DfE's suppression marks (x, c, z, SUPP, NE, N/A, -) mean
  "not known" and become None without comment. Numbers may be written "12.5" or "1,119".
- **Free school meals.** A percentage outside 0-100 is impossible, so it becomes None with a
  correction rather than losing the school. Kept values are rounded half-up to one decimal place,
  as the database stores them.
- **Coordinates.** Easting/Northing (British National Grid, EPSG:27700) are converted to WGS84
  latitude/longitude with pyproj, once over all rows as numpy arrays. Without the optional OSTN15
  grid pyproj uses the published Helmert transformation, good to a few metres - ample for
  distances between schools and volunteers. A pair outside the grid, or with only one half
  known, is cleared.
- **Skips.** A row without a URN or with one that is not a positive whole number, or without a
  name, is skipped with a reason. A URN seen before in the file is skipped (the first wins).
  Closed establishments are *not* skipped here: the importer decides (it updates ones it already
  knows, so their status becomes Closed, and creates new ones only when asked).
- **Filters.** `phase` matches when the filter text appears in the phase name, ignoring case, so
  "primary" takes "Primary" and "Middle deemed primary" but not "All-through" (ask for that one
  too if you want it). `la` matches the whole local authority name, ignoring case, so "York"
  does not pull in "North Yorkshire". Rows filtered out are only counted.
- **Row numbers** are spreadsheet rows: the header is row 1, the first school row 2.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import numpy as np
from pyproj import Transformer

URN = "URN"
NAME = "EstablishmentName"
LA_NAME = "LA (name)"
TYPE = "TypeOfEstablishment (name)"
STATUS = "EstablishmentStatus (name)"
PHASE = "PhaseOfEducation (name)"
POSTCODE = "Postcode"
EASTING = "Easting"
NORTHING = "Northing"
PUPILS = "NumberOfPupils"
FSM = "PercentageFSM"

REQUIRED_COLUMNS: tuple[str, ...] = (
    URN,
    NAME,
    LA_NAME,
    TYPE,
    STATUS,
    PHASE,
    POSTCODE,
    EASTING,
    NORTHING,
    PUPILS,
    FSM,
)

# The lengths of the School columns these values land in; longer text is cut with a correction.
MAX_LENGTHS = {NAME: 200, LA_NAME: 100, TYPE: 100, PHASE: 50, STATUS: 50}

# The extent of the British National Grid; anything outside it is not a real grid reference.
MAX_EASTING = 700_000
MAX_NORTHING = 1_300_000
MAX_URN = 2_147_483_647  # the largest value every supported database stores in the URN column

CLOSED_STATUS = "closed"

# DfE writes these for numbers that are unknown, suppressed or not applicable.
UNKNOWN_MARKS = frozenset({"", "..", ".", "-", "x", "c", "z", "supp", "ne", "na", "n/a"})

POSTCODE_PATTERN = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")

# One transformer for the process: building it costs far more than using it.
BNG_TO_WGS84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


class GiasFormatError(ValueError):
    """The file cannot be read as a GIAS establishment export."""


@dataclass(frozen=True)
class GiasSchool:
    urn: int
    name: str
    la_name: str
    establishment_type: str
    phase: str
    status: str
    postcode: str
    easting: int | None
    northing: int | None
    latitude: float | None
    longitude: float | None
    number_of_pupils: int | None
    percentage_fsm: Decimal | None
    row_number: int  # the spreadsheet row it came from, for messages

    @property
    def is_closed(self) -> bool:
        return self.status.casefold() == CLOSED_STATUS


@dataclass(frozen=True)
class Skip:
    """A row not imported. `reason` is the same text for every row skipped for that reason."""

    row_number: int
    urn: int | None
    reason: str


@dataclass(frozen=True)
class Correction:
    """A value that was not plausible and was cleared (or cut short); the school is kept."""

    row_number: int
    urn: int
    column: str
    reason: str


@dataclass(frozen=True)
class GiasFile:
    schools: tuple[GiasSchool, ...]
    skips: tuple[Skip, ...]
    corrections: tuple[Correction, ...]
    filtered: int  # rows left out by the phase or LA filter
    rows_read: int
    rows_with_extra_fields: int
    encoding: str


# The full national GIAS download (every establishment, open and closed) is about 65 MB.
# A local check: the "school" work adds a shared upload-limits helper; unify at merge.
MAX_GIAS_BYTES = 200 * 1024 * 1024


def read_gias(
    source: str | os.PathLike[str] | bytes,
    *,
    phase: str | Sequence[str] | None = None,
    la: str | Sequence[str] | None = None,
) -> GiasFile:
    """Parse a GIAS establishment CSV (a path or its raw bytes).

    Raises `GiasFormatError` when the file is not a GIAS export; nothing else about a row stops
    the read - bad rows become skips and bad values corrections.
    """
    if not isinstance(source, bytes):
        size = Path(source).stat().st_size
        if size > MAX_GIAS_BYTES:
            raise GiasFormatError(
                f"The file is {size // (1024 * 1024):,} MB; a GIAS establishment export is "
                f"under {MAX_GIAS_BYTES // (1024 * 1024)} MB. Download the CSV again from GIAS."
            )
    raw = source if isinstance(source, bytes) else Path(source).read_bytes()
    if raw.startswith(b"PK\x03\x04"):
        raise GiasFormatError(
            "This is a spreadsheet or zip file, not CSV, so it does not look like a GIAS "
            "establishment export. Download the establishment CSV from GIAS (unzip it first "
            "if it came zipped), or save the sheet as CSV UTF-8."
        )
    text, encoding = decode(raw)
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows, None)
        if header is None:
            raise GiasFormatError(
                "The file is empty; it does not look like a GIAS establishment export."
            )
        positions = column_positions(header)
        parser = _RowParser(positions, _as_filter(phase), _as_filter(la))
        for row_number, row in enumerate(rows, start=2):
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # blank lines, such as a trailing one, carry nothing
            parser.add(row_number, row, extra_fields=len(row) > len(header))
    except csv.Error as error:
        raise GiasFormatError(f"The file is not readable as CSV: {error}.") from error
    return parser.finish(encoding)


def decode(raw: bytes) -> tuple[str, str]:
    """Decode the download: UTF-8 (with or without BOM) if it is valid, else Windows-1252."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def column_positions(header: Sequence[str]) -> dict[str, int]:
    """Where each required column is, matching names regardless of case and spacing."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        found.setdefault(_column_key(name), index)
    missing = [name for name in REQUIRED_COLUMNS if _column_key(name) not in found]
    if missing:
        raise GiasFormatError(
            "This does not look like a GIAS establishment export (the 'all establishment "
            "fields' CSV from Get Information about Schools): it has no "
            + ", ".join(f"'{name}'" for name in missing)
            + (" column." if len(missing) == 1 else " columns.")
        )
    return {name: found[_column_key(name)] for name in REQUIRED_COLUMNS}


def bng_to_wgs84(
    eastings: Sequence[float] | np.ndarray, northings: Sequence[float] | np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes (degrees, WGS84) for British National Grid points, vectorised."""
    longitudes, latitudes = BNG_TO_WGS84.transform(
        np.asarray(eastings, dtype=float), np.asarray(northings, dtype=float)
    )
    return np.asarray(latitudes, dtype=float), np.asarray(longitudes, dtype=float)


def parse_count(value: str) -> int | None:
    """A whole number such as a pupil count; None when unknown. Raises ValueError if not one."""
    number = parse_number(value)
    if number is None:
        return None
    if number < 0:
        raise ValueError("is negative")
    return _whole(number)


def _whole(number: Decimal) -> int:
    return int(number.to_integral_value(rounding=ROUND_HALF_UP))


def parse_number(value: str) -> Decimal | None:
    """A decimal number, tolerant of '12.5', '1,119' and '12%'; None for DfE's unknown marks."""
    text = value.strip()
    if text.casefold() in UNKNOWN_MARKS:
        return None
    text = text.replace(",", "").removesuffix("%").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("is not a number") from None
    if not number.is_finite():
        raise ValueError("is not a number")
    return number


def normalise_postcode(value: str) -> str | None:
    """'ec3a5de' -> 'EC3A 5DE'; '' for blank; None when it is not a UK postcode."""
    text = " ".join(value.upper().split())
    if not text:
        return ""
    match = POSTCODE_PATTERN.match(text)
    return f"{match[1]} {match[2]}" if match else None


def phase_matches(phase: str, wanted: Sequence[str]) -> bool:
    folded = phase.casefold()
    return any(word in folded for word in wanted)


def _as_filter(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else list(value)
    return tuple(" ".join(v.split()).casefold() for v in values if v.strip())


def _column_key(name: str) -> str:
    return "".join(name.split()).casefold()


Corrector = Callable[[str, str], None]


class _RowParser:
    def __init__(
        self, positions: dict[str, int], phases: tuple[str, ...], las: tuple[str, ...]
    ) -> None:
        self.positions = positions
        self.phases = phases
        self.las = frozenset(las)
        self.schools: list[GiasSchool] = []  # latitude/longitude filled in by finish()
        self.skips: list[Skip] = []
        self.corrections: list[Correction] = []
        self.seen_urns: set[int] = set()
        self.filtered = 0
        self.rows_read = 0
        self.rows_with_extra_fields = 0

    def add(self, row_number: int, row: list[str], *, extra_fields: bool) -> None:
        self.rows_read += 1
        self.rows_with_extra_fields += extra_fields

        def cell(column: str) -> str:
            index = self.positions[column]
            return row[index].strip() if index < len(row) else ""

        urn_text = cell(URN)
        if not urn_text:
            self.skips.append(Skip(row_number, None, "no URN"))
            return
        if not urn_text.isdigit() or not 0 < int(urn_text) <= MAX_URN:
            self.skips.append(Skip(row_number, None, "URN is not a positive whole number"))
            return
        urn = int(urn_text)
        if urn in self.seen_urns:
            self.skips.append(Skip(row_number, urn, "URN already seen earlier in the file"))
            return
        self.seen_urns.add(urn)

        name = " ".join(cell(NAME).split())
        if not name:
            self.skips.append(Skip(row_number, urn, "no establishment name"))
            return
        la_name = " ".join(cell(LA_NAME).split())
        phase = " ".join(cell(PHASE).split())
        if (self.phases and not phase_matches(phase, self.phases)) or (
            self.las and la_name.casefold() not in self.las
        ):
            self.filtered += 1
            return

        def correct(column: str, reason: str) -> None:
            self.corrections.append(Correction(row_number, urn, column, reason))

        def text(column: str, value: str) -> str:
            limit = MAX_LENGTHS[column]
            if len(value) > limit:
                correct(column, f"longer than {limit} characters; cut short")
                return value[:limit]
            return value

        postcode = normalise_postcode(cell(POSTCODE))
        if postcode is None:
            correct(POSTCODE, "not a UK postcode; left blank")
            postcode = ""

        easting, northing = self._grid_reference(cell(EASTING), cell(NORTHING), correct)
        self.schools.append(
            GiasSchool(
                urn=urn,
                name=text(NAME, name),
                la_name=text(LA_NAME, la_name),
                establishment_type=text(TYPE, " ".join(cell(TYPE).split())),
                phase=text(PHASE, phase),
                status=text(STATUS, " ".join(cell(STATUS).split())),
                postcode=postcode,
                easting=easting,
                northing=northing,
                latitude=None,
                longitude=None,
                number_of_pupils=self._pupils(cell(PUPILS), correct),
                percentage_fsm=self._fsm(cell(FSM), correct),
                row_number=row_number,
            )
        )

    @staticmethod
    def _grid_reference(
        easting_text: str, northing_text: str, correct: Corrector
    ) -> tuple[int | None, int | None]:
        column = "Easting/Northing"
        try:
            easting = parse_number(easting_text)
            northing = parse_number(northing_text)
        except ValueError:
            correct(column, "not a number; location left unknown")
            return None, None
        if easting is None and northing is None:
            return None, None
        if easting is None or northing is None:
            correct(column, "only one of the pair given; location left unknown")
            return None, None
        if not (0 < easting <= MAX_EASTING and 0 < northing <= MAX_NORTHING):
            correct(column, "outside the British National Grid; location left unknown")
            return None, None
        return _whole(easting), _whole(northing)

    @staticmethod
    def _pupils(value: str, correct: Corrector) -> int | None:
        try:
            return parse_count(value)
        except ValueError as error:
            correct(PUPILS, f"{error}; left unknown")
            return None

    @staticmethod
    def _fsm(value: str, correct: Corrector) -> Decimal | None:
        try:
            number = parse_number(value)
        except ValueError as error:
            correct(FSM, f"{error}; left unknown")
            return None
        if number is None:
            return None
        if not 0 <= number <= 100:
            correct(FSM, "outside 0-100; left unknown")
            return None
        return number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def finish(self, encoding: str) -> GiasFile:
        located = [i for i, school in enumerate(self.schools) if school.easting is not None]
        latitudes, longitudes = bng_to_wgs84(
            [self.schools[i].easting for i in located],  # type: ignore[misc]
            [self.schools[i].northing for i in located],  # type: ignore[misc]
        )
        for i, latitude, longitude in zip(located, latitudes, longitudes, strict=True):
            if np.isfinite(latitude) and np.isfinite(longitude):
                self.schools[i] = replace(
                    self.schools[i], latitude=float(latitude), longitude=float(longitude)
                )
        return GiasFile(
            schools=tuple(self.schools),
            skips=tuple(self.skips),
            corrections=tuple(self.corrections),
            filtered=self.filtered,
            rows_read=self.rows_read,
            rows_with_extra_fields=self.rows_with_extra_fields,
            encoding=encoding,
        )
