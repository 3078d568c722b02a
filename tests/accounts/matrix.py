from tests.permission_matrix import Row, everyone, only

ROWS = [
    Row("home", expect=everyone(), anonymous="ok"),
    Row("privacy", expect=everyone(), anonymous="ok"),
    Row("accessibility", expect=everyone(), anonymous="ok"),
    Row("team", expect=only("lead", "coordinator", "facilitator", "outsider")),
    Row(
        "team_invite",
        args=lambda w: ["school", w.school.pk],
        expect=only("lead", "admin"),
    ),
    Row(
        "team_invite",
        args=lambda w: ["employer", w.employer.pk],
        expect=only("coordinator", "admin"),
    ),
    Row("team_invite", args=lambda w: ["hub", w.hub.pk], expect=only("facilitator", "admin")),
    Row("team_sign_in", args=lambda w: [w.hub.pk], expect=only("facilitator", "admin")),
]
