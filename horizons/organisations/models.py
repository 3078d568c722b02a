"""Hubs, schools, employers and volunteers: the organisations Horizons serves."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from horizons.core.sectors import SECTORS
from horizons.messaging import addresses
from horizons.organisations.safeguarding import DEFAULT_VALID_MONTHS, MAX_VALID_MONTHS

SECTOR_CHOICES = list(SECTORS.items())

# Half-day slots a volunteer can offer; allocation and bookings use the same keys.
WEEKDAY_SLOTS = {
    f"{day}_{half}": f"{day_name} {half_name}"
    for day, day_name in [
        ("mon", "Monday"),
        ("tue", "Tuesday"),
        ("wed", "Wednesday"),
        ("thu", "Thursday"),
        ("fri", "Friday"),
    ]
    for half, half_name in [("am", "morning"), ("pm", "afternoon")]
}


# The nine English regions (ONS), as the national overview groups hubs.
REGIONS = [
    ("north_east", "North East"),
    ("north_west", "North West"),
    ("yorkshire", "Yorkshire and the Humber"),
    ("east_midlands", "East Midlands"),
    ("west_midlands", "West Midlands"),
    ("east", "East of England"),
    ("london", "London"),
    ("south_east", "South East"),
    ("south_west", "South West"),
]


class Hub(models.Model):
    """A careers hub (a local enterprise partnership or council team) that supports schools."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    area = models.CharField(max_length=150, blank=True, help_text="For example: Tyne and Wear")
    region = models.CharField(
        "English region", max_length=30, choices=REGIONS, blank=True, db_index=True
    )
    check_valid_months = models.PositiveSmallIntegerField(
        "safeguarding checks stay valid for (months)",
        default=DEFAULT_VALID_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_VALID_MONTHS)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(check_valid_months__gte=1, check_valid_months__lte=120),
                name="hub_check_validity_sane",
            )
        ]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    """A school from Get Information about Schools (GIAS), keyed by its URN."""

    urn = models.PositiveIntegerField("URN", unique=True)
    name = models.CharField(max_length=200)
    la_name = models.CharField("local authority", max_length=100, blank=True)
    establishment_type = models.CharField(max_length=100, blank=True)
    phase = models.CharField(max_length=50, blank=True)
    status = models.CharField(max_length=50, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    easting = models.IntegerField(null=True, blank=True)
    northing = models.IntegerField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    number_of_pupils = models.PositiveIntegerField(null=True, blank=True)
    percentage_fsm = models.DecimalField(
        "pupils eligible for free school meals (%)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    hub = models.ForeignKey(
        Hub, null=True, blank=True, on_delete=models.SET_NULL, related_name="schools"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["hub", "name"]), models.Index(fields=["la_name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percentage_fsm__isnull=True)
                | models.Q(percentage_fsm__gte=0, percentage_fsm__lte=100),
                name="school_fsm_is_a_percentage",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def fsm_band(self) -> str:
        return fsm_band(self.percentage_fsm)


# FSM bands facilitators filter by; the national primary average is about a quarter.
FSM_AVERAGE_FROM = 15
FSM_HIGH_FROM = 30


def fsm_band(percentage: object) -> str:
    if percentage is None:
        return "unknown"
    value = float(percentage)  # type: ignore[arg-type]
    if value < FSM_AVERAGE_FROM:
        return "low"
    if value < FSM_HIGH_FROM:
        return "average"
    return "high"


FSM_BANDS = {
    "low": "Under 15% FSM",
    "average": "15% to 30% FSM",
    "high": "30% FSM or more",
    "unknown": "FSM not known",
}


class Employer(models.Model):
    """An organisation that brings encounters to children: an employer, or a partner from the
    next stage of education (a further-education college, a university, a training provider).

    Partners are employers in every other respect (offers, volunteers, campaigns, allocation);
    reach counts them apart, as benchmark 7 (encounters with further and higher education)."""

    class Kind(models.TextChoices):
        EMPLOYER = "employer", "Employer"
        COLLEGE = "college", "Further-education college"
        UNIVERSITY = "university", "University"
        TRAINING_PROVIDER = "training_provider", "Training provider"

    class Size(models.TextChoices):
        MICRO = "micro", "Micro (fewer than 10 staff)"
        SMALL = "small", "Small (10 to 49 staff)"
        MEDIUM = "medium", "Medium (50 to 249 staff)"
        LARGE = "large", "Large (250 staff or more)"

    name = models.CharField(max_length=200)
    kind = models.CharField(
        "kind of organisation", max_length=20, choices=Kind.choices, default=Kind.EMPLOYER
    )
    sector = models.CharField(max_length=40, choices=SECTOR_CHOICES)
    size = models.CharField(max_length=10, choices=Size.choices, default=Size.MEDIUM)
    website = models.URLField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    hub = models.ForeignKey(
        Hub, null=True, blank=True, on_delete=models.SET_NULL, related_name="employers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_partner(self) -> bool:
        """A college, university or training provider: the next stage of education."""
        return self.kind != self.Kind.EMPLOYER


# Partners from the next stage of education (benchmark 7), as opposed to employers (benchmark 5).
PARTNER_KINDS = [k.value for k in Employer.Kind if k != Employer.Kind.EMPLOYER]


def validate_uk_mobile(value: str) -> None:
    """The same rule GOV.UK Notify applies, so a number we keep is one we can text."""
    if value:
        try:
            addresses.normalise_mobile(value)
        except addresses.AddressError as error:
            raise ValidationError(str(error)) from error


class Volunteer(models.Model):
    """A person at an employer who meets children. Only their own profile is theirs to edit."""

    class Gender(models.TextChoices):
        WOMAN = "woman", "Woman"
        MAN = "man", "Man"
        NON_BINARY = "non_binary", "Non-binary"
        NOT_SAID = "not_said", "Prefer not to say"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_profile",
    )
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="volunteers")
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    job_title = models.CharField(max_length=120)
    job_profile_slug = models.SlugField("job in the careers library", max_length=80, blank=True)
    sectors = models.JSONField(default=list, blank=True)
    travel_radius_km = models.PositiveSmallIntegerField(
        default=10, validators=[MaxValueValidator(200)]
    )
    can_present_online = models.BooleanField(default=True)
    availability = models.JSONField(
        default=list, blank=True, help_text="Half-day slots such as tue_am"
    )
    gender = models.CharField(max_length=12, choices=Gender.choices, default=Gender.NOT_SAID)
    # Seen only by the volunteer and their hub's staff; used for text-message reminders.
    mobile = models.CharField(
        "mobile number (optional)",
        max_length=20,
        blank=True,
        help_text="For text reminders before a visit, like 07700 900123. Only your hub sees it.",
        validators=[validate_uk_mobile],
    )
    show_as_role_model = models.BooleanField(
        "show me to children as someone who does this job",
        default=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(travel_radius_km__lte=200), name="volunteer_radius_sane"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name[:1]}."


class SafeguardingCheck(models.Model):
    """A DBS or school safeguarding check, recorded by the volunteer's employer coordinator or
    hub facilitator (never by the volunteer). Only verified, unexpired checks let allocation and
    bookings send a volunteer to children; see organisations/safeguarding.py."""

    class Kind(models.TextChoices):
        ENHANCED_DBS = "enhanced_dbs", "Enhanced DBS certificate"
        BASIC_DBS = "basic_dbs", "Basic DBS certificate"
        UPDATE_SERVICE = "update_service", "DBS Update Service status check"
        SCHOOL_VERIFIED = "school_verified", "Checked and verified by a school"
        # Dates volunteers typed in before checks were verified; kept for the record, never valid.
        SELF_DECLARED = "self_declared", "Date given by the volunteer (not verified)"

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="safeguarding_checks"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    checked_on = models.DateField("date of the check")
    certificate_last4 = models.CharField(
        "last 4 digits of the certificate number",
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{4}$", "Enter exactly 4 digits, or leave it empty.")],
    )
    expires_on = models.DateField("valid until")
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_on", "-pk"]
        indexes = [models.Index(fields=["volunteer", "expires_on"], name="check_volunteer_expiry")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="self_declared") | models.Q(verified_at__isnull=False),
                name="check_verified_unless_self_declared",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__gte=models.F("checked_on")),
                name="check_expires_after_it_is_made",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.volunteer}, {self.checked_on:%d/%m/%Y}"

    @property
    def is_verified(self) -> bool:
        return self.kind != self.Kind.SELF_DECLARED and self.verified_at is not None
