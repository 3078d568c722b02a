from django.contrib import admin
from django.urls import include, path

from horizons.accounts import social
from horizons.accounts import views as account_views
from horizons.core.views import pages as core_views
from horizons.programmes.views import child as views_child
from horizons.programmes.views import parent as views_parent

# (Set before admin.site.urls is read below.) The admin has no sign-in of its own: /admin/login/ sends people to allauth's sign-in, which
# throttles and asks for the second factor; only platform admins get in.
admin.site.login = account_views.admin_login  # type: ignore[method-assign,assignment]
admin.site.has_permission = account_views.admin_allowed  # type: ignore[method-assign]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("privacy/", core_views.privacy, name="privacy"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("healthz", core_views.healthz, name="healthz"),
    # The class board's short link and QR code: short enough for a child to type.
    path("go/<str:code>", views_child.child_go, name="child_go"),
    path("go/<str:code>/", views_child.child_go, name="child_go_slash"),  # typed with a slash
    # The short link on a parent's consent letter, email or text (docs/retention.md).
    path("c/<str:code>/", views_parent.consent_short_link, name="consent_short_link"),
    path("c/<str:code>", views_parent.consent_short_link),  # typed without the slash
    # Staff sign-in with Google/Microsoft: allauth's OpenID Connect views with our id_token
    # checks (horizons/accounts/social.py), in front of allauth's own at the same paths.
    path("accounts/oidc/<str:provider_id>/login/", social.login, name="oidc_sign_in"),
    path("accounts/oidc/<str:provider_id>/login/callback/", social.callback),
    path("accounts/", include("allauth.urls")),
    path("team/", account_views.team, name="team"),
    path("team/<str:kind>/<int:pk>/invite/", account_views.invite, name="team_invite"),
    path("team/members/<int:pk>/remove/", account_views.remove_member, name="team_remove"),
    path("team/hub/<int:pk>/sign-in/", account_views.sign_in_domains, name="team_sign_in"),
    path(
        "team/hub/<int:pk>/sign-in/<int:domain_pk>/remove/",
        account_views.sign_in_domain_remove,
        name="team_sign_in_remove",
    ),
    path("invitations/<str:token>/", account_views.accept_invitation, name="accept_invitation"),
    # Each domain app's pages, under its own namespace (app_name in its urls.py):
    # {% url 'benchmarks:audit_detail' pk %}. The names above stay global (see docs/architecture.md).
    path("", include("horizons.organisations.urls")),
    path("benchmarks/", include("horizons.benchmarks.urls")),
    path("encounters/", include("horizons.encounters.urls")),
    path("allocation/", include("horizons.allocation.urls")),
    path("programmes/", include("horizons.programmes.urls")),
    path("careers/", include("horizons.careers.urls")),
    path("reports/", include("horizons.reports.urls")),
    path("", include("horizons.transition.urls")),
    path("", include("horizons.national.urls")),
    path("training/", include("horizons.training.urls")),
    path("messaging/", include("horizons.messaging.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Horizons administration"
admin.site.site_title = "Horizons"

# Our own error pages (horizons/templates/400.html …), with a plain-English message.
handler400 = "horizons.core.views.errors.bad_request"
handler403 = "horizons.core.views.errors.permission_denied"
handler404 = "horizons.core.views.errors.page_not_found"
handler500 = "horizons.core.views.errors.server_error"
