// Benchmark audit autosave helpers. htmx does the saving (hx-post on each answer); this file
// only makes a dropped connection safe: it says which answers are not saved yet, retries them
// when the browser is back online, and warns before leaving with unsaved answers.

const unsaved = new Set();

function criterionOf(element) {
  return element && element.closest ? element.closest(".hz-criterion") : null;
}

function statusOf(criterion) {
  return criterion.querySelector(".hz-save-status");
}

function say(criterion, text) {
  const status = statusOf(criterion);
  if (!status) return;
  let line = status.querySelector(".hz-save-status__text");
  if (!line) {
    line = document.createElement("p");
    status.appendChild(line);
  }
  line.className = "govuk-error-message hz-save-status__text";
  line.textContent = text;
}

function failed(event) {
  const criterion = criterionOf(event.detail.elt);
  if (!criterion) return;
  unsaved.add(criterion.id);
  say(criterion, "Not saved yet: check your connection. Your answer is kept on this page and will save when you are back online, or press Save.");
}

document.body.addEventListener("htmx:sendError", failed);
document.body.addEventListener("htmx:responseError", failed);
document.body.addEventListener("htmx:afterRequest", (event) => {
  const criterion = criterionOf(event.detail.elt);
  if (criterion && event.detail.successful) unsaved.delete(criterion.id);
});

window.addEventListener("online", () => {
  for (const id of Array.from(unsaved)) {
    const criterion = document.getElementById(id);
    const source = criterion && (criterion.querySelector("input[type=radio]:checked") || criterion.querySelector("textarea"));
    if (source && window.htmx) window.htmx.trigger(source, "change");
  }
});

window.addEventListener("beforeunload", (event) => {
  if (unsaved.size > 0) {
    event.preventDefault();
    event.returnValue = "";
  }
});
