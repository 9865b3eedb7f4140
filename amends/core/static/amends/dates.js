// Date boxes (issue 17). Every date is typed as YYYY-MM-DD, the form the pages show and the server reads
// (amends/core/forms.py); the box is a plain text box marked data-date, which is all there is without
// JavaScript. Here each box gets a button beside it that opens a calendar (cally's <calendar-date>,
// vendored in vendor/cally) in a modal dialog: the arrow keys move by day and week, Page Up/Down by
// month, Enter or a click picks the day, which is written into the box as YYYY-MM-DD and the focus
// returns to the box; Escape closes the dialog and the focus returns to the button. The dialog's words
// are the page's own (base.html, #date-picker's data, in the page's language), and the calendar names
// months and days in <html lang>. The Content-Security-Policy holds: no inline script or style
// (cally's styles are constructed stylesheets, which the policy does not govern).
// A date typed in year-month-day order with other separators, or as eight digits (20261204,
// 2026. 12. 4., 2026/12/04), is rewritten as 2026-12-04 when the box is left; the server still reads
// ISO only.

const SEPARATED = /^(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\s*\.?$/;
const EIGHT_DIGITS = /^(\d{4})(\d{2})(\d{2})$/;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

function normalised(text) {
  const found = text.trim().match(SEPARATED) || text.trim().match(EIGHT_DIGITS);
  if (!found) return text;
  return `${found[1]}-${found[2].padStart(2, "0")}-${found[3].padStart(2, "0")}`;
}

function isoDay(day) {
  const month = String(day.getMonth() + 1).padStart(2, "0");
  return `${day.getFullYear()}-${month}-${String(day.getDate()).padStart(2, "0")}`;
}

let dialog = null;
let box = null; // the date box the dialog is open for

// An element with attributes (a "class" or any other) and children (elements or text), without HTML.
function element(tag, attributes = {}, ...children) {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
  made.append(...children);
  return made;
}

// The dialog, made once: a title, how to use it, the calendar (year and month menus between the previous
// and next buttons, one month of days) and a close button, in the page's words (#date-picker's data).
function theDialog() {
  if (dialog) return dialog;
  const words = document.getElementById("date-picker").dataset;
  const hidden = (text) => element("span", { class: "visually-hidden" }, text);
  const calendar = element(
    "calendar-date",
    {},
    element("span", { slot: "previous" }, element("span", { "aria-hidden": "true" }, "‹"), hidden(words.previous)),
    element("span", { slot: "next" }, element("span", { "aria-hidden": "true" }, "›"), hidden(words.next)),
    element(
      "span",
      { slot: "heading", class: "date-picker-heading" },
      element("calendar-select-year", { "max-years": "300" }, element("span", { slot: "label" }, words.year)),
      element("calendar-select-month", {}, element("span", { slot: "label" }, words.month)),
    ),
    element("calendar-month"),
  );
  const close = element("button", { type: "button", class: "secondary" }, words.close);
  dialog = element(
    "dialog",
    { class: "date-picker", "aria-labelledby": "date-picker-title" },
    element(
      "article",
      {},
      element("h2", { id: "date-picker-title" }, words.title),
      element("p", { class: "muted" }, words.help),
      calendar,
      element("footer", {}, close),
    ),
  );
  document.body.append(dialog);
  calendar.locale = document.documentElement.lang || undefined;
  calendar.addEventListener("change", () => {
    box.value = calendar.value;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.dispatchEvent(new Event("change", { bubbles: true }));
    dialog.close(); // (the browser gives the focus back to the button) ...
    box.focus(); // ... but after a day is picked, it goes to the box that now holds it
  });
  close.addEventListener("click", () => dialog.close());
  return dialog;
}

async function open(input) {
  box = input;
  const picker = theDialog();
  const calendar = picker.querySelector("calendar-date");
  const today = new Date();
  // Far enough back for a birth in the 1900s, far enough ahead for a planned payment.
  calendar.min = "1900-01-01";
  calendar.max = `${today.getFullYear() + 2}-12-31`;
  const value = normalised(input.value);
  calendar.value = ISO.test(value) ? value : "";
  calendar.focusedDate = calendar.value || isoDay(today);
  picker.showModal();
  // The focus goes to that day once the month has drawn it (cally draws asynchronously: focused now,
  // it would land on the day shown before); a few frames at most.
  const month = calendar.querySelector("calendar-month");
  const day = String(Number(calendar.focusedDate.slice(8)));
  for (let frame = 0; frame < 30; frame++) {
    if (month.shadowRoot?.querySelector('button[tabindex="0"]')?.textContent === day) break;
    await new Promise(requestAnimationFrame);
  }
  calendar.focus();
}

function enhance(input) {
  if (input.dataset.dateReady !== undefined) return;
  input.dataset.dateReady = "";
  const words = document.getElementById("date-picker")?.dataset;
  if (!words) return;
  // The box and its button side by side. A box inside its <label> moves out of it, tied to it by for=,
  // so that the button's words do not become part of the box's name; the label and the box then stand
  // together where the label stood (one cell of a grid, one item of a row of fields).
  const label = input.closest("label");
  const group = document.createElement("span");
  group.className = "date-field";
  if (label) {
    if (!input.id) input.id = `date-${Math.random().toString(36).slice(2, 10)}`;
    label.htmlFor = input.id;
    const field = document.createElement("div");
    field.className = "date-labelled";
    label.before(field);
    field.append(label, group);
  } else {
    input.before(group);
  }
  group.append(input);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "secondary date-button";
  button.textContent = words.open;
  // Its name is its own word; the field's label describes it (not part of the name, so that the label
  // names the box alone).
  const named = label || input.labels?.[0];
  if (named) {
    if (!named.id) named.id = `${input.id || input.name}-label`;
    button.setAttribute("aria-describedby", named.id);
  }
  button.addEventListener("click", () => open(input));
  group.append(button);
}

document.addEventListener("change", (event) => {
  if (event.target.matches?.("input[data-date]")) {
    const value = normalised(event.target.value);
    if (value !== event.target.value) event.target.value = value;
  }
});

function enhanceAll(root) {
  root.querySelectorAll?.("input[data-date]").forEach(enhance);
}

customElements.whenDefined("calendar-date").then(() => {
  enhanceAll(document);
  // Forms htmx swaps in later get their buttons too.
  document.body.addEventListener("htmx:afterSettle", (event) => enhanceAll(event.target));
});
