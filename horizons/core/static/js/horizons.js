// Horizons' only script of its own: switch on GOV.UK Frontend's components. Kept in a file
// (not inline) so the Content-Security-Policy can forbid inline script.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Buttons that print the page (printable profile cards, campaign summaries).
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}

// Autosave status for forms that save as you go (htmx): say so to screen readers too.
document.body.addEventListener("htmx:sendError", () => {
  const status = document.getElementById("save-status");
  if (status) status.textContent = "Not saved: check your connection. Your answer is kept here.";
});

// Children's sign-in window: count down the minutes left, and say when it has closed.
for (const countdown of document.querySelectorAll("[data-countdown]")) {
  const until = Date.parse(countdown.dataset.countdown);
  const tick = () => {
    const minutes = Math.ceil((until - Date.now()) / 60000);
    if (minutes <= 0) {
      countdown.textContent = "no time";
      const status = document.getElementById("sign-in-status");
      if (status) status.textContent = "Sign-in has closed. Reload the page to open it again.";
      return;
    }
    countdown.textContent = minutes === 1 ? "1 minute" : `${minutes} minutes`;
    window.setTimeout(tick, 15000);
  };
  tick();
}
