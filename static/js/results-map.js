// The results map: markers for the places in the list on screen, clustered, in step with the list.
// Works with no tile server (markers on a plain background). The list is the accessible version.
(function () {
  var element = document.getElementById("results-map");
  if (!element || !window.L) return;

  var listed = {};
  document.querySelectorAll("[data-place-id]").forEach(function (item) {
    listed[item.dataset.placeId] = item;
  });

  var origin = element.dataset.origin.split(",").map(parseFloat);
  // markercluster needs the map's maxZoom.
  var map = L.map(element, { maxZoom: 18, scrollWheelZoom: false, keyboard: true }).setView(origin, 14);
  if (element.dataset.tileUrl) {
    L.tileLayer(element.dataset.tileUrl, { maxZoom: 18, attribution: element.dataset.tileAttribution || "" }).addTo(map);
  }
  L.circleMarker(origin, { radius: 6, color: "#0b0c0c", fillOpacity: 1 }).addTo(map).bindTooltip("You searched here");

  var cluster = L.markerClusterGroup({ maxClusterRadius: 40 });
  fetch(element.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
    .then(function (response) { return response.ok ? response.json() : { features: [] }; })
    .then(function (feed) {
      var bounds = [origin];
      feed.features.forEach(function (feature) {
        var item = listed[String(feature.id)];
        if (!item) return;
        var point = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
        bounds.push(point);
        var link = document.createElement("a");
        link.href = feature.properties.url;
        link.textContent = feature.properties.name;
        link.className = "govuk-link";
        var marker = L.marker(point, { title: feature.properties.name, alt: feature.properties.name, keyboard: true });
        marker.bindPopup(link);
        // Choosing a marker highlights the place in the list, so the two stay in step.
        marker.on("click", function () {
          document.querySelectorAll(".app-result--selected").forEach(function (el) { el.classList.remove("app-result--selected"); });
          item.classList.add("app-result--selected");
        });
        cluster.addLayer(marker);
      });
      map.addLayer(cluster);
      if (bounds.length > 1) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    })
    .catch(function () { element.hidden = true; });
})();
