"""The "Places" menu of the Wagtail admin: places (Locations) to edit, and wards and postcodes to look up."""

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import BooleanColumn, Column, LiveStatusTagColumn
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from locations.admin_scope import ScopedSnippetViewSet
from locations.models import Location, Postcode, Ward
from locations.panels import MapPointPanel
from locations.postcodes import is_full_postcode, normalise_postcode


class LocationFilterSet(WagtailFilterSet):
    class Meta:
        model = Location
        fields = ["kind", "ward", "local_authority", "needs_attention", "has_free_wifi"]


class LocationViewSet(ScopedSnippetViewSet):
    """Places. Whoever registers a ScopedModelPermissionPolicy for Location decides who reaches which places
    (provision does: partner editors reach the places their services run at and the places they added)."""

    model = Location
    icon = "site"
    menu_label = "Locations"
    menu_order = 100
    list_display = [
        "name",
        "kind",
        "ward",
        "postcode",
        BooleanColumn("needs_attention", label="Needs attention", sort_key="needs_attention"),
        LiveStatusTagColumn(),
    ]
    list_per_page = 50
    filterset_class = LocationFilterSet
    # Plain database search: finds part of a name or postcode as typed ("Putney", "SW18").
    search_fields = ["name", "postcode", "address_line_1", "town"]
    search_backend_name = None
    list_export = ["name", "kind", "address", "postcode", "latitude", "longitude", "ward", "local_authority", "live"]
    # Shows the "check this place's position" warning above the form's tabs.
    edit_template_name = "locations/admin/location_edit.html"

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("name"),
                    FieldPanel("kind"),
                    FieldPanel("description"),
                    FieldPanel("photo"),
                    MultiFieldPanel(
                        [FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")], heading="Contact"
                    ),
                    FieldPanel("slug"),
                    FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("is_sample")]),
                ],
                heading="Details",
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("address_line_1"),
                            FieldPanel("address_line_2"),
                            FieldPanel("town"),
                            FieldPanel("postcode"),
                            FieldPanel("uprn"),
                        ],
                        heading="Address",
                    ),
                    MapPointPanel(
                        heading="Position on the map",
                        help_text="Saving puts the place at the centre of its postcode, unless you move the marker.",
                    ),
                    MultiFieldPanel(
                        [
                            FieldPanel("ward", read_only=True),
                            FieldPanel("local_authority", read_only=True),
                            FieldPanel("geocode_precision", read_only=True, heading="How the point was placed"),
                        ],
                        heading="Found from the postcode",
                    ),
                    FieldPanel(
                        "needs_attention",
                        help_text="Set when we could not place the postcode or the point looks wrong. "
                        "Untick it once you have checked the point on the map.",
                    ),
                ],
                heading="Address and map",
            ),
            ObjectList(
                [
                    FieldPanel("has_free_wifi"),
                    FieldRowPanel([FieldPanel("wifi_network_name"), FieldPanel("wifi_time_limit")]),
                    FieldPanel("public_computers"),
                    FieldPanel("has_printing"),
                    FieldPanel("has_devices_on_site"),
                    FieldPanel("has_devices_to_take_home"),
                    FieldPanel("has_assistive_technology"),
                    FieldPanel("assistive_technology_notes"),
                ],
                heading="Facilities",
            ),
            ObjectList(
                [
                    FieldPanel("has_step_free_access"),
                    FieldPanel("has_accessible_toilet"),
                    FieldPanel("has_hearing_loop"),
                    FieldPanel("has_baby_changing"),
                    FieldPanel("accessibility_notes"),
                    FieldPanel("how_to_get_there"),
                ],
                heading="Accessibility",
            ),
            ObjectList(
                [
                    InlinePanel("opening_periods", heading="Usual opening hours", label="Opening hours"),
                    InlinePanel(
                        "opening_exceptions",
                        heading="Changes to the usual hours",
                        label="Change",
                        help_text="Bank holidays, closures and special opening hours.",
                    ),
                ],
                heading="Opening hours",
            ),
        ]
    )


class WardViewSet(SnippetViewSet):
    """Wards with their Digital Exclusion Risk Index score: read-only (see ImportedDataPermissionPolicy)."""

    model = Ward
    icon = "globe"
    menu_label = "Wards"
    menu_order = 200
    list_display = [
        "name",
        "local_authority",
        Column("deri_score", label="DERI score (0 to 10, higher is more at risk)", sort_key="deri_score"),
        Column("deri_lsoa_count", label="LSOAs in the score", sort_key="deri_lsoa_count"),
        "code",
    ]
    list_filter = ["local_authority"]
    list_per_page = 100
    search_fields = ["name", "code"]
    ordering = ["local_authority__name", "name"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "code",
        "name",
        "local_authority",
        "deri_score",
        "deri_lsoa_count",
        "centroid_latitude",
        "centroid_longitude",
    ]
    copy_view_enabled = False


class PostcodeIndexView(IndexView):
    def search_queryset(self, queryset):
        """Finds a postcode however it is typed ("sw182pu"), or every postcode starting with what is typed."""
        if not self.is_searching:
            return queryset
        if is_full_postcode(self.search_query):
            return queryset.filter(postcode=normalise_postcode(self.search_query))
        return queryset.filter(postcode__istartswith=" ".join(self.search_query.upper().split()))


class PostcodeViewSet(SnippetViewSet):
    """Look up which ward and local authority a postcode is in: read-only."""

    model = Postcode
    icon = "pick"
    menu_label = "Postcode lookup"
    menu_order = 300
    index_view_class = PostcodeIndexView
    list_display = ["postcode", "ward", "local_authority", "latitude", "longitude"]
    list_filter = ["local_authority"]
    list_per_page = 50
    search_fields = ["postcode"]
    inspect_view_enabled = True
    inspect_view_fields = ["postcode", "latitude", "longitude", "quality", "ward", "local_authority"]
    copy_view_enabled = False


class PlacesViewSetGroup(SnippetViewSetGroup):
    items = (LocationViewSet, WardViewSet, PostcodeViewSet)
    menu_label = "Places"
    menu_icon = "site"
    menu_order = 200
