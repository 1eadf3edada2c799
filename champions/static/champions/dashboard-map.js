// The lead's map of active places: markers on a plain background (a tile server is optional).
// The table under the map lists the same places, so the map adds nothing a screen reader user misses.
(function () {
  var element = document.getElementById("champions-map");
  var data = document.getElementById("champions-map-points");
  if (!element || !data || !window.L) return;
  var points = JSON.parse(data.textContent);
  if (!points.length) return;
  var map = L.map(element, { scrollWheelZoom: false, attributionControl: false });
  var tileUrl = element.dataset.tileUrl;
  if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 18 }).addTo(map);
  var bounds = [];
  points.forEach(function (point) {
    var latLng = [point.lat, point.lng];
    bounds.push(latLng);
    L.circleMarker(latLng, { radius: 8, color: "#00625e", fillColor: "#00625e", fillOpacity: 0.7 })
      .bindTooltip(point.name + ": " + point.sessions + " session(s), " + point.people + " people helped")
      .addTo(map);
  });
  map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 });
})();
