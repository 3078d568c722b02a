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
    # The client's address (see core.privacy.client_ip).
    ip = models.GenericIPAddressField("IP address", null=True, blank=True)
    # The one child the entry is about, if any: the id, and a label that is not a name
    # ("Pupil 1234"). The page shows the child's current name while the child exists, so
    # after erasure the log holds no name.
    pupil_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    pupil_label = models.CharField(max_length=40, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["school", "-at"], name="access_log_school_recent")]
        verbose_name_plural = "pupil data access log"

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.what} at {self.at:%d/%m/%Y %H:%M}"
