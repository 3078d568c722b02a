"""Jobs that children (and the research) most often see as "for boys" or "for girls".

Drawing the Future (2018): boys were over 4× as likely to choose engineer, over 5× armed forces
or firefighter, over 20× mechanic or builder; girls favoured nurse, hairdresser and dancer.
A volunteer whose gender runs against their job's stereotype — a male nurse, a female engineer —
is a counter-stereotypical role model, and allocation spreads them widely.
"""

MALE_TYPED = frozenset(
    {
        "engineer",
        "mechanical-engineer",
        "robotics-engineer",
        "civil-engineer",
        "electricity-network-engineer",
        "wind-turbine-technician",
        "electrician",
        "mechanic",
        "builder",
        "bricklayer",
        "carpenter",
        "plumber",
        "firefighter",
        "police-officer",
        "soldier",
        "pilot",
        "train-driver",
        "software-developer",
        "scientist",
        "surgeon",
    }
)
FEMALE_TYPED = frozenset(
    {
        "nurse",
        "midwife",
        "care-worker",
        "vet-nurse",
        "librarian",
        "shop-assistant",
        "hairdresser",
        "beautician",
        "nail-technician",
        "dancer",
        "nursery-worker",
        "teaching-assistant",
        "primary-teacher",
        "social-worker",
    }
)


def is_counter_stereotypical(job_profile_slug: str, gender: str) -> bool:
    """True for a woman in a "male" job or a man in a "female" one."""
    if gender == "woman":
        return job_profile_slug in MALE_TYPED
    if gender == "man":
        return job_profile_slug in FEMALE_TYPED
    return False
