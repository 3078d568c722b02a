"""The sectors Horizons uses everywhere: employers, volunteers, offers and job profiles.

A fixed list (not a table) so that pure modules, YAML data and forms agree without a database.
"""

SECTORS: dict[str, str] = {
    "health-and-care": "Health and care",
    "engineering": "Engineering and manufacturing",
    "energy": "Energy and utilities",
    "emergency-services": "Emergency services and armed forces",
    "construction": "Construction",
    "creative": "Creative, media and arts",
    "retail": "Retail and customer service",
    "finance": "Finance and business",
    "public-sector": "Public services and law",
    "transport": "Transport and logistics",
    "education": "Education and childcare",
    "science": "Science and research",
    "digital": "Computers and digital",
    "sport": "Sport and leisure",
    "animals-and-land": "Animals, farming and the environment",
    "hospitality": "Food, hospitality and beauty",
}

# The eight essential skills (Skills Builder's names; our own descriptions elsewhere).
SKILLS: dict[str, str] = {
    "listening": "Listening",
    "speaking": "Speaking",
    "problem_solving": "Problem solving",
    "creativity": "Creativity",
    "staying_positive": "Staying positive",
    "aiming_high": "Aiming high",
    "leadership": "Leadership",
    "teamwork": "Teamwork",
}

SUBJECTS: dict[str, str] = {
    "maths": "Maths",
    "english": "English",
    "science": "Science",
    "computing": "Computing",
    "art": "Art and design",
    "design_technology": "Design and technology",
    "pe": "PE",
    "music": "Music",
    "geography": "Geography",
    "history": "History",
    "languages": "Languages",
    "pshe": "PSHE",
    "re": "RE",
}

# "Things I like" — the child-friendly doors into the careers library.
LIKES: dict[str, str] = {
    "animals": "Animals",
    "building": "Building and making",
    "helping": "Helping people",
    "computers": "Computers",
    "sport": "Sport",
    "art": "Art and music",
    "science": "Science",
    "outdoors": "Outdoors",
}

WAYS_IN: dict[str, str] = {
    "apprenticeship": "Apprenticeship",
    "college": "College",
    "university": "University",
    "work_your_way_up": "Work your way up",
    "volunteering": "Volunteering",
}
