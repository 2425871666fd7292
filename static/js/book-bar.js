// The phone's booking bar on a treatment page: hidden while the page's own booking buttons
// are on screen, shown once they have scrolled away. Without this script it simply stays.
(function () {
  "use strict";
  var bar = document.getElementById("book-bar");
  var watched = bar && document.getElementById(bar.getAttribute("data-watch"));
  if (!bar || !watched || !("IntersectionObserver" in window)) {
    return;
  }
  new IntersectionObserver(function (entries) {
    var entry = entries[entries.length - 1];
    // Above the fold or still in view: the page's own buttons are enough.
    var stillAbove = entry.boundingClientRect.top > 0;
    bar.classList.toggle("is-hidden", entry.isIntersecting || stillAbove);
  }).observe(watched);
})();
