"""Every programmes page, as every persona: pupil-level pages for the school's own staff,
impact for facilitators too, visits for the employer side, token pages for anyone."""

from tests.permission_matrix import Row, everyone, only
from tests.programmes.factories import matrix_cohort, matrix_pupil

STAFF = ("admin", "lead", "teacher")
IMPACT = ("admin", "facilitator", "lead", "teacher")
# Changing the children: the careers leader, or a teacher who runs the group (the matrix's
# teacher does not run this one, so sees the children but cannot change them).
CHANGE = ("admin", "lead")


def _cohort(w):  # type: ignore[no-untyped-def]
    return [matrix_cohort(w).pk]


def _pupil(w):  # type: ignore[no-untyped-def]
    return [matrix_pupil(w).pk]


def _token(w):  # type: ignore[no-untyped-def]
    return [matrix_pupil(w).consent.token]


ROWS = [
    Row(
        "programmes:programme_home",
        expect=only("admin", "facilitator", "lead", "teacher", "outsider"),
    ),
    Row(
        "programmes:programme_template",
        args=lambda w: ["aspirations-stem"],
        expect=only("admin", "facilitator", "lead", "teacher", "outsider"),
    ),
    Row("programmes:cohort_create", expect=only("admin", "lead", "teacher", "outsider")),
    Row("programmes:cohort_detail", args=_cohort, expect=only(*STAFF)),
    Row("programmes:cohort_edit", args=_cohort, expect=only(*STAFF)),
    Row("programmes:cohort_delete", args=_cohort, expect=only(*CHANGE)),
    Row("programmes:cohort_board", args=_cohort, expect=only(*STAFF)),
    Row("programmes:cohort_cards", args=_cohort, expect=only(*STAFF)),
    Row("programmes:cohort_unlock", args=_cohort, expect=only(*STAFF, result=405)),
    Row("programmes:cohort_sign_in_window", args=_cohort, expect=only(*STAFF, result=405)),
    Row("programmes:cohort_session_edit", args=lambda w: [*_cohort(w), 2], expect=only(*STAFF)),
    Row("programmes:cohort_import", args=_cohort, expect=only(*CHANGE)),
    # Without an uploaded file in the session, the column page sends staff back to upload.
    Row("programmes:cohort_import_map", args=_cohort, expect=only(*CHANGE, result="redirect")),
    Row("programmes:cohort_mis_sync", args=_cohort, expect=only(*CHANGE)),
    Row("programmes:cohort_consent", args=_cohort, expect=only(*CHANGE)),
    Row("programmes:cohort_contacts", args=_cohort, expect=only(*CHANGE)),
    Row("programmes:cohort_consent_send", args=_cohort, expect=only(*CHANGE, result=405)),
    Row("programmes:cohort_letters", args=_cohort, expect=only(*STAFF)),
    Row("programmes:cohort_letters_pdf", args=_cohort, expect=only(*STAFF)),
    Row("programmes:cohort_assembly_ics", args=_cohort, expect=only(*STAFF)),
    Row("programmes:pupil_detail", args=_pupil, expect=only(*STAFF)),
    Row("programmes:pupil_edit", args=_pupil, expect=only(*CHANGE)),
    Row("programmes:pupil_remove", args=_pupil, expect=only(*CHANGE)),
    Row("programmes:pupil_export", args=_pupil, expect=only(*CHANGE)),
    Row("programmes:school_data", args=lambda w: [w.school.pk], expect=only(*CHANGE)),
    # Families: the group's printable Future Clouds (the matrix child has no cloud, so the PDF
    # sends staff back to the download page) and the careers leader's termly newsletter.
    Row("programmes:cohort_clouds", args=_cohort, expect=only(*STAFF)),
    Row("programmes:cohort_clouds_pdf", args=_cohort, expect=only(*STAFF, result="redirect")),
    Row("programmes:school_newsletter", args=lambda w: [w.school.pk], expect=only(*CHANGE)),
    Row("programmes:cohort_impact", args=_cohort, expect=only(*IMPACT)),
    Row("programmes:cohort_impact_pdf", args=_cohort, expect=only(*IMPACT)),
    Row("programmes:impact_overview", expect=only(*IMPACT, "outsider")),
    Row("programmes:impact_overview_pdf", expect=only(*IMPACT, "outsider")),
    # "My class": school staff see their own classes (the outsider, staff elsewhere, sees none).
    Row("programmes:my_class", expect=only(*STAFF, "outsider")),
    Row(
        "programmes:programme_visits", expect=only("admin", "coordinator", "volunteer", "outsider")
    ),
    # Parents have no account: the token is the key.
    Row("programmes:parent_consent", args=_token, expect=everyone(), anonymous="ok"),
    Row("programmes:parent_consent_ics", args=_token, expect=everyone(), anonymous="ok"),
    Row("programmes:parent_consent", args=lambda w: ["not-a-real-token"], anonymous="404"),
    Row("programmes:parent_family", args=_token, expect=everyone(), anonymous="ok"),
    Row(
        "programmes:parent_family",
        args=lambda w: ["not-a-real-token"],
        expect=everyone("404"),
        anonymous="404",
    ),
    # The short link on the letter and in the message leads on to the parent's page.
    Row(
        "consent_short_link",
        args=lambda w: [matrix_pupil(w).consent.short_code],
        expect=everyone("redirect"),
        anonymous="redirect",
    ),
    Row(
        "consent_short_link", args=lambda w: ["BBBBBBBBBB"], expect=everyone("404"), anonymous="404"
    ),
    # Children have no account either: without a child session every child page leads to
    # the class code page.
    Row("programmes:child_start", expect=everyone(), anonymous="ok"),
    Row("programmes:child_picture", expect=everyone("redirect"), anonymous="redirect"),
    Row("programmes:child_home", expect=everyone("redirect"), anonymous="redirect"),
    Row(
        "programmes:child_question",
        args=lambda w: ["pre", 1],
        expect=everyone("redirect"),
        anonymous="redirect",
    ),
    Row(
        "programmes:child_questions_done",
        args=lambda w: ["pre"],
        expect=everyone("redirect"),
        anonymous="redirect",
    ),
    Row(
        "programmes:child_activity",
        args=lambda w: ["who-am-i", 1],
        expect=everyone("redirect"),
        anonymous="redirect",
    ),
    Row(
        "programmes:child_activity_done",
        args=lambda w: ["who-am-i"],
        expect=everyone("redirect"),
        anonymous="redirect",
    ),
    Row("programmes:child_sign_out", expect=everyone(405), anonymous=405),
    # The board's short link: a running class's code leads on to the pictures.
    Row(
        "child_go",
        args=lambda w: [matrix_cohort(w).class_code],
        expect=everyone("redirect"),
        anonymous="redirect",
    ),
    Row("child_go", args=lambda w: ["ZZZZZZ"], expect=everyone("404"), anonymous="404"),
    Row(
        "child_go_slash",
        args=lambda w: [matrix_cohort(w).class_code],
        expect=everyone("redirect"),
        anonymous="redirect",
    ),
]
