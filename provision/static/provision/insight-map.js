// Choropleth of wards by Digital Exclusion Risk Index, with the places offering help on top. No tiles needed.
(function () {
  var element = document.getElementById("insight-map");
  if (!element || !window.L) return;
  var map = L.map(element, { maxZoom: 18, scrollWheelZoom: false });
  var shades = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"];
  function shade(deri) {
    if (deri === null) return "#cccccc";
    // DERI runs 0-10; London wards sit between about 1.5 and 3.5.
    var index = Math.max(0, Math.min(shades.length - 1, Math.floor((deri - 1.5) / 0.45)));
    return shades[index];
  }
  fetch(element.dataset.wardsUrl, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (wards) {
      var layer = L.geoJSON(wards, {
        style: function (feature) {
          return { color: "#333", weight: 1, fillOpacity: 0.75, fillColor: shade(feature.properties.deri) };
        },
        onEachFeature: function (feature, ward) {
          var p = feature.properties;
          var text = p.name + ": DERI " + (p.deri === null ? "not known" : p.deri.toFixed(2));
          if (p.coverage_percent !== null) text += ", " + p.coverage_percent + "% of postcodes within walking distance";
          if (p.lacking.length) text += ". Lacks: " + p.lacking.join(", ");
          ward.bindTooltip(text);
        },
      }).addTo(map);
      var url = element.dataset.placesUrl;
      if (layer.getBounds().isValid()) {
        map.fitBounds(layer.getBounds());
        // Only the places around the wards shown: the whole country's feed is megabytes. The feed takes a box
        // of at most one degree, so a wider choice of wards gets the whole feed.
        var box = layer.getBounds().pad(0.05);
        if (box.getEast() - box.getWest() <= 1 && box.getNorth() - box.getSouth() <= 1) {
          url += "?bbox=" + box.toBBoxString();
        }
      }
      return fetch(url);
    })
    .then(function (response) { return response.json(); })
    .then(function (places) {
      var wanted = element.dataset.serviceType;
      places.features.forEach(function (feature) {
        if (wanted && feature.properties.types.indexOf(wanted) === -1) return;
        var point = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
        L.circleMarker(point, { radius: 5, color: "#003b38", fillColor: "#00625e", fillOpacity: 1 })
          .bindTooltip(feature.properties.name)
          .addTo(map);
      });
    });
})();
