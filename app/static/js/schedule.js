// The schedule table: Enter and the up/down arrows move to the same column of the next or previous TDP.
(function () {
  "use strict";
  var table = document.getElementById("schedule-table");
  if (!table) { return; }
  table.addEventListener("keydown", function (event) {
    var input = event.target;
    if (input.tagName !== "INPUT" || !input.dataset.col) { return; }
    var step = event.key === "ArrowDown" || event.key === "Enter" ? 1 : event.key === "ArrowUp" ? -1 : 0;
    if (!step) { return; }
    var cells = table.querySelectorAll('input[data-col="' + input.dataset.col + '"]');
    var index = Array.prototype.indexOf.call(cells, input) + step;
    if (index >= 0 && index < cells.length) {
      event.preventDefault();
      cells[index].focus();
      cells[index].select();
    } else if (event.key === "Enter" && step > 0) {
      event.preventDefault();  // Enter on the last row does not submit by surprise
    }
  });
})();
