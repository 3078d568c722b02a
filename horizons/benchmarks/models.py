"""Benchmark audits, their answers and scores, action plans and the hub's oversight records.

The framework itself is versioned YAML (see framework.py); tables only hold criterion ids and
the framework version each audit was started on, so a new version never moves an old score.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from horizons.benchmarks.framework import BENCHMARK_NUMBERS
from horizons.benchmarks.scoring import State
from horizons.organisations.models import Hub, School

STATE_CHOICES = [(state.value, state.label) for state in State]
BENCHMARK_CHOICES = [(n, f"Benchmark {n}") for n in BENCHMARK_NUMBERS]

SUBJECTS = {
    "english": "English",
    "maths": "Maths",
    "science": "Science",
    "computing": "Computing",
    "design_technology": "Design and technology",
    "geography": "Geography",
    "history": "History",
    "art": "Art and design",
    "music": "Music",
    "pe": "Physical education",
    "pshe": "PSHE",
    "re": "Religious education",
    "languages": "Languages",
}
YEAR_GROUPS = {
    "reception": "Reception",
    "year1": "Year 1",
    "year2": "Year 2",
    "year3": "Year 3",
    "year4": "Year 4",
    "year5": "Year 5",
    "year6": "Year 6",
}


class Audit(models.Model):
    """One school's self-assessment against one framework version, for one term."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="audits")
    framework_version = models.CharField(max_length=20)
    term = models.CharField(max_length=40, help_text="For example: Autumn 2026")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Computed once, on submit, with the audit's own framework version.
    fully_achieved_count = models.PositiveSmallIntegerField(null=True, blank=True)
    overall_percentage = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["school", "submitted_at"])]
        constraints = [
            # One audit in progress per school: a second tab cannot start a rival draft.
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(submitted_at__isnull=True),
                name="audit_one_draft_per_school",
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True, fully_achieved_count__isnull=True)
                | Q(
                    submitted_at__isnull=False,
                    fully_achieved_count__isnull=False,
                    overall_percentage__isnull=False,
                ),
                name="audit_scored_exactly_when_submitted",
            ),
            models.CheckConstraint(
                condition=Q(fully_achieved_count__isnull=True) | Q(fully_achieved_count__lte=8),
                name="audit_fully_achieved_count_at_most_8",
            ),
            models.CheckConstraint(
                condition=Q(overall_percentage__isnull=True) | Q(overall_percentage__lte=100),
                name="audit_overall_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} – {self.term}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class AuditAnswer(models.Model):
    """One criterion's answer. One row per criterion, so autosaves never overwrite each other."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="answers")
    criterion_id = models.CharField(max_length=10)
    state = models.CharField(max_length=20, choices=STATE_CHOICES)
    evidence_note = models.TextField(blank=True, max_length=2000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    # Optimistic concurrency: a write must name the version it was based on.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["audit", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "criterion_id"], name="audit_answer_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(state__in=[state.value for state in State]),
                name="audit_answer_state_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.get_state_display()}"


class AuditBenchmarkScore(models.Model):
    """A submitted audit's figure for one benchmark, so overviews read numbers, not answers."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="benchmark_scores")
    benchmark = models.PositiveSmallIntegerField(choices=BENCHMARK_CHOICES)
    percentage = models.PositiveSmallIntegerField()
    fully_achieved = models.BooleanField()

    class Meta:
        ordering = ["audit", "benchmark"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "benchmark"], name="score_one_per_benchmark"),
            models.CheckConstraint(
                condition=Q(benchmark__gte=1, benchmark__lte=8), name="score_benchmark_1_to_8"
            ),
            models.CheckConstraint(
                condition=Q(percentage__lte=100), name="score_percentage_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(fully_achieved=False) | Q(percentage=100),
                name="score_fully_achieved_means_100",
            ),
        ]

    def __str__(self) -> str:
        return f"B{self.benchmark}: {self.percentage}%"


class SchoolAuditSummary(models.Model):
    """Pointers to each school's first, previous and latest submitted audits.

    Kept up to date by the services whenever an audit is submitted or imported, so the hub
    overview reads one row per school instead of searching every school's audit history.
    """

    school = models.OneToOneField(
        School, primary_key=True, on_delete=models.CASCADE, related_name="audit_summary"
    )
    first_audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="+")
    previous_audit = models.ForeignKey(
        Audit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    latest_audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="+")
    latest_submitted_at = models.DateTimeField()
    audit_count = models.PositiveIntegerField()
    # Percentage points of the overall figure, latest minus first / minus previous.
    change_since_first = models.IntegerField()
    change_since_previous = models.IntegerField(null=True, blank=True)
    # The latest audit's figures, copied here so a national overview aggregates one narrow
    # table (16,800 rows) instead of joining 134,400 score rows.
    latest_fully_achieved = models.PositiveSmallIntegerField(default=0)
    latest_b1 = models.PositiveSmallIntegerField(default=0)
    latest_b2 = models.PositiveSmallIntegerField(default=0)
    latest_b3 = models.PositiveSmallIntegerField(default=0)
    latest_b4 = models.PositiveSmallIntegerField(default=0)
    latest_b5 = models.PositiveSmallIntegerField(default=0)
    latest_b6 = models.PositiveSmallIntegerField(default=0)
    latest_b7 = models.PositiveSmallIntegerField(default=0)
    latest_b8 = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["latest_submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    latest_fully_achieved__lte=8,
                    latest_b1__lte=100,
                    latest_b2__lte=100,
                    latest_b3__lte=100,
                    latest_b4__lte=100,
                    latest_b5__lte=100,
                    latest_b6__lte=100,
                    latest_b7__lte=100,
                    latest_b8__lte=100,
                ),
                name="summary_latest_figures_in_range",
            ),
            models.CheckConstraint(condition=Q(audit_count__gte=1), name="summary_has_an_audit"),
            models.CheckConstraint(
                condition=Q(audit_count=1, previous_audit__isnull=True)
                | Q(audit_count__gte=2, previous_audit__isnull=False),
                name="summary_previous_iff_two_audits",
            ),
        ]

    def __str__(self) -> str:
        return f"Audit summary for {self.school}"

    @property
    def is_stuck(self) -> bool:
        return self.change_since_previous is not None and self.change_since_previous <= 0

    @property
    def latest_percentages(self) -> dict[int, int]:
        return {n: getattr(self, f"latest_b{n}") for n in BENCHMARK_NUMBERS}

    def set_latest_percentages(self, percentages: dict[int, int]) -> None:
        for number in BENCHMARK_NUMBERS:
            setattr(self, f"latest_b{number}", percentages.get(number, 0))


class Action(models.Model):
    """One step in a school's action plan, usually suggested by an unmet criterion."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="benchmark_actions")
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="actions")
    criterion_id = models.CharField(max_length=10, blank=True)
    benchmark = models.PositiveSmallIntegerField(choices=BENCHMARK_CHOICES)
    text = models.TextField(max_length=1000)
    # The person who will do it: a staff member (careers leader or teacher) of the school.
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="benchmark_actions_owned",
        verbose_name="owner",
    )
    # Legacy free text from before owners were staff members, kept when it matched no one.
    owner = models.CharField(max_length=120, blank=True)
    # The framework's suggestion of who usually does this ("Class teachers"), not a person.
    owner_hint = models.CharField(max_length=60, blank=True)
    # The unfinished action in the previous plan this one carries forward (its history).
    carried_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    achieve_by = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    evidence = models.TextField(blank=True, max_length=2000)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["benchmark", "criterion_id", "pk"]
        indexes = [models.Index(fields=["school", "status", "achieve_by"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(benchmark__gte=1, benchmark__lte=8), name="action_benchmark_1_to_8"
            ),
            models.CheckConstraint(
                condition=Q(status="done", completed_at__isnull=False)
                | (~Q(status="done") & Q(completed_at__isnull=True)),
                name="action_completed_exactly_when_done",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def is_overdue(self, today: object | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status != self.Status.DONE
            and not self.is_carried_forward
            and self.achieve_by is not None
            and self.achieve_by < today  # type: ignore[operator]
        )

    @property
    def is_carried_forward(self) -> bool:
        """True when a later plan took this action on; that copy is the one to change."""
        try:
            return self.carried_to is not None  # type: ignore[attr-defined]
        except Action.DoesNotExist:
            return False

    @property
    def owner_label(self) -> str:
        if self.owner_user is not None:
            return str(self.owner_user.get_full_name() or self.owner_user.email)
        if self.owner:
            return f"{self.owner} (not a Horizons user)"
        return ""


class ActionUpdate(models.Model):
    """One entry in an action's history: made, carried forward, status changed, a note."""

    class Kind(models.TextChoices):
        CREATED = "created", "Added"
        CARRIED = "carried", "Carried forward"
        CHANGED = "changed", "Changed"
        PROGRESS = "progress", "Progress"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    summary = models.CharField(max_length=300, blank=True)
    note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["action", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary or self.note[:40]}"


class VisitNote(models.Model):
    """A facilitator's note of a visit to (or call with) a school."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="visit_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    visited_on = models.DateField()
    notes = models.TextField(max_length=5000)
    # What the hub (or the school) agreed to do next, by when, and whether it is done.
    follow_up = models.CharField(max_length=300, blank=True)
    follow_up_by = models.DateField(null=True, blank=True)
    follow_up_done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["follow_up_done_at", "follow_up_by"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_by__isnull=True) | ~Q(follow_up=""),
                name="visit_note_follow_up_date_needs_follow_up",
            ),
            models.CheckConstraint(
                condition=Q(follow_up_by__isnull=True) | Q(follow_up_by__gte=F("visited_on")),
                name="visit_note_follow_up_not_before_visit",
            ),
        ]

    def __str__(self) -> str:
        return f"Visit to {self.school} on {self.visited_on:%d/%m/%Y}"

    def follow_up_overdue(self, today: object | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            bool(self.follow_up)
            and self.follow_up_done_at is None
            and self.follow_up_by is not None
            and self.follow_up_by < today  # type: ignore[operator]
        )


class AreaMeeting(models.Model):
    """A meeting where a hub's schools share ideas, resources and toolkits."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="area_meetings")
    title = models.CharField(max_length=150)
    date = models.DateField()
    location = models.CharField(max_length=150, blank=True)
    schools = models.ManyToManyField(School, blank=True, related_name="area_meetings")
    notes = models.TextField(blank=True, max_length=10000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"


class Resource(models.Model):
    """A link or file in a hub's library, tagged so schools can find what fits."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=150)
    description = models.TextField(blank=True, max_length=2000)
    url = models.URLField("web address", blank=True)
    file = models.FileField(upload_to="benchmark-resources/%Y/", blank=True)
    # Small tag lists; a hub holds tens to hundreds of resources, filtered in Python.
    benchmarks = models.JSONField(default=list, blank=True)
    subjects = models.JSONField(default=list, blank=True)
    year_groups = models.JSONField(default=list, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""), name="resource_has_link_or_file"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subject_labels(self) -> list[str]:
        return [SUBJECTS.get(key, key) for key in self.subjects]

    @property
    def year_group_labels(self) -> list[str]:
        return [YEAR_GROUPS.get(key, key) for key in self.year_groups]
