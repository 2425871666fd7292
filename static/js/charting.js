// The chart form: an area's settings show while the area is ticked as treated (or holds a
// value or an error), so the provider reads only the areas they treat. Without this script
// every area's settings simply stay in view.
(function () {
  "use strict";
  function sync(area) {
    var tick = area.querySelector("input[type=checkbox]");
    var settings = area.querySelector("[data-charting-settings]");
    if (!tick || !settings) return;
    var filled = Array.prototype.some.call(settings.querySelectorAll("input"), function (input) {
      return input.value !== "" || input.classList.contains("is-invalid");
    });
    settings.hidden = !tick.checked && !filled;
  }
  document.querySelectorAll("[data-charting-area]").forEach(function (area) {
    sync(area);
    var tick = area.querySelector("input[type=checkbox]");
    if (tick) tick.addEventListener("change", function () { sync(area); });
  });
})();
