// Staff sessions end after a spell without a page load. Two minutes before that, say so and
// offer to stay signed in, so typed work (a note, a booking form) is not lost silently.
(function () {
  "use strict";
  var banner = document.getElementById("session-warning");
  if (!banner) return;
  var idleSeconds = parseInt(banner.getAttribute("data-idle-seconds"), 10);
  var keepAlive = banner.getAttribute("data-keepalive-url");
  var warnAfter = Math.max(idleSeconds - 120, 30) * 1000;
  var timer;
  function arm() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      banner.hidden = false;
      banner.querySelector("button").focus();
    }, warnAfter);
  }
  banner.querySelector("button").addEventListener("click", function () {
    fetch(keepAlive, { credentials: "same-origin" }).then(function (response) {
      if (response.ok) {
        banner.hidden = true;
        arm();
      } else {
        window.location.reload();
      }
    });
  });
  arm();
})();
