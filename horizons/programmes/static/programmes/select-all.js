// "Tick every child" on attendance pages, without a round trip. Progressive enhancement: the
// button is a real submit button (name="select_all") that the server answers by ticking every
// child, so the page works without this file; with it, the boxes are ticked at once. A file,
// not inline script, so the Content-Security-Policy can forbid inline script.

function announce(name, text) {
  const status = document.querySelector(`[data-select-status="${name}"]`);
  if (status) status.textContent = text;
}

function boxes(form, name) {
  return [...form.querySelectorAll(`input[type="checkbox"][name="${name}"]`)];
}

for (const button of document.querySelectorAll("[data-select-all]")) {
  const name = button.dataset.selectAll;
  const form = button.closest("form");
  if (!form) continue;
  const none = form.querySelector(`[data-select-none="${name}"]`);
  if (none) {
    none.hidden = false;
    none.addEventListener("click", () => {
      for (const box of boxes(form, name)) box.checked = false;
      announce(name, "No children ticked.");
    });
  }
  button.addEventListener("click", (event) => {
    event.preventDefault();
    const all = boxes(form, name);
    for (const box of all) box.checked = true;
    announce(name, `${all.length} children ticked.`);
  });
}

// Encounter attendance: fill every class's number with the pupils booked.
for (const button of document.querySelectorAll("[data-fill-booked]")) {
  const form = button.closest("form");
  if (!form) continue;
  button.hidden = false;
  button.addEventListener("click", () => {
    const inputs = [...form.querySelectorAll("input[data-booked]")];
    for (const input of inputs) input.value = input.dataset.booked;
    announce("booked", "Every class filled in with the pupils booked.");
  });
}
