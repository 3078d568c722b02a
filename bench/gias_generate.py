"""Write a realistic national GIAS establishment CSV for benchmarks.

`python -m bench.gias_generate PATH [--rows 50000] [--seed 1] [--changed 0.1]`

The file looks like the real download: the real header (taken from the reference extract in
`../shared/reference/gias/` when it is there, else the required columns among filler ones, about
130 in all), every field quoted, CRLF line ends, Windows-1252 text with curly apostrophes and
accents, zero-padded codes, dd-mm-yyyy dates, `..` and blanks for unknown numbers, about 40%
primary schools and 40% closed establishments, some rows with extra fields, and a handful of rows
without a URN or with a URN seen before. Coordinates are plausible British National Grid points.
`--changed` alters the pupil numbers of that fraction of schools, to benchmark a re-import with
updates; the same seed otherwise gives the same file.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

from horizons.organisations.gias import REQUIRED_COLUMNS

REFERENCE_HEADER = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "reference"
    / "gias"
    / "example_schools_data.csv"
)

FILLER_COLUMNS = [
    "LA (code)",
    "EstablishmentNumber",
    "TypeOfEstablishment (code)",
    "EstablishmentTypeGroup (code)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (code)",
    "ReasonEstablishmentOpened (code)",
    "ReasonEstablishmentOpened (name)",
    "OpenDate",
    "ReasonEstablishmentClosed (code)",
    "ReasonEstablishmentClosed (name)",
    "CloseDate",
    "PhaseOfEducation (code)",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "Boarders (code)",
    "Boarders (name)",
    "Gender (code)",
    "Gender (name)",
    "ReligiousCharacter (code)",
    "ReligiousCharacter (name)",
    "SchoolCapacity",
    "CensusDate",
    "NumberOfBoys",
    "NumberOfGirls",
    "UKPRN",
    "Street",
    "Locality",
    "Town",
    "SchoolWebsite",
    "TelephoneNum",
    "HeadTitle (name)",
    "HeadFirstName",
    "HeadLastName",
    "GOR (name)",
    "UrbanRural (name)",
    "MSOA (name)",
    "LSOA (name)",
    "UPRN",
] + [f"Spare{n} (name)" for n in range(80)]

LOCAL_AUTHORITIES = [
    "Barnsley",
    "Birmingham",
    "Bristol, City of",
    "Buckinghamshire",
    "Camden",
    "Cornwall",
    "Coventry",
    "Cumberland",
    "Derbyshire",
    "Devon",
    "Durham",
    "East Sussex",
    "Essex",
    "Gateshead",
    "Greenwich",
    "Hampshire",
    "Hertfordshire",
    "Kent",
    "Lancashire",
    "Leeds",
    "Leicestershire",
    "Lincolnshire",
    "Liverpool",
    "Manchester",
    "Newcastle upon Tyne",
    "Norfolk",
    "North Tyneside",
    "North Yorkshire",
    "Northumberland",
    "Nottinghamshire",
    "Richmond upon Thames",
    "Sheffield",
    "Somerset",
    "South Tyneside",
    "Staffordshire",
    "Suffolk",
    "Sunderland",
    "Surrey",
    "Sutton",
    "York",
]

# (phase, weight): about 40% primary, as in the national file.
PHASES = [
    ("Primary", 40),
    ("Not applicable", 30),
    ("Secondary", 9),
    ("16 plus", 6),
    ("Nursery", 4),
    ("All-through", 1),
    ("Middle deemed primary", 1),
    ("Middle deemed secondary", 1),
]
STATUSES = [
    ("Open", 57),
    ("Closed", 40),
    ("Open, but proposed to close", 2),
    ("Proposed to open", 1),
]
TYPES = [
    "Community school",
    "Voluntary aided school",
    "Voluntary controlled school",
    "Academy converter",
    "Academy sponsor led",
    "Free schools",
    "Foundation school",
    "Other independent school",
    "Pupil referral unit",
    "Further education",
]
NAME_STARTS = [
    "St Mary’s",
    "St John’s",
    "Holy Trinity",
    "Café Street",
    "Ysgol Gymraeg",
    "Brontë",
    "Oak Hill",
    "Riverside",
    "Greenfields",
    "Hilltop",
    "Queen’s Park",
    "Abbey",
    "Mill Lane",
    "Sir John Cass’s Foundation",
]
NAME_ENDS = [
    "Primary School",
    "Church of England Primary School",
    "Catholic Primary School",
    "Infant School",
    "Junior School",
    "Academy",
    "Nursery School",
    "High School",
    "College",
]
FILLER_VARIANTS = 64  # filler values are drawn as whole rows from this many variants, for speed


def gias_header() -> list[str]:
    """The reference extract's header when it is available, else a built-in one."""
    if REFERENCE_HEADER.exists():
        with REFERENCE_HEADER.open(encoding="utf-8", newline="") as handle:
            return next(csv.reader(handle))
    return [*REQUIRED_COLUMNS, *FILLER_COLUMNS]


def generate_gias_file(
    path: Path, *, rows: int = 50_000, seed: int = 1, changed: float = 0.0
) -> dict[str, int]:
    """Write the file; returns its rows, columns and size in bytes."""
    rng = random.Random(seed)
    header = gias_header()
    position = {name: index for index, name in enumerate(header)}
    fillers = [_filler_row(header, rng) for _ in range(FILLER_VARIANTS)]
    phases, phase_weights = zip(*PHASES, strict=True)
    statuses, status_weights = zip(*STATUSES, strict=True)
    change_rng = random.Random(seed + 1_000_003)

    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(header)
        for index in range(rows):
            row = list(rng.choice(fillers))
            status = rng.choices(statuses, status_weights)[0]
            pupils = rng.randint(20, 1800) if status != "Closed" else None
            if pupils is not None and change_rng.random() < changed:
                pupils += change_rng.randint(1, 30)
            values = {
                "URN": _urn(index, rows, rng),
                "EstablishmentName": f"{rng.choice(NAME_STARTS)} {rng.choice(NAME_ENDS)}",
                "LA (name)": rng.choice(LOCAL_AUTHORITIES),
                "TypeOfEstablishment (name)": rng.choice(TYPES),
                "EstablishmentStatus (name)": status,
                "PhaseOfEducation (name)": rng.choices(phases, phase_weights)[0],
                "Postcode": _postcode(rng) if rng.random() > 0.02 else "",
                "Easting": str(rng.randint(100_000, 650_000)),
                "Northing": str(rng.randint(10_000, 650_000)),
                "NumberOfPupils": str(pupils) if pupils is not None else rng.choice(["", ".."]),
                "PercentageFSM": _fsm(rng) if pupils is not None else "",
            }
            if rng.random() < 0.01:
                values["Easting"] = values["Northing"] = ""
            for name, value in values.items():
                row[position[name]] = value
            if rng.random() < 0.05:
                # A row in a later year's longer layout: extra fields at the end.
                row.extend(["", "10010234010", "0", "Not applicable", "E02006423"])
            writer.writerow(row)
    return {"rows": rows, "columns": len(header), "bytes": path.stat().st_size}


def _urn(index: int, rows: int, rng: random.Random) -> str:
    # One row in 5,000 has no URN and one in 5,000 repeats an earlier URN, as real data does.
    draw = rng.random()
    if draw < 0.0002:
        return ""
    if draw < 0.0004 and index > 0:
        return str(100_000 + rng.randrange(index))
    return str(100_000 + index)


def _postcode(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNOPRSTUWYZ"
    area = "".join(rng.choice(letters) for _ in range(rng.choice([1, 2])))
    inward = f"{rng.randint(0, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJ')}"
    return f"{area}{rng.randint(1, 29)} {inward}"


def _fsm(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.1:
        return ".."
    if draw < 0.15:
        return ""
    return f"{rng.uniform(0, 70):.{rng.choice([1, 2])}f}"


def _filler_row(header: list[str], rng: random.Random) -> list[str]:
    row = []
    for name in header:
        if name.endswith("(code)"):
            row.append(f"{rng.randint(0, 30):02d}")
        elif name.endswith("Date") or name in ("OfstedLastInsp",):
            row.append(
                f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(1990, 2025)}"
            )
        elif name.endswith("(name)"):
            row.append(rng.choice(["Not applicable", "Does not apply", "Mixed", "Urban city"]))
        else:
            row.append(rng.choice(["", "1200", "Station Road", "www.example.sch.uk", "Ms Brontë"]))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--changed", type=float, default=0.0)
    options = parser.parse_args()
    stats = generate_gias_file(
        options.path, rows=options.rows, seed=options.seed, changed=options.changed
    )
    print(json.dumps({"path": str(options.path), **stats}))


if __name__ == "__main__":
    main()
