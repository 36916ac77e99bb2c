// The print button of the meeting view (templates/staff/meeting_view.html): no inline script (CSP).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
