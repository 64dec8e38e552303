// The ward's TDP table: "Thêm dòng" adds an empty row here instead of reloading the page.
(function () {
  "use strict";
  var button = document.getElementById("add-row");
  var body = document.querySelector("#typed-table tbody");
  if (!button || !body) { return; }
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var last = body.querySelector("tr:last-child");
    var row = last.cloneNode(true);
    row.querySelectorAll("input").forEach(function (input) {
      input.value = "";
      input.removeAttribute("aria-invalid");
    });
    row.querySelectorAll(".error").forEach(function (p) { p.remove(); });
    var number = row.querySelector("th");
    if (number) { number.textContent = String(body.rows.length + 1); }
    body.appendChild(row);
    row.querySelector("input").focus();
  });
})();
