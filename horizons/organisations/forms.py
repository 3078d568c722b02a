from django import forms

from horizons.careers.forms import job_profile_field
from horizons.core.forms import GovukForm, GovukModelForm
from horizons.core.sectors import SECTORS
from horizons.organisations.models import WEEKDAY_SLOTS, Employer, SafeguardingCheck, Volunteer
from horizons.organisations.safeguarding import MAX_VALID_MONTHS
from horizons.organisations.services import VOLUNTEER_PROFILE_FIELDS


class VolunteerForm(GovukModelForm):
    job_profile_slug = job_profile_field()
    sectors = forms.MultipleChoiceField(
        choices=list(SECTORS.items()), widget=forms.CheckboxSelectMultiple, required=False
    )
    availability = forms.MultipleChoiceField(
        label="When you can usually visit",
        choices=list(WEEKDAY_SLOTS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Schools and the hub use this to plan visits. Choose all that apply.",
    )

    class Meta:
        model = Volunteer
        fields = list(VOLUNTEER_PROFILE_FIELDS)  # the service refuses any other field
        labels = {"travel_radius_km": "How far you can travel (km)"}
        help_texts = {
            "gender": "Optional. Helps hubs show children role models of every gender.",
            "show_as_role_model": "Children see your first name, job and employer in the careers library. Never your surname or contact details.",
        }


class EmployerForm(GovukModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Employer
        fields = ["name", "kind", "sector", "size", "website", "postcode"]


class SafeguardingCheckForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of check you have seen",
        choices=[
            (value, label)
            for value, label in SafeguardingCheck.Kind.choices
            if value != SafeguardingCheck.Kind.SELF_DECLARED
        ],
        widget=forms.RadioSelect,
    )
    checked_on = forms.DateField(
        label="Date of the check",
        widget=forms.DateInput(format="%Y-%m-%d"),
        help_text="The issue date on the certificate, or the date of the Update Service check.",
    )
    certificate_last4 = forms.RegexField(
        label="Last 4 digits of the certificate number (optional)",
        regex=r"^[0-9]{4}$",
        required=False,
        max_length=4,
        error_messages={"invalid": "Enter exactly 4 digits, or leave it empty."},
        help_text="Only the last 4 digits, so you can find the certificate again. "
        "Never the whole number.",
    )
    confirm_seen = forms.BooleanField(
        label="I have seen this check myself",
        error_messages={"required": "Confirm that you have seen the check."},
    )


class HubCheckValidityForm(GovukForm):
    months = forms.IntegerField(
        label="Safeguarding checks stay valid for (months)",
        min_value=1,
        max_value=MAX_VALID_MONTHS,
        help_text="Volunteers need a newer check after this. Many hubs use 36 months.",
    )
