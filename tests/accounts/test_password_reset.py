import re

from django.core import mail
from django.core.cache import cache


def test_a_forgotten_password_is_reset_by_an_emailed_link(
    world, client, django_capture_on_commit_callbacks
):
    cache.clear()
    # allauth's emails go through horizons/messaging: sent once the request's work commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "teacher@example.org"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["teacher@example.org"]
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    response = client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link.group(1),
        {"password1": "a-brand-new-phrase", "password2": "a-brand-new-phrase"},
    )
    assert response.status_code == 302
    world.teacher.refresh_from_db()
    assert world.teacher.check_password("a-brand-new-phrase")


def test_an_unknown_email_reveals_nothing(db, client):
    cache.clear()
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302  # the same answer as for a real account
