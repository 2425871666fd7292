// The day sheet's Print button: shown only when this script runs (no inline handlers under the
// Content-Security-Policy), it opens the browser's print dialog.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
