"""Employer encounters: offers, campaigns (a city-wide week), events, bookings, attendance, feedback.

Invariants live in the database where a database can hold them: an event's booked places never
exceed its capacity (`places_booked` is a counter changed only with F() under a row lock), a
school holds at most one live booking per event, and attendance never exceeds what was booked.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from horizons.encounters.scheduling import YEAR_GROUPS, academic_year_of
from horizons.organisations.models import Employer, Hub, School, Volunteer

YEAR_GROUP_CHOICES = list(YEAR_GROUPS.items())
MAX_CLASS_SIZE = 60


class Offer(models.Model):
    """An activity an employer can bring to children: the menu schools and hubs choose from."""

    class Format(models.TextChoices):
        TALK = "talk", "In-school talk"
        WORKSHOP = "workshop", "Hands-on workshop"
        ONLINE = "online", "Online session"
        VISIT = "visit", "Workplace visit"
        # Colleges, universities and training providers (benchmark 7).
        CAMPUS = "campus", "Campus visit (college or university)"
        TASTER = "taster", "Taster session (a taste of a course)"

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="offers")
    title = models.CharField(max_length=150)
    what_children_do = models.TextField("what children do")
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.WORKSHOP)
    sectors = models.JSONField(default=list, blank=True)
    year_groups = models.JSONField(default=list, help_text="Year groups 1 to 6")
    group_size = models.PositiveSmallIntegerField(
        "largest group", default=30, help_text="Most children in one group"
    )
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    volunteers = models.ManyToManyField(Volunteer, blank=True, related_name="offers")
    job_profile_slugs = models.JSONField("jobs children will meet", default=list, blank=True)
    available_slots = models.JSONField(
        default=list, blank=True, help_text="Weekday half-days such as tue_am"
    )
    can_travel = models.BooleanField("can travel to schools", default=True)
    travel_radius_km = models.PositiveSmallIntegerField(default=10)
    can_host = models.BooleanField("can host classes at our workplace", default=False)
    is_published = models.BooleanField("published", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["employer", "is_published"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(group_size__gte=1, group_size__lte=500),
                name="offer_group_size_sane",
                violation_error_message="A group is between 1 and 500 children.",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=10, duration_minutes__lte=480),
                name="offer_duration_sane",
                violation_error_message="An activity lasts between 10 minutes and 8 hours.",
            ),
            models.CheckConstraint(
                condition=Q(travel_radius_km__lte=200),
                name="offer_radius_sane",
                violation_error_message="Travel up to 200 km at most.",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Campaign(models.Model):
    """A hub's encounter campaign, such as a city-wide Aspirations Week."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Taking requests"
        MATCHING = "matching", "Matching and booking"
        CLOSED = "closed", "Closed"

    class Kind(models.TextChoices):
        CAMPAIGN = "campaign", "Campaign"
        # From the template in encounters/campaign_templates.py.
        NATIONAL_CAREERS_WEEK = "national_careers_week", "National Careers Week"

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="campaigns")
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.CAMPAIGN)
    area = models.CharField(max_length=150, blank=True)
    description = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    requests_close_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="campaign_ends_after_start",
                violation_error_message="The campaign must end on or after the day it starts.",
            ),
            models.UniqueConstraint(fields=["hub", "name"], name="campaign_name_unique_in_hub"),
        ]

    def __str__(self) -> str:
        return self.name

    def accepts_requests(self, today: date) -> bool:
        closes = self.requests_close_on or self.ends_on
        return self.status == self.Status.OPEN and today <= closes

    def accepts_bookings(self, today: date) -> bool:
        return self.status in (self.Status.OPEN, self.Status.MATCHING) and today <= self.ends_on


class CampaignInvitation(models.Model):
    """A school or employer the facilitator has asked to take part."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE)
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.CASCADE)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(school__isnull=False, employer__isnull=True)
                | Q(school__isnull=True, employer__isnull=False),
                name="invitation_school_or_employer",
            ),
            models.UniqueConstraint(fields=["campaign", "school"], name="invitation_school_once"),
            models.UniqueConstraint(
                fields=["campaign", "employer"], name="invitation_employer_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school or self.employer} invited to {self.campaign}"


class SchoolRequest(models.Model):
    """What a school asks of a campaign: which classes, when, whether it can host, its hopes."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="requests")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="encounter_requests")
    slots = models.JSONField(default=list, help_text="Campaign half-days such as 2027-03-02_am")
    can_host = models.BooleanField("can host other schools", default=False)
    host_pupils = models.PositiveSmallIntegerField("pupils the hall holds", null=True, blank=True)
    online_ok = models.BooleanField("can join online sessions", default=True)
    sectors_wanted = models.JSONField(default=list, blank=True)
    hopes = models.TextField("what you hope for", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "school"], name="one_request_per_school")
        ]

    def __str__(self) -> str:
        return f"{self.school} for {self.campaign}"


def _class_group_constraints(prefix: str) -> list[models.BaseConstraint]:
    """A year group 1–6 and 1–60 pupils, under each model's own constraint names."""
    return [
        models.CheckConstraint(
            condition=Q(year_group__gte=1, year_group__lte=6),
            name=f"{prefix}_year",
            violation_error_message="Choose a year group from 1 to 6.",
        ),
        models.CheckConstraint(
            condition=Q(pupils__gte=1, pupils__lte=MAX_CLASS_SIZE),
            name=f"{prefix}_size",
            violation_error_message="A class has between 1 and 60 pupils.",
        ),
    ]


class ClassGroup(models.Model):
    """A class as a request or a booking names it: no pupils' names, just the group."""

    name = models.CharField(max_length=60)
    year_group = models.PositiveSmallIntegerField(choices=YEAR_GROUP_CHOICES)
    pupils = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True
        ordering = ["year_group", "name"]

    def __str__(self) -> str:
        return self.name


class RequestClass(ClassGroup):
    request = models.ForeignKey(SchoolRequest, on_delete=models.CASCADE, related_name="classes")

    class Meta(ClassGroup.Meta):
        constraints = _class_group_constraints("request_class")


class Event(models.Model):
    """One encounter event: a special event, a rotation at a host school, or an online session."""

    class Kind(models.TextChoices):
        SPECIAL = "special", "Special event (one employer, one school)"
        ROTATION = "rotation", "Rotation event (employers rotate round classes)"
        ONLINE = "online", "Online session"

    class Unit(models.TextChoices):
        PUPILS = "pupils", "Pupils"
        CLASSES = "classes", "Classes"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="encounter_events")
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    host_school = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_encounter_events",
    )
    location = models.CharField(max_length=200, blank=True, help_text="Room, hall or address")
    # A joint primary–secondary event (benchmark 7): the secondary school's careers leader sees it.
    with_secondary = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="joint_encounter_events",
        verbose_name="held with a secondary school",
    )
    join_url = models.URLField("joining link", blank=True)
    joining_guide = models.TextField(blank=True)
    # What a visitor needs to arrive safely (shown on the event page and in the .ics invite).
    address = models.CharField(
        "street address", max_length=300, blank=True, help_text="So visitors can find the venue"
    )
    arrive_by = models.TimeField("visitors arrive by", null=True, blank=True)
    arrival_instructions = models.TextField(
        "arrival instructions",
        blank=True,
        help_text="Which entrance, where to park, where to sign in",
    )
    contact_name = models.CharField("contact on the day", max_length=120, blank=True)
    contact_role = models.CharField("their role", max_length=120, blank=True)
    contact_phone = models.CharField("their phone number", max_length=30, blank=True)
    safeguarding_lead = models.CharField(
        "designated safeguarding lead",
        max_length=120,
        blank=True,
        help_text="Who visitors tell about a concern for a child",
    )
    date = models.DateField()
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    year_groups = models.JSONField(default=list)
    capacity = models.PositiveIntegerField()
    capacity_unit = models.CharField(max_length=8, choices=Unit.choices, default=Unit.PUPILS)
    places_booked = models.PositiveIntegerField(default=0)
    waiting_list_open = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    sequence = models.PositiveIntegerField(default=0, help_text="Raised on each change (.ics)")
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    pupils_attended = models.PositiveIntegerField(default=0)
    employers = models.ManyToManyField(
        Employer, through="EventEmployer", related_name="encounter_events"
    )
    volunteers = models.ManyToManyField(
        Volunteer, through="EventVolunteer", related_name="encounter_events"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "starts_at", "title"]
        indexes = [
            models.Index(fields=["hub", "date"]),
            models.Index(fields=["campaign", "date"]),
            models.Index(fields=["date", "pupils_attended"], name="event_date_attended"),
        ]
        constraints = [
            # The last line of defence against overbooking, whatever the code above it does.
            models.CheckConstraint(
                condition=Q(places_booked__lte=F("capacity")),
                name="event_never_overbooked",
                violation_error_message="The event has no more places.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="event_has_capacity",
                violation_error_message="Capacity must be at least 1.",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message="The event must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(arrive_by__isnull=True) | Q(arrive_by__lte=F("starts_at")),
                name="event_arrive_by_start",
                violation_error_message="Visitors must be asked to arrive by the start time.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="online") | ~Q(join_url=""),
                name="online_event_has_link",
                violation_error_message="An online session needs a joining link.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_online(self) -> bool:
        return self.kind == self.Kind.ONLINE

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.places_booked)

    @property
    def academic_year(self) -> int:
        return academic_year_of(self.date)

    @property
    def venue(self) -> str:
        if self.is_online:
            return "Online"
        parts = [self.host_school.name if self.host_school_id else "", self.location]  # type: ignore[union-attr]
        # A room given as the school's own name is not printed twice.
        unique = [
            p for i, p in enumerate(parts) if p and p.lower() not in map(str.lower, parts[:i])
        ]
        return ", ".join(unique)

    @property
    def full_address(self) -> str:
        """Street address and postcode, once each: where a visitor goes."""
        if self.is_online:
            return ""
        postcode = self.host_school.postcode if self.host_school_id else ""  # type: ignore[union-attr]
        parts = [self.address.strip()]
        if (
            postcode
            and postcode.replace(" ", "").upper() not in self.address.replace(" ", "").upper()
        ):
            parts.append(postcode)
        return ", ".join(p for p in parts if p)


class EventEmployer(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="event_employers")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey(Offer, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "employer"], name="event_employer_once")
        ]

    def __str__(self) -> str:
        return f"{self.employer} at {self.event}"


class EventVolunteer(models.Model):
    """A volunteer placed on an event. They are asked to confirm when placed and again a week
    before (encounters/volunteer_messages.py); "I can't make it" deletes this row and leaves a
    `VolunteerDropOut` in its place, so everything that counts who is on an event stays right."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="event_volunteers")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="+")
    placed_at = models.DateTimeField(null=True, blank=True)
    confirm_requested_at = models.DateTimeField(
        "confirmation last asked for", null=True, blank=True
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "volunteer"], name="event_volunteer_once")
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} at {self.event}"


class VolunteerDropOut(models.Model):
    """A volunteer said they cannot come: their place on the event is open until the hub fills it
    (`filled_by`). Kept after the event as the record of who dropped out and why."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="drop_outs")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="+")
    dropped_out_at = models.DateTimeField()
    reason = models.CharField("reason (optional)", max_length=300, blank=True)
    was_confirmed = models.BooleanField(default=False)
    filled_by = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dropped_out_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "volunteer"], name="volunteer_drops_out_once")
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} cannot come to {self.event}"

    @property
    def is_open(self) -> bool:
        return self.filled_at is None


class TimetableSlot(models.Model):
    """One line of an event's timetable: a round of a rotation, a welcome, a break."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="timetable")
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    activity = models.CharField(max_length=200)
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.SET_NULL)
    class_label = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["starts_at", "class_label"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="timetable_slot_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M} {self.activity}"


class Booking(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"
        NO_SHOW = "no_show", "Did not attend"

    LIVE = (Status.CONFIRMED, Status.WAITING)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="bookings")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="encounter_bookings")
    request = models.ForeignKey(
        SchoolRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="bookings"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    places = models.PositiveIntegerField(help_text="In the event's capacity unit")
    pupils = models.PositiveIntegerField()
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(max_length=300, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    supervised_by_staff = models.BooleanField(
        "our staff stay with the visitors at all times",
        default=False,
        help_text="The school's promise when a volunteer without a verified safeguarding check "
        "comes to a one-off event (a supervised visit).",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["event", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "school"],
                condition=Q(status__in=["confirmed", "waiting"]),
                name="one_live_booking_per_school_and_event",
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="booking_takes_a_place"),
        ]

    def __str__(self) -> str:
        return f"{self.school} at {self.event}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE


class BookingClass(ClassGroup):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="classes")

    class Meta(ClassGroup.Meta):
        constraints = _class_group_constraints("booking_class")


class Attendance(models.Model):
    """Pupils of one booked class who took part. Event facts are copied here so that reach
    over a national year is a single scan of this table."""

    booking_class = models.OneToOneField(
        BookingClass, on_delete=models.CASCADE, related_name="attendance"
    )
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="attendance")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendance")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    host_school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    date = models.DateField()
    online = models.BooleanField(default=False)
    year_group = models.PositiveSmallIntegerField()
    class_name = models.CharField(max_length=60)
    booked_pupils = models.PositiveSmallIntegerField()
    pupils = models.PositiveSmallIntegerField()
    # The school's FSM band when attendance was recorded (30% or more: "high", as fsm_band).
    high_fsm = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Covering indexes: reach reads only these columns, in date order, without the table.
        indexes = [
            models.Index(
                fields=["date", "year_group", "online", "high_fsm", "pupils"],
                name="attendance_reach_all",
            ),
            models.Index(
                fields=["hub", "date", "year_group", "online", "high_fsm", "pupils"],
                name="attendance_reach_hub",
            ),
            models.Index(
                fields=["campaign", "date", "year_group", "online", "high_fsm", "pupils"],
                name="attendance_reach_campaign",
            ),
            models.Index(fields=["school", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(pupils__lte=F("booked_pupils")),
                name="attendance_within_booking",
                violation_error_message="Attendance cannot be more than the pupils booked.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.class_name}: {self.pupils} of {self.booked_pupils}"


class TeacherFeedback(models.Model):
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField()
    comments = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="teacher_rating_1_to_5",
                violation_error_message="Choose a rating from 1 to 5.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5 for {self.booking}"


class ChildQuote(models.Model):
    """Something a child said. Shown anywhere only when `consent` is true."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="quotes")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="quotes")
    text = models.CharField(max_length=300)
    year_group = models.PositiveSmallIntegerField(null=True, blank=True)
    consent = models.BooleanField("consent to share", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text


class VolunteerFeedback(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="volunteer_feedback")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField()
    went_well = models.TextField("what went well", blank=True)
    improve = models.TextField("what we could do better", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "volunteer"], name="volunteer_feedback_once"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="volunteer_rating_1_to_5",
                violation_error_message="Choose a rating from 1 to 5.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} on {self.event}: {self.rating}/5"
