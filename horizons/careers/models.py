"""The careers library's tables. Job profiles themselves are versioned YAML, not rows."""

from django.db import models

from horizons.core.sectors import SECTORS

SECTOR_CHOICES = list(SECTORS.items())


class LabourMarketFigure(models.Model):
    """How many jobs one sector has in one area in one year, loaded from a documented CSV."""

    area = models.CharField(max_length=150, help_text="For example: Tyne and Wear")
    sector = models.CharField(max_length=40, choices=SECTOR_CHOICES)
    jobs = models.PositiveIntegerField()
    change_pct = models.DecimalField(
        "change on the year before (%)", max_digits=5, decimal_places=1, null=True, blank=True
    )
    year = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=200)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["area", "-year", "sector"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "sector", "year"], name="labour_market_one_figure_per_sector_year"
            ),
            models.CheckConstraint(
                condition=models.Q(sector__in=list(SECTORS)), name="labour_market_known_sector"
            ),
            models.CheckConstraint(
                condition=models.Q(change_pct__isnull=True)
                | models.Q(change_pct__gte=-100, change_pct__lte=999.9),
                name="labour_market_change_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1990, year__lte=2100),
                name="labour_market_year_sane",
            ),
        ]
        indexes = [models.Index(fields=["area", "year"])]

    def __str__(self) -> str:
        return f"{self.area}: {self.get_sector_display()} {self.year}"
