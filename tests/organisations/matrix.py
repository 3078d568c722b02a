from tests.permission_matrix import Row, everyone, only

ROWS = [
    Row("school_list", expect=only("admin", "facilitator", "lead", "teacher", "outsider")),
    Row(
        "school_detail",
        args=lambda w: [w.school.urn],
        expect=only("admin", "facilitator", "lead", "teacher"),
    ),
    Row("school_detail", args=lambda w: [w.other_school.urn], expect=only("admin", "facilitator")),
    Row("school_detail", args=lambda w: [w.foreign_school.urn], expect=only("admin", "outsider")),
    Row("employer_list", expect=everyone(volunteer="ok", lead="404", teacher="404")),
    Row(
        "employer_detail",
        args=lambda w: [w.employer.pk],
        expect=only("admin", "facilitator", "coordinator", "volunteer"),
    ),
    Row(
        "employer_detail", args=lambda w: [w.foreign_employer.pk], expect=only("admin", "outsider")
    ),
    Row("employer_edit", args=lambda w: [w.employer.pk], expect=only("admin", "coordinator")),
    Row(
        "volunteer_detail",
        args=lambda w: [w.volunteer_profile.pk],
        expect=only("admin", "facilitator", "coordinator", "volunteer"),
    ),
    Row(
        "volunteer_edit",
        args=lambda w: [w.volunteer_profile.pk],
        expect=only("admin", "coordinator", "volunteer"),
    ),
    Row(
        "volunteer_detail",
        args=lambda w: [w.foreign_volunteer.pk],
        expect=only("admin", "outsider"),
    ),
    Row(
        "volunteer_edit", args=lambda w: [w.foreign_volunteer.pk], expect=only("admin", "outsider")
    ),
    Row("my_volunteer_profile", expect=only("volunteer", result="redirect")),
    Row("safeguarding_checks", expect=only("admin", "facilitator", "coordinator", "outsider")),
    Row(
        "safeguarding_check_record",
        args=lambda w: [w.volunteer_profile.pk],
        expect=only("admin", "facilitator", "coordinator"),
    ),
    Row(
        "safeguarding_check_record",
        args=lambda w: [w.foreign_volunteer.pk],
        expect=only("admin", "outsider"),
    ),
    Row("hub_check_validity", args=lambda w: [w.hub.pk], expect=only("admin", "facilitator")),
    Row("hub_check_validity", args=lambda w: [w.other_hub.pk], expect=only("admin", "outsider")),
]
