// Plan pages: fill a suggested date, print, and show only the deadline input the chosen rule needs.
"use strict";

document.addEventListener("click", (event) => {
  const fill = event.target.closest("[data-fill-target]");
  if (fill) {
    const input = document.getElementById(fill.dataset.fillTarget);
    input.value = fill.dataset.fillValue;
    input.focus();
    event.preventDefault();
    return;
  }
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

const rule = document.getElementById("due_rule");
if (rule) {
  const sync = () => {
    const absolute = rule.value === "absolute";
    document.getElementById("field-due_on").hidden = !absolute;
    document.getElementById("field-offset_days").hidden = absolute;
  };
  rule.addEventListener("change", sync);
  sync();
}
