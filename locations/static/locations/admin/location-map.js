// The map in the Location edit form (locations/panels.py, MapPointPanel).
//
// Keeps a draggable marker and the latitude/longitude inputs in step: dragging the marker or clicking the
// map fills the inputs, typing in the inputs moves the marker, and a newly typed postcode moves the marker
// to the postcode's centre (as saving would). Ward outlines give the map meaning without a tile server;
// tiles are added only when the site is configured with one. All settings come from data- attributes.
(function () {
  "use strict";

  const DECIMALS = 6;

  function numberOrNull(value) {
    const number = Number.parseFloat(value);
    return Number.isFinite(number) ? number : null;
  }

  function setInput(input, value) {
    if (input.value === value) return;
    input.value = value;
    // Wagtail's unsaved-changes warning and autosave listen for these.
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function setUp(container) {
    const data = container.dataset;
    const latitudeInput = document.getElementById(data.latitudeInput);
    const longitudeInput = document.getElementById(data.longitudeInput);
    const postcodeInput = data.postcodeInput ? document.getElementById(data.postcodeInput) : null;
    const canvas = container.querySelector(".location-map__canvas");
    if (!latitudeInput || !longitudeInput || !canvas || typeof L === "undefined") return;

    container.hidden = false;
    const map = L.map(canvas, { maxZoom: Number(data.maxZoom) || 18, attributionControl: Boolean(data.tileUrl) });
    if (data.tileUrl) {
      L.tileLayer(data.tileUrl, { attribution: data.tileAttribution, maxZoom: Number(data.maxZoom) || 18 }).addTo(map);
    }
    map.setView([Number(data.defaultLatitude), Number(data.defaultLongitude)], Number(data.defaultZoom) || 12);

    let marker = null;

    function currentPoint() {
      const latitude = numberOrNull(latitudeInput.value);
      const longitude = numberOrNull(longitudeInput.value);
      return latitude === null || longitude === null ? null : L.latLng(latitude, longitude);
    }

    function showPoint(point, { pan = true } = {}) {
      if (!marker) {
        marker = L.marker(point, { draggable: true, autoPan: true, title: "Where the place is: drag to move it" });
        marker.on("dragend", () => fillInputs(marker.getLatLng()));
        marker.addTo(map);
      } else {
        marker.setLatLng(point);
      }
      if (pan) map.setView(point, Math.max(map.getZoom(), 15));
    }

    function fillInputs(point) {
      setInput(latitudeInput, point.lat.toFixed(DECIMALS));
      setInput(longitudeInput, point.lng.toFixed(DECIMALS));
    }

    map.on("click", (event) => {
      showPoint(event.latlng, { pan: false });
      fillInputs(event.latlng);
    });

    [latitudeInput, longitudeInput].forEach((input) =>
      input.addEventListener("change", () => {
        const point = currentPoint();
        if (point) showPoint(point);
      }),
    );

    if (postcodeInput && data.geocodeUrl) {
      postcodeInput.addEventListener("change", async () => {
        const postcode = postcodeInput.value.trim();
        if (!postcode) return;
        try {
          const response = await fetch(`${data.geocodeUrl}?q=${encodeURIComponent(postcode)}`, {
            headers: { Accept: "application/json" },
            credentials: "same-origin",
          });
          if (!response.ok) return; // unknown postcode: saving will flag it for attention
          const found = await response.json();
          const point = L.latLng(found.latitude, found.longitude);
          showPoint(point);
          fillInputs(point);
        } catch {
          // Offline or the server is busy: the marker stays put and saving places the postcode instead.
        }
      });
    }

    const start = currentPoint();
    if (start) showPoint(start);

    if (data.wardsUrl) {
      fetch(data.wardsUrl, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : null))
        .then((wards) => {
          if (!wards || !wards.features || !wards.features.length) return;
          const layer = L.geoJSON(wards, {
            interactive: false,
            style: { className: "location-map__ward", weight: 1, fill: false },
          }).addTo(map);
          if (!marker) map.fitBounds(layer.getBounds());
        })
        .catch(() => {});
    }

    // The map may start in a hidden tab, with no size: redraw it whenever its size changes.
    new ResizeObserver(() => {
      map.invalidateSize();
      if (marker) map.panTo(marker.getLatLng(), { animate: false });
    }).observe(canvas);
  }

  function init() {
    document.querySelectorAll("[data-location-map]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
