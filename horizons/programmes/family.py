"""What families see: a child's Future Cloud as pictures and words, jobs to talk about at home,
and the termly newsletter as plain text. Pure module: no Django.

The rule for what a parent (and a printed Future Cloud) may show of a child is the one the
consent letter states: a child's answers are kept and shown only once the child has applied
and a parent has said yes (``Consent.allows_answers``). A parent who withdraws makes everything
of the child disappear from these pages, as from every other.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from horizons.careers.profiles import JobProfile, sentences
from horizons.core.sectors import SKILLS, SUBJECTS
from horizons.programmes.activities import FUTURE_CLOUD

# What a parent's page says about the child, by the state of consent and retention.
SHOWN = "shown"
PENDING = "pending"
REFUSED = "refused"
NOT_APPLIED = "not_applied"
WITHDRAWN = "withdrawn"
REMOVED = "removed"

# Colours for printed clouds: strong enough to read on a projector, light enough to print.
CLOUD_COLOURS = ("#d4351c", "#1d70b8", "#00703c", "#f47738", "#4c2c92", "#d53880", "#28a197")

NEWSLETTER_INTRO_MAX = 1500


def consent_state(
    *, applied: bool, parent_consent: str, withdrawn: bool, removed: bool = False
) -> str:
    """Which of the states above a parent's page is in (``removed``: retention has run)."""
    if removed:
        return REMOVED
    if withdrawn and parent_consent != "granted":
        return WITHDRAWN
    if parent_consent == "refused":
        return REFUSED
    if parent_consent == "pending":
        return PENDING
    return SHOWN if applied else NOT_APPLIED


@dataclass(frozen=True)
class CloudItem:
    emoji: str
    label: str


@dataclass(frozen=True)
class CloudSection:
    prompt: str
    items: tuple[CloudItem, ...]


@dataclass(frozen=True)
class Cloud:
    """A child's Future Cloud as a page shows it: the job in their words, then pictures."""

    job_text: str
    job_title: str
    job_slug: str
    sections: tuple[CloudSection, ...]

    @property
    def job(self) -> str:
        return self.job_text or self.job_title


def cloud_from_data(data: Mapping[str, Any] | None) -> Cloud | None:
    """The stored activity (``Reflection.data``) as a Cloud; None when nothing was chosen."""
    if not data:
        return None
    job = data.get("job")
    job = job if isinstance(job, Mapping) else {}
    sections = []
    for question in FUTURE_CLOUD.questions:
        if question.kind != "many":
            continue
        codes = data.get(question.key)
        chosen = [question.option(code) for code in codes or [] if isinstance(code, str)]
        items = tuple(CloudItem(o.emoji, o.label) for o in chosen if o is not None)
        if items:
            sections.append(CloudSection(question.prompt, items))
    text = str(job.get("text", "") or "")
    if not text and not sections:
        return None
    return Cloud(
        text, str(job.get("title", "") or ""), str(job.get("slug", "") or ""), tuple(sections)
    )


def _a(title: str) -> str:
    """'a nurse', 'an engineer', 'an NHS manager': the job as part of a sentence."""
    words = title.split()
    first = words[0] if words else title
    keep = first.isupper() and len(first) > 1  # an acronym stays as it is
    phrase = title if keep else title[:1].lower() + title[1:]
    article = (
        "an" if phrase[:1].lower() in "aeiou" or (keep and first[0] in "AEFHILMNORSX") else "a"
    )
    return f"{article} {phrase}"


@dataclass(frozen=True)
class TalkingPoint:
    """One job to talk about at home: what it is in one sentence, and questions to ask."""

    slug: str
    title: str
    icon: str
    sentence: str
    questions: tuple[str, ...]
    why: str = ""


def talking_point(profile: JobProfile, why: str = "") -> TalkingPoint:
    job = _a(profile.title)
    skills = [SKILLS[k].lower() for k in profile.skills[:2] if k in SKILLS]
    subjects = [SUBJECTS[k] for k in profile.subjects[:2] if k in SUBJECTS]
    questions = [f"What do you think {job} does all day?"]
    if skills:
        questions.append(
            f"{job[:1].upper()}{job[1:]} needs {' and '.join(skills)}. "
            f"When have you used {skills[0]}?"
        )
    if subjects:
        questions.append(f"Which lessons would help: {' or '.join(subjects)}?")
    questions.append("Do we know anyone who does this job? We could ask them about it.")
    first = sentences(profile.what_they_do)
    return TalkingPoint(
        profile.slug,
        profile.title,
        profile.icon,
        first[0] if first else profile.what_they_do,
        tuple(questions),
        why,
    )


def unique_slugs(slugs: Iterable[str], limit: int) -> list[str]:
    found: list[str] = []
    for slug in slugs:
        if slug and slug not in found:
            found.append(slug)
        if len(found) >= limit:
            break
    return found


# --- The termly newsletter ------------------------------------------------------------------


@dataclass(frozen=True)
class NewsletterEncounter:
    date: date
    title: str
    who_came: tuple[str, ...]  # employers and organisations, never a volunteer's name
    jobs: tuple[str, ...]
    classes: tuple[str, ...]
    online: bool = False


@dataclass(frozen=True)
class NewsletterYearGroup:
    year_group: int
    children: int | str  # a count, or "fewer than 5"
    encounters: tuple[NewsletterEncounter, ...]

    @property
    def heading(self) -> str:
        return "Reception" if self.year_group == 0 else f"Year {self.year_group}"

    @property
    def jobs(self) -> tuple[str, ...]:
        found: list[str] = []
        for encounter in self.encounters:
            found += [j for j in encounter.jobs if j not in found]
        return tuple(found)


@dataclass(frozen=True)
class ProgrammeHighlight:
    title: str
    year_group: int
    sessions_held: int
    children: int | str
    professionals: tuple[str, ...]  # "a nurse from City Hospital"
    popular_jobs: tuple[tuple[str, int], ...]  # Future Cloud jobs chosen by 5 or more


@dataclass(frozen=True)
class Newsletter:
    school: str
    term_label: str
    first: date
    last: date
    introduction: str
    year_groups: tuple[NewsletterYearGroup, ...] = ()
    programmes: tuple[ProgrammeHighlight, ...] = ()
    children_total: int | str = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not self.year_groups and not self.programmes


def default_introduction(school: str, term_label: str) -> str:
    return (
        f"This {term_label.split(' ')[0].lower()} term, children at {school} met people from "
        "the world of work. They asked questions, tried things out and learned about jobs they "
        "had not heard of before. Here is what each year group did. Ask your child about it!"
    )


def clean_introduction(raw: str) -> str:
    """The introduction as printed: spare spaces gone, paragraphs kept; ValueError with a
    message saying what to fix."""
    paragraphs = [" ".join(p.split()) for p in raw.replace("\r\n", "\n").split("\n\n")]
    text = "\n\n".join(p for p in paragraphs if p)
    if not text:
        raise ValueError("Write an introduction, or use the suggested one.")
    if len(text) > NEWSLETTER_INTRO_MAX:
        raise ValueError(
            f"The introduction is {len(text):,} characters long. "
            f"Keep it to {NEWSLETTER_INTRO_MAX:,} characters."
        )
    return text


def _uk(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _wrap(text: str, width: int = 78, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) or [""]


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def newsletter_text(letter: Newsletter) -> str:
    """The newsletter as plain text, to paste into the school's own newsletter."""
    lines = [f"Careers news from {letter.school}", letter.term_label, ""]
    for paragraph in letter.introduction.split("\n\n"):
        lines += [*_wrap(paragraph), ""]
    if letter.year_groups:
        lines += _wrap(
            f"This term, {letter.children_total} children met people from the world of work."
        )
        lines.append("")
    if letter.empty:
        lines += _wrap("No encounters or programme sessions were recorded this term.")
        lines.append("")
    for year in letter.year_groups:
        lines.append(f"{year.heading} ({year.children} children)")
        for enc in year.encounters:
            where = " (online)" if enc.online else ""
            lines += _wrap(f"- {_uk(enc.date)}: {enc.title}{where}", indent="")
            if enc.who_came:
                lines += _wrap(f"Who came: {_join(enc.who_came)}.", indent="  ")
            if enc.jobs:
                lines += _wrap(f"Jobs they met: {_join(enc.jobs)}.", indent="  ")
        lines.append("")
    for programme in letter.programmes:
        lines.append(f"{programme.title} (Year {programme.year_group})")
        lines += _wrap(
            f"{programme.children} children took part in {programme.sessions_held} "
            f"session{'' if programme.sessions_held == 1 else 's'} this term.",
        )
        if programme.professionals:
            lines += _wrap(f"They met {_join(programme.professionals)}.")
        if programme.popular_jobs:
            jobs = [f"{title} ({count})" for title, count in programme.popular_jobs]
            lines += _wrap(f"Jobs most often in their Future Clouds: {_join(jobs)}.")
        lines.append("")
    for note in letter.notes:
        lines += [*_wrap(note), ""]
    return "\n".join(lines).rstrip() + "\n"
