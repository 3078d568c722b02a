"""The library's pure pieces: doors, cards, search safety, role-model order and chart geometry."""

from hypothesis import given
from hypothesis import strategies as st

from horizons.careers import library
from horizons.careers.library import Catalogue, bar_chart, catalogue, interleave, parse_slugs
from horizons.careers.profiles import load_profiles, sentences
from horizons.core.sectors import LIKES, SECTORS, SKILLS, SUBJECTS, WAYS_IN


def test_every_door_and_tag_has_an_icon() -> None:
    for vocabulary, icons in [
        (LIKES, library.LIKE_ICONS),
        (SKILLS, library.SKILL_ICONS),
        (SUBJECTS, library.SUBJECT_ICONS),
        (WAYS_IN, library.WAY_IN_ICONS),
        (SECTORS, library.SECTOR_ICONS),
    ]:
        assert set(icons) == set(vocabulary)
    assert set(library.LIKE_INTROS) == set(LIKES)


def test_each_like_door_opens_on_the_jobs_that_list_it_in_title_order() -> None:
    books = catalogue()
    for door in library.doors("like"):
        jobs = books.behind(door)
        assert jobs, f"no jobs behind {door.key}"
        assert all(door.key in job.likes for job in jobs)
        titles = [job.title.casefold() for job in jobs]
        assert titles == sorted(titles)
    animals = [job.slug for job in books.behind(library.door("like", "animals"))]  # type: ignore[arg-type]
    assert "vet" in animals and "accountant" not in animals


def test_unknown_doors_are_none() -> None:
    assert library.door("like", "spaceships") is None
    assert library.door("colour", "animals") is None
    assert library.door("skill", "teamwork") is not None


def test_pick_keeps_order_drops_unknown_and_repeats_and_stops_at_the_limit() -> None:
    books = catalogue()
    picked = books.pick(["nurse", "nope", "vet", "nurse"])
    assert [p.slug for p in picked] == ["nurse", "vet"]
    every = [p.slug for p in books.profiles]
    assert len(books.pick(every, limit=5)) == 5


def test_parse_slugs_tidies_what_is_typed_in_an_address() -> None:
    assert parse_slugs(" Vet, nurse,,vet , pilot ") == ["vet", "nurse", "pilot"]
    assert parse_slugs("") == []
    assert len(parse_slugs(",".join(f"job{i}" for i in range(500)))) == library.MAX_CARDS


def test_card_has_three_short_lines_from_the_profile() -> None:
    vet = catalogue().get("vet")
    assert vet is not None
    card = library.card_for(vet)
    assert card.title == "Vet" and card.icon == vet.icon
    assert len(card.lines) == 3
    assert card.lines[0] == sentences(vet.what_they_do)[0]
    assert card.lines[1].startswith("Good at: ") and SKILLS[vet.skills[0]] in card.lines[1]
    assert card.lines[2].startswith("Useful subjects: ")


def test_search_forgives_spelling() -> None:
    result = library.search("vetnary")
    assert not result.offensive and result.query == "vetnary"
    assert result.profiles and result.profiles[0].slug == "vet"


def test_search_never_keeps_an_offensive_query() -> None:
    for text in ["bollocks", "a vet, you bastard", "f u c k", "VET " + "x" * 200 + " shit"]:
        result = library.search(text)
        assert result.offensive, text
        assert result.query == "" and result.profiles == ()


def test_search_of_nothing_or_other_scripts_is_calm() -> None:
    assert library.search("").asked is False
    assert library.search(None).query == ""
    assert library.search("🐶🐱").profiles == ()
    assert library.search("طبيب بيطري").profiles == ()
    long = library.search("vet " * 5000)
    assert long.shortened and len(long.query) <= library.MAX_QUERY_CHARS


@given(st.text(max_size=400))
def test_search_takes_any_text_without_error(text: str) -> None:
    result = library.search(text)
    assert len(result.query) <= library.MAX_QUERY_CHARS
    assert "\x00" not in result.query
    assert len(result.profiles) <= library.SEARCH_LIMIT


def test_interleave_takes_groups_in_turn() -> None:
    people = [("Amy", "woman"), ("Beth", "woman"), ("Cara", "woman"), ("Dan", "man"), ("Jo", "nb")]
    order = [name for name, _ in interleave(people, key=lambda p: p[1])]
    assert order == ["Amy", "Dan", "Jo", "Beth", "Cara"]
    assert interleave([], key=lambda p: p) == []


@given(st.lists(st.tuples(st.integers(), st.sampled_from("abc"))))
def test_interleave_keeps_everyone_once(items: list[tuple[int, str]]) -> None:
    result = interleave(items, key=lambda item: item[1])
    assert sorted(result) == sorted(items)


def test_bar_chart_longest_bar_fills_the_plot() -> None:
    chart = bar_chart([("Health", 200), ("Retail", 100), ("Farming", 0)])
    widths = [bar.width for bar in chart.bars]
    assert widths == [chart.plot_width, chart.plot_width / 2, 0]
    assert [bar.text for bar in chart.bars] == ["200", "100", "0"]
    assert chart.bars[0].label_y < chart.bars[0].y < chart.bars[1].label_y < chart.bars[1].y
    assert all(bar.value_x + 60 <= chart.width for bar in chart.bars)  # room for "88,000"
    assert chart.height >= chart.bars[-1].y + chart.bar_height
    assert bar_chart([]).bars == ()


def test_catalogue_choices_cover_every_profile_in_title_order() -> None:
    profiles = load_profiles()
    books = Catalogue(profiles)
    choices = books.choices()
    assert len(choices) == len(profiles) == len(books)
    assert [title.casefold() for _, title in choices] == sorted(t.casefold() for _, t in choices)
