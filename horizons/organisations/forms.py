from django import forms

from horizons.careers.forms import job_profile_field
from horizons.core.forms import GovukModelForm
from horizons.core.sectors import SECTORS
from horizons.organisations.models import WEEKDAY_SLOTS, Employer, Volunteer


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
        fields = [
            "first_name",
            "last_name",
            "job_title",
            "job_profile_slug",
            "sectors",
            "travel_radius_km",
            "can_present_online",
            "availability",
            "safeguarding_checked_on",
            "gender",
            "show_as_role_model",
        ]
        labels = {"travel_radius_km": "How far you can travel (km)"}
        help_texts = {
            "safeguarding_checked_on": "The date of your latest DBS or safeguarding check, for example 14/09/2026.",
            "gender": "Optional. Helps hubs show children role models of every gender.",
            "show_as_role_model": "Children see your first name, job and employer in the careers library. Never your surname or contact details.",
        }
        widgets = {"safeguarding_checked_on": forms.DateInput(format="%Y-%m-%d")}


class EmployerForm(GovukModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Employer
        fields = ["name", "sector", "size", "website", "postcode"]
