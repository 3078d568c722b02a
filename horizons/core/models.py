"""Cross-cutting records: who looked at children's data, and when."""

from django.conf import settings
from django.db import models


class PupilDataAccess(models.Model):
    """One row each time someone views or exports pupil-level data (UK GDPR accountability)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    school = models.ForeignKey(
        "organisations.School", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, default="view")
    what = models.CharField(max_length=200)
    path = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "pupil data access log"

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.what} at {self.at:%d/%m/%Y %H:%M}"
