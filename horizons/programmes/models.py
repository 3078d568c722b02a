"""Programmes run with a class: cohorts, sessions, pupils, consent, answers and reflections.

Children's data is kept to the minimum (first name, surname initial, year group, class, and
pupil premium / SEND / gender only where the school chooses). There is no column for a UPN,
a date of birth or an address, so none can be stored by mistake.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from horizons.organisations.models import School, Volunteer
from horizons.programmes.pictures import PICTURE_CHOICES
from horizons.programmes.templates_data import ProgrammeTemplate, Step, get_template

PICTURE_NUMBER_MIN = 10
PICTURE_NUMBER_MAX = 99


class Cohort(models.Model):
    """One run of a programme template by a school with a group of children."""

    class Status(models.TextChoices):
        PLANNING = "planning", "Planning"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"

    class Phase(models.TextChoices):
        CLOSED = "closed", "Closed"
        PRE = "pre", "Before the programme"
        POST = "post", "After the programme"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="programme_cohorts")
    template_slug = models.SlugField("programme", max_length=80)
    name = models.CharField(max_length=120)
    year_group = models.PositiveSmallIntegerField()
    classes = models.JSONField(default=list, blank=True)
    # Children type this to find their class: letters that cannot be confused (no I/O/L/U,
    # no vowels, so no words), unique among cohorts that are not finished.
    class_code = models.CharField(max_length=8)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNING)
    open_phase = models.CharField(
        "questions children can answer now",
        max_length=6,
        choices=Phase.choices,
        default=Phase.CLOSED,
    )
    # The class code works only while the teacher has opened sign-in (until this moment), so
    # nobody outside the classroom can use it to guess a child's picture.
    sign_in_open_until = models.DateTimeField("children can sign in until", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The school's teachers who run this group: only they (and the careers leader) may change
    # its children's records. Other staff at the school can still see them.
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="taught_cohorts"
    )
    # Set when the group is marked finished; the retention schedule counts from it.
    finished_on = models.DateField(null=True, blank=True)
    # Set when the retention task has removed the children's names and words (see
    # docs/retention.md); the anonymous answers stay for impact figures.
    pseudonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="cohort_name_unique_at_school"),
            models.UniqueConstraint(
                fields=["class_code"],
                condition=~Q(status="finished"),
                name="cohort_class_code_unique_while_active",
            ),
            models.CheckConstraint(
                condition=Q(year_group__gte=1, year_group__lte=6), name="cohort_primary_year"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planning", "running", "finished"]),
                name="cohort_status_known",
            ),
            models.CheckConstraint(
                condition=Q(open_phase__in=["closed", "pre", "post"]), name="cohort_phase_known"
            ),
        ]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def template(self) -> ProgrammeTemplate:
        return get_template(self.template_slug)

    @property
    def instrument_version(self) -> str:
        return self.template.instrument

    @property
    def classes_text(self) -> str:
        return ", ".join(self.classes)

    def sign_in_is_open(self, now: datetime | None = None) -> bool:
        if self.status != self.Status.RUNNING or self.sign_in_open_until is None:
            return False
        return self.sign_in_open_until > (now or timezone.now())

    @property
    def consent_links_expired(self) -> bool:
        """Parents' links give consent only while the programme has not finished."""
        return self.status == self.Status.FINISHED


class CohortSession(models.Model):
    """One step of the template as this cohort runs it: its date and its professionals."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    step = models.PositiveSmallIntegerField(help_text="Position of the step in the template")
    date = models.DateField(null=True, blank=True)
    starts_at = models.TimeField(null=True, blank=True)
    held = models.BooleanField(default=False)
    volunteers = models.ManyToManyField(Volunteer, blank=True, related_name="programme_sessions")

    class Meta:
        ordering = ["cohort", "step"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "step"], name="cohort_session_step_unique")
        ]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.title}"

    @property
    def info(self) -> Step:
        return self.cohort.template.steps[self.step]

    @property
    def title(self) -> str:
        return self.info.title


class Pupil(models.Model):
    """A child in a cohort. Never a UPN, date of birth or address: see the module docstring."""

    class Gender(models.TextChoices):
        GIRL = "girl", "Girl"
        BOY = "boy", "Boy"
        OTHER = "other", "Other"
        NOT_GIVEN = "not_given", "Not given"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="pupils")
    first_name = models.CharField(max_length=50)
    last_initial = models.CharField(max_length=1)
    year_group = models.PositiveSmallIntegerField()
    class_name = models.CharField("class", max_length=20)
    pupil_premium = models.BooleanField(null=True, blank=True)
    send = models.BooleanField("SEND", null=True, blank=True)
    # Blank when the school chose not to record it ("not_given" is an answer in the MIS).
    gender = models.CharField(max_length=10, choices=Gender.choices, blank=True, default="")
    picture = models.CharField(max_length=16, choices=PICTURE_CHOICES)
    picture_number = models.PositiveSmallIntegerField()
    # The school's own reference, used to match imported answers; never a UPN.
    reference = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["class_name", "first_name", "last_initial"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "picture", "picture_number"], name="pupil_picture_code_unique"
            ),
            models.UniqueConstraint(
                fields=["cohort", "reference"],
                condition=~Q(reference=""),
                name="pupil_reference_unique_in_cohort",
            ),
            models.CheckConstraint(
                condition=Q(picture_number__gte=PICTURE_NUMBER_MIN)
                & Q(picture_number__lte=PICTURE_NUMBER_MAX),
                name="pupil_picture_number_two_digits",
            ),
            models.CheckConstraint(
                condition=Q(year_group__gte=1, year_group__lte=6), name="pupil_primary_year"
            ),
            models.CheckConstraint(
                condition=Q(gender__in=["", "girl", "boy", "other", "not_given"]),
                name="pupil_gender_known",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if not self.first_name:  # known by reference only, or names removed by retention
            return f"Pupil {self.reference or self.pk}"
        return f"{self.first_name} {self.last_initial}."


def _new_token() -> str:
    return secrets.token_urlsafe(24)


# A parent types the short link from a letter or taps it in a text message: letters and digits
# that cannot be confused (no 0/O, 1/I/L, no vowels, so no words). 10 of 27 symbols is about
# 47 bits: with lookups limited per network address, guessing one is out of reach.
SHORT_CODE_ALPHABET = "BCDFGHJKMNPQRSTVWXZ23456789"
SHORT_CODE_LENGTH = 10


def new_short_code() -> str:
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))


class Consent(models.Model):
    """The child's choice to apply and a parent's consent (on paper or through a link)."""

    class Parent(models.TextChoices):
        PENDING = "pending", "Waiting for a reply"
        GRANTED = "granted", "Consent given"
        REFUSED = "refused", "Consent refused"

    class Method(models.TextChoices):
        PAPER = "paper", "Paper slip recorded by the school"
        LINK = "link", "Parent's online reply"
        STAFF = "staff", "Told a member of staff, entered by staff"

    pupil = models.OneToOneField(
        Pupil, on_delete=models.CASCADE, primary_key=True, related_name="consent"
    )
    applied_at = models.DateTimeField("child applied", null=True, blank=True)
    parent_consent = models.CharField(max_length=8, choices=Parent.choices, default=Parent.PENDING)
    method = models.CharField(max_length=6, choices=Method.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    # The short link (/c/<code>/) printed on the letter and sent by email or text message.
    short_code = models.CharField(max_length=12, unique=True, default=new_short_code)
    # Requests sent by email or text (each "round" is one request or reminder to every
    # contact); the round number makes the messages' idempotency keys, so a double click or a
    # retried form never sends the same round twice.
    requests_sent = models.PositiveSmallIntegerField(default=0)
    last_requested_at = models.DateTimeField(null=True, blank=True)
    # When a parent's "yes" became a "no": from then on the child's answers are used nowhere
    # and wait, hidden, for the retention schedule (or the school) to erase them.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(parent_consent="pending") | ~Q(method=""),
                name="consent_answer_has_method",
            ),
            models.CheckConstraint(
                condition=Q(parent_consent__in=["pending", "granted", "refused"]),
                name="consent_state_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil}: {self.get_parent_consent_display()}"

    @property
    def counts_in_reports(self) -> bool:
        return self.applied_at is not None and self.parent_consent == self.Parent.GRANTED

    @property
    def allows_answers(self) -> bool:
        """A child's answers are stored and shown only once a parent has said yes."""
        return self.counts_in_reports


class ParentContact(models.Model):
    """A parent's email address and/or UK mobile number, kept only to ask for consent.

    Deliberately small and short-lived: deleted a few days after the parent answers
    (``CONTACT_DAYS_AFTER_ANSWER``), when the programme finishes, or when the group's
    retention runs; never shown in reports or exports (docs/retention.md).
    """

    CONTACT_DAYS_AFTER_ANSWER = 7

    pupil = models.OneToOneField(
        Pupil, on_delete=models.CASCADE, primary_key=True, related_name="parent_contact"
    )
    email = models.CharField(max_length=254, blank=True)
    mobile = models.CharField(max_length=16, blank=True)  # +447700900123
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(mobile=""), name="parent_contact_has_an_address"
            )
        ]

    def __str__(self) -> str:
        return f"Parent's contact for pupil {self.pupil_id}"


class ConsentEvent(models.Model):
    """One change to a child's consent, kept for good: who, how, when and what was decided."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="consent_events")
    decision = models.CharField(max_length=8, choices=Consent.Parent.choices)
    applied = models.BooleanField("child applied")
    method = models.CharField(max_length=6, choices=Consent.Method.choices)
    # Empty for a parent's own reply through their link; otherwise the staff member.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pupil", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=["pending", "granted", "refused"]),
                name="consent_event_decision_known",
            ),
            models.CheckConstraint(
                condition=Q(method__in=["paper", "link", "staff"]),
                name="consent_event_method_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil}: {self.get_decision_display()} ({self.get_method_display()})"

    @property
    def by_parent(self) -> bool:
        return self.method == Consent.Method.LINK

    @property
    def staff_name(self) -> str:
        """Who entered it, for a staff entry ("" for a parent's reply or a deleted account)."""
        if self.by_parent or self.recorded_by is None:
            return ""
        full = getattr(self.recorded_by, "get_full_name", lambda: "")()
        return str(full or getattr(self.recorded_by, "email", ""))

    @property
    def who(self) -> str:
        if self.by_parent:
            return "Parent, through their link"
        return f"Staff: {self.staff_name}" if self.staff_name else "Staff"


class AssessmentAnswer(models.Model):
    """One answer to one assessment question, before or after the programme."""

    class Phase(models.TextChoices):
        PRE = "pre", "Before"
        POST = "post", "After"

    class Source(models.TextChoices):
        CHILD = "child", "The child, on Horizons"
        IMPORT = "import", "Imported from a file"

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="answers")
    phase = models.CharField(max_length=4, choices=Phase.choices)
    item = models.CharField(max_length=50)
    value = models.SmallIntegerField(null=True, blank=True)
    # Free text (the job I want). Shown only to the child and their own teacher; reports
    # show the matched job's title instead.
    text = models.CharField(max_length=200, blank=True)
    job_slug = models.SlugField(max_length=80, blank=True)
    job_title = models.CharField(max_length=120, blank=True)
    job_category = models.CharField(max_length=12, blank=True)
    # For a count answered by writing the jobs (question 9): what the child wrote, line by
    # line, with the library job each line matched; ``value`` is the count worked out from it.
    # Shown only to the child and their own teacher, like ``text``.
    jobs = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=6, choices=Source.choices, default=Source.CHILD)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pupil", "phase", "item"]
        constraints = [
            # Field order (pupil, item, phase) lets the impact query pair answers by index.
            models.UniqueConstraint(
                fields=["pupil", "item", "phase"], name="answer_one_per_pupil_item_phase"
            ),
            models.CheckConstraint(condition=Q(phase__in=["pre", "post"]), name="answer_phase"),
            models.CheckConstraint(
                condition=(Q(value__isnull=False) & Q(text=""))
                | (Q(value__isnull=True) & ~Q(text="")),
                name="answer_is_a_number_or_words",
            ),
        ]
        indexes = [
            models.Index(fields=["item", "phase"]),
            # Covers the impact query: it pairs each child's answers by reading this index
            # in order, without touching the table (see reports.pair_records).
            models.Index(
                fields=["pupil", "item", "phase", "value"], name="answer_pairing_covering"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} {self.phase} {self.item}"


class Reflection(models.Model):
    """A child's activity page: 'Who am I?' or 'My Future Cloud', stored as choices."""

    class Kind(models.TextChoices):
        WHO_AM_I = "who_am_i", "Who am I?"
        FUTURE_CLOUD = "future_cloud", "My Future Cloud"

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="reflections")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pupil", "kind"], name="reflection_one_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=["who_am_i", "future_cloud"]), name="reflection_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil}: {self.get_kind_display()}"


class SessionAttendance(models.Model):
    """A child was at a session (a row means present)."""

    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="attendance")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="attendance")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "pupil"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.pupil} at {self.session}"


class RetentionSchedule(models.Model):
    """How long a school keeps its programme children's identifiable data (docs/retention.md).

    A school without a row uses the defaults below. Counting is in academic years (1 September
    to 31 August): with ``years_after_finish = 1`` a group that finishes in March 2027 (academic
    year 2026/27) keeps names until 31 August 2028, the end of the following academic year.
    """

    DEFAULT_YEARS_AFTER_FINISH = 1
    DEFAULT_ACCESS_LOG_YEARS = 2
    MAX_YEARS = 6

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="retention")
    years_after_finish = models.PositiveSmallIntegerField(
        "academic years children's names and words are kept after the group finishes",
        default=DEFAULT_YEARS_AFTER_FINISH,
    )
    access_log_years = models.PositiveSmallIntegerField(
        "years the record of who saw children's data is kept",
        default=DEFAULT_ACCESS_LOG_YEARS,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(years_after_finish__lte=6), name="retention_years_at_most_six"
            ),
            models.CheckConstraint(
                condition=Q(access_log_years__gte=1, access_log_years__lte=6),
                name="retention_log_years_one_to_six",
            ),
        ]

    def __str__(self) -> str:
        return f"Retention at {self.school}"


class MisConnection(models.Model):
    """How one school's class lists are read from its MIS (see ``horizons.programmes.mis``).

    No secret is stored here: ``credentials_key`` names an entry of the ``MIS_CREDENTIALS``
    setting (or the environment variable ``MIS_CREDENTIALS_<KEY>``) that holds the OneRoster
    client id and secret, or the Wonde token.
    """

    class Kind(models.TextChoices):
        ONEROSTER = "oneroster", "OneRoster 1.1 (for example Groupcall Xporter)"
        WONDE = "wonde", "Wonde"

    class Scope(models.TextChoices):
        # The data the school approved Horizons to read; names, year and class are always
        # needed for a class list, so these are the only scopes a connection can hold.
        STUDENTS = "students", "Pupils' first names, surname initials and year groups"
        CLASSES = "classes", "Classes and who is in them"

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="mis_connection")
    kind = models.CharField("connector", max_length=10, choices=Kind.choices)
    base_url = models.URLField("service address", max_length=200, blank=True)
    token_url = models.URLField("token address (OneRoster)", max_length=200, blank=True)
    school_ref = models.CharField("school id at the service (Wonde)", max_length=64, blank=True)
    credentials_key = models.SlugField(max_length=64)
    scopes = models.JSONField("scopes the school approved", default=list, blank=True)
    nightly = models.BooleanField("sync every night", default=False)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    # The nightly check previews every open group and counts the changes waiting for the
    # careers leader; it never applies them.
    last_checked_at = models.DateTimeField(null=True, blank=True)
    pending_changes = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.school}"
