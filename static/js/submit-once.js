// A form that changes something is sent once: a second tap on its button while the first is
// on its way (a slow phone, a double tap) would book, pay or send twice, or show the patient a
// refusal of her own first tap. Every form works without this; it only stops the repeat.
(function () {
  "use strict";
  // A POST that answers with a download leaves the page where it was: let the button work
  // again after a while rather than never.
  var RELEASE_AFTER_MS = 8000;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    // htmx and other scripts that send the form themselves have prevented the page's own send.
    if (event.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() !== "post") {
      return;
    }
    if (form.dataset.sending === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    form.setAttribute("aria-busy", "true");
    window.setTimeout(function () { release(form); }, RELEASE_AFTER_MS);
  });

  function release(form) {
    delete form.dataset.sending;
    form.removeAttribute("aria-busy");
  }

  // Back to a page kept in the browser's memory: its forms may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-sending]").forEach(release);
  });
})();
