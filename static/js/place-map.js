// A small map of one place. The address above it says the same thing in words, so the map is a bonus.
(function () {
  var element = document.getElementById("place-map");
  if (!element || !window.L) return;
  var point = [parseFloat(element.dataset.latitude), parseFloat(element.dataset.longitude)];
  var map = L.map(element, { maxZoom: 18, scrollWheelZoom: false }).setView(point, 15);
  if (element.dataset.tileUrl) {
    L.tileLayer(element.dataset.tileUrl, { maxZoom: 18, attribution: element.dataset.tileAttribution || "" }).addTo(map);
  }
  L.marker(point, { title: element.dataset.name, alt: element.dataset.name }).addTo(map);
})();
