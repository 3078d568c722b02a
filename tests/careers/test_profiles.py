"""The careers library: shipped content, SOC 2020 codes, and the loader's validation."""

from __future__ import annotations

import csv
import dataclasses
import re
import runpy
from pathlib import Path
from typing import Any

import pytest
import yaml

from horizons.careers.profiles import (
    FIELDS,
    MAX_SENTENCE_WORDS,
    PROFILES_DIR,
    SOC_CSV,
    JobProfile,
    ProfileError,
    load_profiles,
    profiles_by_slug,
    sentences,
    soc_unit_groups,
)
from horizons.core.sectors import LIKES, SECTORS

REPO_ROOT = Path(__file__).resolve().parents[2]
SOC_WORKBOOK = (
    Path(__file__).resolve().parents[3]
    / "shared/reference/soc2020/soc2020-volume1-structure-and-descriptions.xlsx"
)

# The matcher (horizons/careers/matching.py) and the seeds rely on these slugs existing.
REQUIRED_SLUGS = [
    "footballer",
    "sportsperson",
    "teacher",
    "vet",
    "vet-nurse",
    "youtuber",
    "gamer",
    "doctor",
    "nurse",
    "midwife",
    "paramedic",
    "police-officer",
    "firefighter",
    "soldier",
    "engineer",
    "scientist",
    "builder",
    "mechanic",
    "hairdresser",
    "dancer",
    "singer",
    "actor",
    "artist",
    "chef",
    "baker",
    "pilot",
    "astronaut",
    "dentist",
    "zookeeper",
    "farmer",
    "lawyer",
    "architect",
    "author",
    "social-worker",
    "care-worker",
    "pharmacist",
    "physiotherapist",
    "software-developer",
    "game-designer",
    "shop-assistant",
    "electrician",
    "plumber",
    "train-driver",
    "bus-driver",
    "lorry-driver",
    "accountant",
    "judge",
    "librarian",
    "photographer",
    "fashion-designer",
    "musician",
    "teaching-assistant",
    "nursery-worker",
    "cleaner",
    "gardener",
    "carpenter",
    "beautician",
    "nail-technician",
    "personal-trainer",
    "sports-coach",
    "boxer",
    "gymnast",
    "swimmer",
    "tennis-player",
    "cricketer",
    "rugby-player",
    "racing-driver",
    "jockey",
    "magician",
    "comedian",
    "tv-presenter",
    "news-reporter",
    "marine-biologist",
    "palaeontologist",
    "archaeologist",
    "inventor",
    "robotics-engineer",
    "car-designer",
    "games-tester",
    "streamer",
    "influencer",
    "model",
    "lifeguard",
    "ranger",
    "dog-groomer",
    "riding-instructor",
    "surgeon",
    "optician",
    "prime-minister",
    "spy",
    "detective",
    "security-guard",
    "waiter",
    "barista",
    "cake-decorator",
    "shopkeeper",
    "hotel-manager",
    "estate-agent",
    "receptionist",
    "office-worker",
    "chemist",
    "nurse-practitioner",
    "senior-nurse",
    "school-nurse",
    "health-visitor",
    "occupational-therapist",
    "radiographer",
    "dental-nurse",
    "healthcare-assistant",
    "mental-health-nurse",
    "speech-and-language-therapist",
    "wind-turbine-technician",
    "electricity-network-engineer",
    "solar-panel-installer",
    "gas-engineer",
    "air-traffic-controller",
    "cyber-security-expert",
    "data-scientist",
    "animator",
    "graphic-designer",
    "journalist",
    "postal-worker",
    "council-worker",
    "bank-worker",
    "bricklayer",
    "painter-decorator",
    "roofer",
    "crane-operator",
    "civil-engineer",
    "mechanical-engineer",
    "nuclear-engineer",
    "environmental-scientist",
    "tree-surgeon",
    "fisher",
    "delivery-driver",
    "taxi-driver",
    "ship-captain",
    "cabin-crew",
    "sailor",
    "coastguard",
    "prison-officer",
    "refuse-collector",
    "warehouse-worker",
    "factory-worker",
    "care-home-manager",
    "headteacher",
    "university-lecturer",
    "childminder",
    "youth-worker",
    "charity-worker",
    "religious-leader",
    "translator",
    "museum-curator",
    "zoologist",
]


# --- The shipped library --------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> tuple[JobProfile, ...]:
    return load_profiles()


def test_the_shipped_library_loads_at_least_200_profiles(shipped: tuple[JobProfile, ...]) -> None:
    assert len(shipped) >= 200
    assert all(isinstance(profile, JobProfile) for profile in shipped)


def test_every_required_slug_exists(shipped: tuple[JobProfile, ...]) -> None:
    slugs = {profile.slug for profile in shipped}
    assert [slug for slug in REQUIRED_SLUGS if slug not in slugs] == []


def test_every_soc_major_group_has_at_least_eight_profiles(
    shipped: tuple[JobProfile, ...],
) -> None:
    counts = dict.fromkeys("123456789", 0)
    for profile in shipped:
        counts[profile.major_group] += 1
    assert {group: n for group, n in counts.items() if n < 8} == {}


def test_every_sector_and_every_like_is_covered(shipped: tuple[JobProfile, ...]) -> None:
    assert {profile.sector for profile in shipped} == set(SECTORS)
    assert {like for profile in shipped for like in profile.likes} == set(LIKES)


def test_every_profile_code_is_a_real_soc_2020_unit_group(
    shipped: tuple[JobProfile, ...],
) -> None:
    unit_groups = soc_unit_groups()
    assert [p.slug for p in shipped if p.soc not in unit_groups] == []


def test_every_soc_2020_unit_group_has_at_least_one_profile(
    shipped: tuple[JobProfile, ...],
) -> None:
    # Issue 16: the library covers the whole world of work, all 412 unit groups.
    covered = {profile.soc for profile in shipped}
    unit_groups = soc_unit_groups()
    assert {code: title for code, title in unit_groups.items() if code not in covered} == {}
    assert len(covered) == len(unit_groups) == 412


def test_every_profile_has_its_own_picture(shipped: tuple[JobProfile, ...]) -> None:
    # Children navigate by pictures: two jobs with the same icon look like the same job.
    owners: dict[str, list[str]] = {}
    for profile in shipped:
        owners.setdefault(profile.icon, []).append(profile.slug)
    assert {icon: slugs for icon, slugs in owners.items() if len(slugs) > 1} == {}


def test_each_file_holds_only_its_own_major_group() -> None:
    # Files are named "<major group>-<name>.yaml"; a profile in the wrong file is a slip.
    for path in sorted(PROFILES_DIR.glob("*.yaml")):
        group = path.name.split("-", 1)[0]
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        wrong = [p["slug"] for p in document["profiles"] if not p["soc"].startswith(group)]
        assert wrong == [], path.name


def test_profiles_are_frozen_with_tuples_for_lists(shipped: tuple[JobProfile, ...]) -> None:
    profile = shipped[0]
    assert [field.name for field in dataclasses.fields(JobProfile)] == list(FIELDS)
    for name in ("other_names", "likes", "skills", "subjects", "ways_in", "related"):
        assert isinstance(getattr(profile, name), tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        profile.title = "Changed"  # type: ignore[misc]


def test_the_default_library_is_loaded_once() -> None:
    assert load_profiles() is load_profiles()


def test_profiles_by_slug_finds_a_known_profile() -> None:
    vet = profiles_by_slug()["vet"]
    assert vet.soc == "2240"
    assert "veterinary surgeon" in vet.other_names
    assert vet.names[0] == "Vet"


def test_shipped_text_is_short_enough_for_young_readers(shipped: tuple[JobProfile, ...]) -> None:
    lengths = [
        len(sentence.split())
        for profile in shipped
        for text in (profile.what_they_do, profile.typical_day, profile.where_they_work)
        for sentence in sentences(text)
    ]
    assert max(lengths) <= MAX_SENTENCE_WORDS
    # The brief asks for sentences mostly under 15 words.
    assert sum(length < 15 for length in lengths) / len(lengths) > 0.95


def test_related_links_point_to_other_existing_profiles(shipped: tuple[JobProfile, ...]) -> None:
    by_slug = {profile.slug: profile for profile in shipped}
    for profile in shipped:
        assert profile.slug not in profile.related
        assert all(slug in by_slug for slug in profile.related)


# --- SOC 2020 codes -------------------------------------------------------------------------


def test_the_soc_csv_has_412_four_digit_unit_groups() -> None:
    unit_groups = soc_unit_groups()
    assert len(unit_groups) == 412
    assert all(re.fullmatch(r"\d{4}", code) for code in unit_groups)
    assert unit_groups["2240"] == "Veterinarians"
    assert unit_groups["3312"] == "Police officers (sergeant and below)"
    with SOC_CSV.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert all(row["major_group"] == row["code"][0] for row in rows)


@pytest.fixture(scope="module")
def workbook_unit_groups() -> dict[str, str]:
    if not SOC_WORKBOOK.exists():
        pytest.skip(f"SOC 2020 workbook not present at {SOC_WORKBOOK}")
    import openpyxl

    workbook = openpyxl.load_workbook(SOC_WORKBOOK, read_only=True, data_only=True)
    try:
        rows = workbook["SOC2020 descriptions"].iter_rows(min_row=2, values_only=True)
        return {
            str(row[3]).strip(): " ".join(str(row[4]).split())
            for row in rows
            if re.fullmatch(r"\d{4}", str(row[3] or "").strip())
        }
    finally:
        workbook.close()


def test_the_csv_matches_the_ons_workbook(workbook_unit_groups: dict[str, str]) -> None:
    assert len(workbook_unit_groups) == 412
    assert soc_unit_groups() == workbook_unit_groups


def test_the_extract_script_reproduces_the_csv(
    workbook_unit_groups: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "soc.csv"
    monkeypatch.setattr("sys.argv", ["extract_soc_codes.py", str(SOC_WORKBOOK), str(output)])
    with pytest.raises(SystemExit) as exited:
        runpy.run_path(str(REPO_ROOT / "scripts/extract_soc_codes.py"), run_name="__main__")
    assert exited.value.code == 0
    assert output.read_bytes() == SOC_CSV.read_bytes()


# --- Validation of broken files -------------------------------------------------------------


def valid_profile(slug: str = "kite-maker", **changes: Any) -> dict[str, Any]:
    profile: dict[str, Any] = {
        "slug": slug,
        "title": slug.replace("-", " ").capitalize(),
        "other_names": [f"{slug} person"],
        "soc": "5449",
        "sector": "creative",
        "likes": ["art", "outdoors"],
        "icon": "🪁",
        "what_they_do": "They make kites. They test them in the park.",
        "typical_day": "They cut cloth and tie string.",
        "where_they_work": "They work in a small workshop.",
        "skills": ["creativity", "problem_solving"],
        "subjects": ["art", "design_technology"],
        "ways_in": ["apprenticeship"],
        "related": ["kite-flyer" if slug == "kite-maker" else "kite-maker"],
    }
    profile.update(changes)
    return profile


def write_library(directory: Path, *profiles: dict[str, Any], name: str = "5-test.yaml") -> Path:
    path = directory / name
    path.write_text(
        yaml.safe_dump({"version": 1, "profiles": list(profiles)}, allow_unicode=True),
        encoding="utf-8",
    )
    return path


def test_a_valid_temporary_library_loads(tmp_path: Path) -> None:
    write_library(tmp_path, valid_profile(), valid_profile("kite-flyer"))
    loaded = load_profiles(tmp_path)
    assert [profile.slug for profile in loaded] == ["kite-maker", "kite-flyer"]
    assert loaded[0].likes == ("art", "outdoors")


BROKEN_PROFILES: dict[str, tuple[dict[str, Any], str, str]] = {
    # case: (changes to kite-maker, field named in the error, words in the message)
    "missing field": ({"typical_day": None}, "typical_day", "missing"),
    "empty title": ({"title": "  "}, "title", "non-empty"),
    "unquoted soc": ({"soc": 5449}, "soc", "quote SOC codes"),
    "soc not four digits": ({"soc": "544"}, "soc", "4-digit"),
    "soc not a unit group": ({"soc": "5999"}, "soc", "not a SOC 2020 unit group"),
    "unknown sector": ({"sector": "space"}, "sector", "unknown sector 'space'"),
    "unknown like": ({"likes": ["kites"]}, "likes", "unknown value 'kites'"),
    "too many likes": ({"likes": ["art", "sport", "science", "animals"]}, "likes", "1-3 items"),
    "unknown skill": ({"skills": ["juggling", "listening"]}, "skills", "unknown value"),
    "too few skills": ({"skills": ["listening"]}, "skills", "2-4 items"),
    "unknown subject": ({"subjects": ["drama", "art"]}, "subjects", "unknown value 'drama'"),
    "unknown way in": ({"ways_in": ["magic"]}, "ways_in", "unknown value 'magic'"),
    "list given as text": ({"other_names": "kite person"}, "other_names", "must be a list"),
    "repeated list item": ({"likes": ["art", "art"]}, "likes", "repeated"),
    "name repeats title": ({"other_names": ["kite MAKER"]}, "other_names", "repeats the title"),
    "one sentence": ({"what_they_do": "They make kites."}, "what_they_do", "2-4 sentence"),
    "five sentences": ({"what_they_do": "One. Two. Three. Four. Five."}, "what_they_do", "2-4"),
    "long sentence": (
        {"typical_day": " ".join(["word"] * (MAX_SENTENCE_WORDS + 1)) + "."},
        "typical_day",
        "words",
    ),
    "no full stop": ({"where_they_work": "In a workshop"}, "where_they_work", "full stop"),
    "gendered pronoun": (
        {"what_they_do": "She makes kites. They test them."},
        "what_they_do",
        "use 'they'",
    ),
    "related to itself": ({"related": ["kite-maker"]}, "related", "itself"),
    "unknown related slug": ({"related": ["kite-seller"]}, "related", "'kite-seller'"),
    "bad slug": ({"slug": "Kite Maker"}, "slug", "lowercase"),
    "icon is text": ({"icon": "kite"}, "icon", "single emoji"),
    "unknown field": ({"salary": "£1"}, "salary", "unknown field"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_PROFILES))
def test_a_broken_profile_is_rejected_naming_file_slug_and_field(case: str, tmp_path: Path) -> None:
    changes, field, message = BROKEN_PROFILES[case]
    broken = valid_profile()
    for key, value in changes.items():
        if value is None:
            del broken[key]
        else:
            broken[key] = value
    write_library(tmp_path, broken, valid_profile("kite-flyer"))
    with pytest.raises(ProfileError) as raised:
        load_profiles(tmp_path)
    error = raised.value
    assert error.file.endswith("5-test.yaml")
    assert error.field == field
    assert message in str(error)
    if field != "slug":
        assert error.slug == "kite-maker"
        assert "profile 'kite-maker'" in str(error)
    assert "5-test.yaml" in str(error)


def test_a_duplicate_slug_across_files_names_both_files(tmp_path: Path) -> None:
    write_library(tmp_path, valid_profile(), valid_profile("kite-flyer"), name="1-a.yaml")
    write_library(tmp_path, valid_profile(other_names=["other"]), name="2-b.yaml")
    with pytest.raises(ProfileError, match=r"2-b\.yaml.*duplicate slug.*1-a\.yaml"):
        load_profiles(tmp_path)


def test_a_name_shared_by_two_profiles_is_rejected(tmp_path: Path) -> None:
    write_library(
        tmp_path, valid_profile(), valid_profile("kite-flyer", other_names=["KITE-MAKER person"])
    )
    with pytest.raises(ProfileError, match="already used by profile 'kite-maker'") as raised:
        load_profiles(tmp_path)
    assert raised.value.slug == "kite-flyer"


def test_invalid_yaml_is_reported_with_the_file_name(tmp_path: Path) -> None:
    (tmp_path / "9-broken.yaml").write_text("version: 1\nprofiles: [\n  - slug: a\n", "utf-8")
    with pytest.raises(ProfileError, match=r"9-broken\.yaml: not valid YAML"):
        load_profiles(tmp_path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- just a list\n", "expected a mapping"),
        ("version: 2\nprofiles: []\n", "unsupported version 2"),
        ("version: 1\nprofiles: []\n", "non-empty list"),
        ("version: 1\nextra: true\nprofiles: [x]\n", "unknown top-level keys"),
        ("version: 1\nprofiles: [just text]\n", "must be a mapping"),
    ],
)
def test_a_malformed_file_is_rejected(text: str, message: str, tmp_path: Path) -> None:
    (tmp_path / "1-odd.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=re.escape(message)):
        load_profiles(tmp_path)


def test_an_empty_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="no profile files"):
        load_profiles(tmp_path)


def test_sentences_split_on_end_punctuation() -> None:
    assert sentences("They fly. Do they land? Yes!") == ["They fly.", "Do they land?", "Yes!"]
