"""Reference geography loaded from open data: postcodes, outward-code centroids, wards and their DERI scores.

These tables are loaded by management commands (see `locations/management/commands/`) from files in the
formats of the shared open data; a council adding a borough runs the same commands with its own files.
"""

from django.db import models


class LocalAuthority(models.Model):
    code = models.CharField(max_length=9, primary_key=True, help_text="ONS code, for example E09000032.")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self):
        return self.name


class Ward(models.Model):
    code = models.CharField(max_length=9, primary_key=True, help_text="ONS ward code (WD22CD).")
    name = models.CharField(max_length=100)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="wards")
    # GeoJSON geometry as published (simplified); kept as text because we draw it, we don't query it.
    boundary = models.JSONField(null=True, blank=True)
    # Digital Exclusion Risk Index v1.6 (0-10, higher = more at risk): the mean of the ward's LSOA scores.
    deri_score = models.DecimalField(max_digits=5, decimal_places=3, null=True, blank=True)
    deri_lsoa_count = models.PositiveSmallIntegerField(default=0)
    centroid_latitude = models.FloatField(null=True, blank=True)
    centroid_longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["local_authority__name", "name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return f"{self.name} ({self.local_authority.name})" if self.local_authority_id else self.name


class SmallArea(models.Model):
    """A Lower layer Super Output Area (2021) with its Digital Exclusion Risk Index score."""

    code = models.CharField(max_length=9, primary_key=True, help_text="LSOA 2021 code.")
    name = models.CharField(max_length=100)
    ward = models.ForeignKey(Ward, on_delete=models.SET_NULL, null=True, blank=True, related_name="small_areas")
    deri_score = models.DecimalField(max_digits=5, decimal_places=3, null=True, blank=True)
    boundary = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "small area (LSOA)"
        verbose_name_plural = "small areas (LSOAs)"

    def __str__(self):
        return self.name


class Postcode(models.Model):
    """A full postcode in its normalised form (`SW18 2PU`) with its centre point and ward."""

    postcode = models.CharField(max_length=8, primary_key=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    # How exactly the point was placed (Code-Point Open positional quality indicator, 10 = best).
    quality = models.PositiveSmallIntegerField(null=True, blank=True)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.SET_NULL, null=True, blank=True, related_name="postcodes"
    )
    ward = models.ForeignKey(Ward, on_delete=models.SET_NULL, null=True, blank=True, related_name="postcodes")

    class Meta:
        ordering = ["postcode"]
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self):
        return self.postcode

    @property
    def outcode(self) -> str:
        return self.postcode.split(" ")[0]


class OutcodeCentroid(models.Model):
    """The middle of an outward code (`SW18`): an approximate point for partial or unknown postcodes."""

    outcode = models.CharField(max_length=4, primary_key=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    postcode_count = models.PositiveIntegerField(default=0)
    main_local_authority_code = models.CharField(max_length=9, blank=True)

    class Meta:
        ordering = ["outcode"]

    def __str__(self):
        return self.outcode
