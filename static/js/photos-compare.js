// The comparison's slider: the earlier photo lies over the later one and is cut off at the
// slider's position. Without this script the page shows the two side by side only.
(function () {
  "use strict";
  var section = document.querySelector("[data-compare]");
  if (!section) return;
  var over = section.querySelector("[data-compare-over]");
  var range = section.querySelector("[data-compare-range]");
  function cut() {
    over.style.clipPath = "inset(0 " + (100 - Number(range.value)) + "% 0 0)";
  }
  range.addEventListener("input", cut);
  section.hidden = false;
  cut();
})();
