// "Use my location" under a postcode box (templates/includes/use_my_location.html).
// The button is rendered hidden and only shown here, when the browser can give a location, so people without
// JavaScript or geolocation see the postcode box alone. Its answer goes to the form's own search as
// ?near=lat,lon with the form's other fields (distance, filters) kept.
(function () {
  if (!("geolocation" in navigator)) return;

  document.querySelectorAll("[data-use-my-location]").forEach(function (container) {
    var button = container.querySelector("button");
    var form = container.closest("form");
    if (!button || !form) return;
    var message = null;
    // Not `disabled`, which would throw the keyboard user's focus away while the browser asks them.
    var asking = false;

    function showError() {
      asking = false;
      if (!message) {
        message = document.createElement("p");
        message.className = "govuk-error-message";
        message.setAttribute("role", "alert");
        container.appendChild(message);
      }
      message.textContent = container.dataset.errorMessage;
    }

    function searchFrom(position) {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        // The location replaces what was typed, a new search starts on its first page, and an empty choice
        // ("Any language") is left out as the server's default.
        if (value !== "" && ["postcode", "q", "near", "page"].indexOf(name) === -1) params.append(name, value);
      });
      // Four decimal places is about 10 metres: enough to sort places by distance, and less exact personal
      // data in our logs and in any link the resident shares.
      params.set("near", position.coords.latitude.toFixed(4) + "," + position.coords.longitude.toFixed(4));
      var action = new URL(form.getAttribute("action") || window.location.pathname, window.location.href);
      action.search = params.toString();
      window.location.assign(action.toString());
    }

    button.addEventListener("click", function () {
      if (asking) return;
      asking = true;
      if (message) message.textContent = "";
      navigator.geolocation.getCurrentPosition(searchFrom, showError, {
        enableHighAccuracy: false,
        timeout: 10000,
        maximumAge: 60000,
      });
    });
    container.hidden = false;
  });
})();
