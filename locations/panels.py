"""Edit-form panels for places: the map for placing a Location."""

from django.conf import settings
from django.forms import Media
from django.templatetags.static import static
from django.urls import reverse
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class MapPointPanel(MultiFieldPanel):
    """The latitude and longitude inputs, with a map whose marker can be dragged or placed with a click.

    The inputs are ordinary number inputs, so the form works without JavaScript. With it, the map keeps the
    marker and the inputs in step, moves the marker to a newly typed postcode's centre, and draws the loaded
    ward boundaries so the map means something without a tile server (tiles are added if MAP_TILE_URL is set).
    Configuration goes to the script through data- attributes: the admin allows no inline scripts of ours.
    """

    def __init__(self, children=(), *args, postcode_field="postcode", **kwargs):
        self.postcode_field = postcode_field
        super().__init__(children or [FieldPanel("latitude"), FieldPanel("longitude")], *args, **kwargs)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "postcode_field": self.postcode_field}

    class BoundPanel(MultiFieldPanel.BoundPanel):
        template_name = "locations/admin/map_point_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            leaflet = getattr(settings, "LEAFLET_CONFIG", {})
            latitude, longitude = leaflet.get("DEFAULT_CENTER", (51.4571, -0.1931))
            postcode = self.form[self.panel.postcode_field] if self.panel.postcode_field in self.form.fields else None
            context["map_data"] = {
                "latitude-input": self.form["latitude"].id_for_label,
                "longitude-input": self.form["longitude"].id_for_label,
                "postcode-input": postcode.id_for_label if postcode else "",
                "geocode-url": reverse("locations_admin:geocode"),
                "wards-url": reverse("locations_admin:wards"),
                "tile-url": settings.MAP_TILE_URL,
                "tile-attribution": settings.MAP_TILE_ATTRIBUTION,
                "default-latitude": latitude,
                "default-longitude": longitude,
                "default-zoom": leaflet.get("DEFAULT_ZOOM", 12),
                "max-zoom": leaflet.get("MAX_ZOOM", 18),
            }
            return context

        @property
        def media(self):
            return super().media + Media(
                css={"all": [static("dist/leaflet/leaflet.css"), static("locations/admin/location-map.css")]},
                js=[static("dist/leaflet/leaflet.js"), static("locations/admin/location-map.js")],
            )
