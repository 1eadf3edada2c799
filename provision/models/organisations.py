from django.db import models
from django.urls import reverse
from wagtail.models import RevisionMixin
from wagtail.search import index

from locations.slugs import unique_slug


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council service"
    LIBRARY_SERVICE = "library_service", "Library service"
    CHARITY = "charity", "Charity or voluntary group"
    SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
    BUSINESS = "business", "Business"
    NHS = "nhs", "NHS"
    EDUCATION = "education", "School or college"


class Organisation(RevisionMixin, index.Indexed, models.Model):
    """A provider, partner, commissioner or funder of digital inclusion provision."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=220, unique=True, blank=True)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices, default=OrganisationKind.CHARITY)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    charity_number = models.CharField(max_length=20, blank=True)
    logo = models.ForeignKey("wagtailimages.Image", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    is_sample = models.BooleanField(default=False, help_text="Invented for the demonstration site.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("kind")]

    class Meta:
        ordering = ["name"]
        permissions = [
            # Without it, a user's model permissions on services, places, organisations and problem reports
            # reach only their own organisations' records (provision/permissions.py): partner editors.
            (
                "view_every_organisation",
                "Can see and work on every organisation's services, places and reports, not only their own",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, "organisation")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisation_detail", kwargs={"slug": self.slug})
