"""Managed vocabularies: what kind of help, for whom, in which languages."""

from django.db import models


class TaxonomyTerm(models.Model):
    """Shared shape of a managed list that editors can extend and residents filter by."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in search addresses, e.g. ?type=free-wifi")
    description = models.CharField(max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ServiceType(TaxonomyTerm):
    # Marks the types that are about getting access (Wi-Fi, computers): the "Free Wi-Fi and computers" view.
    is_access_point = models.BooleanField(default=False)

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "type of help"
        verbose_name_plural = "types of help"


class Audience(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = "audience"


class Language(models.Model):
    code = models.CharField(max_length=8, unique=True, help_text="ISO 639 code, e.g. en, pl, so.")
    name = models.CharField(max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name
