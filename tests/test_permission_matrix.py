"""Request every page as every persona and check allowed / 404 / sign-in redirect."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permission_matrix import ALL, all_rows

PERSONAS = [*ALL, "anonymous"]
ROWS = all_rows()
# Pages that belong to libraries (allauth, admin) or need a one-off token are checked elsewhere.
NOT_IN_MATRIX = {
    "accept_invitation",
    "team_remove",
    "healthz",
    # POST-only actions, each with its own permission tests:
    "allocation:allocation_decide",
    "allocation:allocation_publish",
    "allocation:allocation_decision_remove",
    "allocation:allocation_hosting_set",
    "allocation:allocation_hosting_remove",
    "encounters:campaign_move",  # tests/encounters/test_lifecycle.py
    "encounters:volunteer_send_again",  # tests/encounters/test_volunteer_loop.py
    "encounters:event_fill_place",  # tests/encounters/test_volunteer_loop.py
    "team_sign_in_remove",  # tests/accounts/test_staff_sign_in.py
    "oidc_sign_in",  # starts sign-in with Google/Microsoft: tests/accounts/test_staff_sign_in.py
}


def _row_id(row) -> str:  # type: ignore[no-untyped-def]
    return row.url_name


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_every_persona_gets_what_the_matrix_says(row, world, client_for):  # type: ignore[no-untyped-def]
    url = reverse(row.url_name, args=row.args(world))
    failures = []
    for persona in PERSONAS:
        response = client_for(persona).get(url)
        expected = row.expected_for(persona)
        if expected == "ok":
            good = response.status_code == 200
        elif expected == "404":
            good = response.status_code == 404
        elif expected == "login":
            good = response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif expected == "redirect":
            good = response.status_code == 302 and "/accounts/login/" not in response["Location"]
        else:
            good = response.status_code == expected
        if not good:
            failures.append(f"{persona}: expected {expected}, got {response.status_code}")
    assert not failures, f"{url}\n" + "\n".join(failures)


def _our_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace_is_ours: bool, prefix: str) -> None:  # type: ignore[no-untyped-def]
        for p in patterns:
            if isinstance(p, URLResolver):
                module = getattr(p.urlconf_module, "__name__", "")
                inner = f"{prefix}{p.namespace}:" if p.namespace else prefix
                walk(p.url_patterns, module.startswith("horizons."), inner)
            elif isinstance(p, URLPattern) and p.name and namespace_is_ours:
                names.add(f"{prefix}{p.name}")

    walk(get_resolver().url_patterns, True, "")
    return names - {"admin"}


def test_every_page_of_ours_is_in_the_matrix() -> None:
    covered = {row.url_name for row in ROWS}
    missing = sorted(_our_url_names() - covered - NOT_IN_MATRIX)
    assert not missing, f"Add these pages to a tests/<app>/matrix.py: {missing}"


# --- POST: everyone a page refuses is refused a POST too, and nothing changes (issue 12) ---

# Tables a refused request may write to: the security log records the refusal; sessions and
# the cache are the machinery of being signed in.
_MAY_CHANGE = {"accounts_securityevent", "django_session", "horizons_cache"}
# Fixed tables no view writes to (skipped to keep the matrix quick).
_FIXED = {"auth_permission", "django_content_type", "django_admin_log"}
_REFUSALS = {"404", "login", 403}


def _snapshot() -> dict[str, list[object]]:
    """Every row of every table of ours: a refused POST must leave all of them as they were."""
    from django.apps import apps

    state = {}
    for model in apps.get_models():
        table = model._meta.db_table
        if table in _MAY_CHANGE | _FIXED or model._meta.proxy or not model._meta.managed:
            continue
        state[table] = list(model._base_manager.order_by("pk").values_list())
    return state


def _refused(response, expected) -> bool:  # type: ignore[no-untyped-def]
    if response.status_code == 405:  # the page takes no POST at all
        return True
    if expected == "login":
        return response.status_code == 302 and "/accounts/login/" in response["Location"]
    if expected == "404":
        return response.status_code == 404
    return response.status_code == expected


def _diff(before: dict, after: dict) -> list[str]:  # type: ignore[type-arg]
    return [table for table in before if before[table] != after.get(table)]


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_a_refused_persona_posting_is_refused_and_changes_nothing(row, world, client_for):  # type: ignore[no-untyped-def]
    url = reverse(row.url_name, args=row.args(world))
    clients = {persona: client_for(persona) for persona in PERSONAS}
    failures = []
    refused = [p for p in PERSONAS if row.expected_for(p) in _REFUSALS]
    before = _snapshot()
    for persona in refused:
        expected = row.expected_for(persona)
        response = clients[persona].post(url, {"confirm": "yes", "name": "Changed"})
        if not _refused(response, expected):
            failures.append(f"{persona}: expected {expected}, got {response.status_code}")
    if changed := _diff(before, _snapshot()):
        failures.append(f"POSTs by {refused} changed {changed}")
    assert not failures, f"POST {url}\n" + "\n".join(failures)


def _hosting_choice(cw, world):  # type: ignore[no-untyped-def]
    from horizons.allocation.models import HostingChoice

    return HostingChoice.objects.create(campaign=cw.campaign, kind="move", school=world.school)


def _post_only_rows(world):  # type: ignore[no-untyped-def]
    from tests.allocation.factories import campaign_world

    cw = campaign_world(world)
    managers = {"facilitator", "admin"}
    return [
        ("allocation:allocation_decide", [cw.run.pk], managers),
        ("allocation:allocation_publish", [cw.run.pk], managers),
        ("allocation:allocation_decision_remove", [cw.decision.pk], managers),
        ("allocation:allocation_hosting_set", [cw.campaign.pk], managers),
        ("allocation:allocation_hosting_remove", [_hosting_choice(cw, world).pk], managers),
        # Removing the teacher from the school: the school's careers leader (or an admin).
        ("team_remove", [world.teacher.memberships.get().pk], {"lead", "admin", "facilitator"}),
    ]


@pytest.mark.django_db
def test_post_only_actions_refuse_everyone_else_and_change_nothing(world, client_for):  # type: ignore[no-untyped-def]
    failures = []
    clients = {persona: client_for(persona) for persona in PERSONAS}
    for name, args, allowed in _post_only_rows(world):
        url = reverse(name, args=args)
        for persona in PERSONAS:
            if persona in allowed:
                continue
            before = _snapshot()
            response = clients[persona].post(url, {"kind": "require", "confirm": "yes"})
            expected = "login" if persona == "anonymous" else "404"
            if not (_refused(response, expected) or response.status_code == 403):
                failures.append(f"{name} {persona}: got {response.status_code}")
            if changed := _diff(before, _snapshot()):
                failures.append(f"{name} {persona}: POST changed {changed}")
    assert not failures, "\n".join(failures)


# --- /admin/: platform admins only, and only with the second factor where required ---


def _admin_urls() -> list[str]:
    from django.contrib import admin

    urls = ["/admin/"]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
    return urls


@pytest.mark.django_db
def test_admin_pages_are_for_platform_admins_only(world, client_for):  # type: ignore[no-untyped-def]
    world.lead.is_staff = True  # staff without being a platform admin gets nothing either
    world.lead.save()
    urls = _admin_urls()
    assert "/admin/accounts/securityevent/" in urls
    failures = []
    for persona in PERSONAS:
        client = client_for(persona)
        for url in urls:
            for method in ("get", "post"):
                before = _snapshot() if method == "post" else None
                response = getattr(client, method)(url, follow=True)
                final = response.redirect_chain[-1][0] if response.redirect_chain else url
                if persona == "admin":
                    good = method == "post" or (response.status_code == 200 and final == url)
                elif persona == "anonymous":
                    good = response.status_code == 200 and final.startswith("/accounts/login/")
                else:
                    good = response.status_code == 403
                if not good:
                    failures.append(f"{persona} {method} {url}: {response.status_code} at {final}")
                if before is not None and persona != "admin" and _diff(before, _snapshot()):
                    failures.append(f"{persona} POST {url} changed something")
    assert not failures, "\n".join(failures[:40])


@pytest.mark.django_db
def test_admin_pages_need_the_second_factor_where_required(world, client_for, settings):  # type: ignore[no-untyped-def]
    from tests.accounts.totp import give_totp

    settings.HORIZONS_REQUIRE_2FA = True
    settings.HORIZONS_2FA_EXEMPT_EMAILS = set()
    admin = client_for("admin")
    # Not set up: sent to set it up.
    for url in _admin_urls():
        assert admin.get(url)["Location"] == "/accounts/2fa/", url
    # Set up but not passed in this session: signed out.
    give_totp(world.admin)
    response = admin.get("/admin/")
    assert response["Location"].startswith("/accounts/login/")
    assert admin.get("/admin/accounts/user/")["Location"].startswith("/admin/login/")
