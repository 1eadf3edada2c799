"""CSV columns for places (a django-import-export resource), used by the provision app's CSV import/export.

Self-contained on purpose: nothing else in this app imports it. See docs/csv-import.md for the columns.
"""

from django.core.exceptions import ValidationError
from import_export.fields import Field

from locations.models import Location
from locations.postcodes import normalise_postcode
from provision.csv_import import WAGTAIL_FIELDS, CSVModelResource, TextWidget, slug_column


class PostcodeWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if not text:
            return ""
        try:
            return normalise_postcode(text)
        except ValidationError:
            raise ValueError(f"'{text}' is not a real postcode. Enter one like SW18 2PU.") from None


def _postcode_key(value) -> str:
    try:
        return normalise_postcode(value) if (value or "").strip() else ""
    except ValidationError:
        return (value or "").strip().upper()


class LocationResource(CSVModelResource):
    postcode = Field(attribute="postcode", column_name="postcode", widget=PostcodeWidget())
    slug = slug_column()

    required_columns = ("name",)
    trusted_fields = (*WAGTAIL_FIELDS, "photo", "ward", "local_authority")
    identity_fields = ("slug", "name", "postcode")

    class Meta:
        model = Location
        fields = (
            "name",
            "kind",
            "description",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "latitude",
            "longitude",
            "uprn",
            "phone",
            "email",
            "website",
            "has_free_wifi",
            "wifi_network_name",
            "wifi_time_limit",
            "public_computers",
            "has_printing",
            "has_devices_on_site",
            "has_devices_to_take_home",
            "has_assistive_technology",
            "assistive_technology_notes",
            "has_step_free_access",
            "has_accessible_toilet",
            "has_hearing_loop",
            "has_baby_changing",
            "accessibility_notes",
            "how_to_get_there",
            "last_reviewed",
            "slug",
        )
        export_order = fields
        import_id_fields = ("name",)

    # A place is the one with this slug, or else the one with this name at this postcode.

    def instance_keys(self, location):
        return [("slug", location.slug), ("name", location.name.casefold(), _postcode_key(location.postcode))]

    def row_key(self, row):
        if slug := (row.get("slug") or "").strip():
            return ("slug", slug)
        if name := (row.get("name") or "").strip():
            return ("name", name.casefold(), _postcode_key(row.get("postcode")))
        return None

    def ambiguous_row_message(self, row):
        return (
            f"More than one place called '{row.get('name')}' has this postcode. "
            "Add the slug column to say which one this row is about."
        )

    def duplicate_row_message(self, first_row_number):
        return (
            f"This place is also in row {first_row_number} (same name and postcode). "
            "Each place should be in the file once."
        )
