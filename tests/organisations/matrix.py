from tests.permission_matrix import Row, everyone, only

ROWS = [
    Row(
        "organisations:school_list",
        expect=only("admin", "facilitator", "lead", "teacher", "outsider"),
    ),
    Row(
        "organisations:school_detail",
        args=lambda w: [w.school.urn],
        expect=only("admin", "facilitator", "lead", "teacher"),
    ),
    Row(
        "organisations:school_detail",
        args=lambda w: [w.other_school.urn],
        expect=only("admin", "facilitator"),
    ),
    Row(
        "organisations:school_detail",
        args=lambda w: [w.foreign_school.urn],
        expect=only("admin", "outsider"),
    ),
    Row(
        "organisations:employer_list",
        expect=everyone(volunteer="ok", lead="404", teacher="404", national="404"),
    ),
    Row(
        "organisations:employer_detail",
        args=lambda w: [w.employer.pk],
        expect=only("admin", "facilitator", "coordinator", "volunteer"),
    ),
    Row(
        "organisations:employer_detail",
        args=lambda w: [w.foreign_employer.pk],
        expect=only("admin", "outsider"),
    ),
    Row(
        "organisations:employer_edit",
        args=lambda w: [w.employer.pk],
        expect=only("admin", "coordinator"),
    ),
    Row(
        "organisations:volunteer_detail",
        args=lambda w: [w.volunteer_profile.pk],
        expect=only("admin", "facilitator", "coordinator", "volunteer"),
    ),
    Row(
        "organisations:volunteer_edit",
        args=lambda w: [w.volunteer_profile.pk],
        expect=only("admin", "coordinator", "volunteer"),
    ),
    Row(
        "organisations:volunteer_detail",
        args=lambda w: [w.foreign_volunteer.pk],
        expect=only("admin", "outsider"),
    ),
    Row(
        "organisations:volunteer_edit",
        args=lambda w: [w.foreign_volunteer.pk],
        expect=only("admin", "outsider"),
    ),
    Row("organisations:my_volunteer_profile", expect=only("volunteer", result="redirect")),
    Row(
        "organisations:safeguarding_checks",
        expect=only("admin", "facilitator", "coordinator", "outsider"),
    ),
    Row(
        "organisations:safeguarding_check_record",
        args=lambda w: [w.volunteer_profile.pk],
        expect=only("admin", "facilitator", "coordinator"),
    ),
    Row(
        "organisations:safeguarding_check_record",
        args=lambda w: [w.foreign_volunteer.pk],
        expect=only("admin", "outsider"),
    ),
    Row(
        "organisations:hub_check_validity",
        args=lambda w: [w.hub.pk],
        expect=only("admin", "facilitator"),
    ),
    Row(
        "organisations:hub_check_validity",
        args=lambda w: [w.other_hub.pk],
        expect=only("admin", "outsider"),
    ),
]
