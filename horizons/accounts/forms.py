from collections.abc import Sequence

from allauth.account.forms import AddEmailForm as BaseAddEmailForm
from allauth.account.forms import LoginForm as BaseLoginForm
from django import forms

from horizons.accounts.models import Role, SignInDomain
from horizons.core.forms import GovukForm
from horizons.organisations.models import Hub, School


class InvitationForm(GovukForm):
    email = forms.EmailField(label="Email address", help_text="We will send them a link to join.")
    role = forms.ChoiceField(label="Role", widget=forms.RadioSelect)

    def __init__(self, *args: object, roles: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]  # type: ignore[attr-defined]
        if len(roles) == 1:
            self.fields["role"].initial = roles[0]


class AcceptInvitationForm(GovukForm):
    first_name = forms.CharField(label="First name", max_length=80)
    last_name = forms.CharField(label="Last name", max_length=80)
    job_title = forms.CharField(
        label="Your job",
        max_length=120,
        required=False,
        help_text="For example: nurse, electrician, software developer.",
    )
    password1 = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=(
            "At least 12 characters and hard to guess: three or four unrelated words work well."
        ),
    )
    password2 = forms.CharField(
        label="Type the password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: object, volunteer: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if volunteer:
            self.fields["job_title"].required = True
        else:
            del self.fields["job_title"]

    def clean(self) -> dict[str, object]:
        from django.contrib.auth.password_validation import validate_password

        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error(
                "password2", "The two passwords are different. Type the same password twice."
            )
        elif first:
            try:
                validate_password(str(first))
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class LoginForm(BaseLoginForm):
    """allauth's sign-in form without its placeholders and inline link (our page has its own)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
            field.help_text = ""
        self.fields["login"].label = "Email address"
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"


class AddEmailForm(BaseAddEmailForm):
    """allauth's change-of-email form, labelled for our page."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        field.label = "New email address"
        field.help_text = (
            "We will send a link to this address. Your address changes when you follow it."
        )
        field.widget.attrs.pop("placeholder", None)
        field.widget.attrs["autocomplete"] = "email"


class SignInDomainForm(GovukForm):
    provider = forms.ChoiceField(
        label="Which sign-in", choices=SignInDomain.Provider.choices, widget=forms.RadioSelect
    )
    value = forms.CharField(
        label="Google Workspace domain or Microsoft tenant id",
        max_length=253,
        help_text=(
            "Google: the domain, like stmarys.sch.uk. Microsoft: the tenant id from the Entra "
            "admin centre, like 72f988bf-86f1-41af-91ab-2d7cd011db47."
        ),
    )
    where = forms.ChoiceField(label="For whom")

    def __init__(
        self, *args: object, hub: Hub, schools: Sequence[School], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["where"].choices = [  # type: ignore[attr-defined]
            ("hub", f"Everyone at {hub} and its schools"),
            *[(f"school:{s.pk}", f"Only {s}") for s in schools],
        ]
