// The booking steps' focus: where a person's attention goes after the page changes under them.
// Loaded with defer by the booking templates; everything here also works without it (links
// and fragments), it only puts focus where the eye already is.
(function () {
  "use strict";

  // A form sent back with errors: the summary of what to fix is read out and tabbed from first.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    // A link in the summary puts focus in its field (a fragment alone only scrolls to it) and
    // shows the field's label or question with it.
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      var group = field.closest("fieldset");
      var label = document.querySelector("label[for='" + field.id + "']");
      var heading = (field.type === "radio" || field.type === "checkbox") && group
        ? group.querySelector("legend")
        : label;
      (heading || field).scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  }

  // A day chosen through htmx: its times replace the old ones; focus goes to their heading
  // ("Times on Tuesday 1 December"), not back to <body> with the chip that was swapped out.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== "slots") return;
    var heading = document.getElementById("times");
    if (heading) heading.focus();
  });
})();
