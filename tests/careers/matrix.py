"""The careers library is public: every persona, and someone not signed in, may see every page."""

from tests.permission_matrix import Row, everyone

ROWS = [
    Row("careers:careers_home", expect=everyone(), anonymous="ok"),
    Row("careers:careers_like", args=lambda w: ["animals"], expect=everyone(), anonymous="ok"),
    Row(
        "careers:careers_like",
        args=lambda w: ["spaceships"],
        expect=everyone("404"),
        anonymous="404",
    ),
    Row("careers:careers_skill", args=lambda w: ["teamwork"], expect=everyone(), anonymous="ok"),
    Row("careers:careers_subject", args=lambda w: ["maths"], expect=everyone(), anonymous="ok"),
    Row("careers:careers_search", expect=everyone(), anonymous="ok"),
    Row("careers:careers_job", args=lambda w: ["vet"], expect=everyone(), anonymous="ok"),
    Row(
        "careers:careers_job",
        args=lambda w: ["no-such-job"],
        expect=everyone("404"),
        anonymous="404",
    ),
    Row("careers:careers_job_card", args=lambda w: ["vet"], expect=everyone(), anonymous="ok"),
    Row("careers:careers_cards", expect=everyone(), anonymous="ok"),
    Row("careers:careers_jobs_near_us", expect=everyone(), anonymous="ok"),
]
