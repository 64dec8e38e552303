/* The scanning page: poll every unfinished batch once a second; reload the page when they are all done. */
(function () {
  "use strict";
  const rows = Array.prototype.slice.call(document.querySelectorAll(".batch"));
  const open = rows.filter(function (r) { return r.dataset.status === "queued" || r.dataset.status === "running"; });
  if (!open.length) return;
  let pending = open.length;
  open.forEach(function (row) {
    const bar = row.querySelector("progress"), text = row.querySelector(".batch-text");
    function tick() {
      fetch(row.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); }).then(function (s) {
          bar.max = s.total || 1; bar.value = s.done;
          text.textContent = text.textContent.split(":")[0] + ": " + s.done + " / " + s.total + (s.message ? " · " + s.message : "");
          if (s.status === "done" || s.status === "failed") {
            pending -= 1;
            if (pending === 0) window.location.reload();
            return;
          }
          setTimeout(tick, 1000);
        }).catch(function () { setTimeout(tick, 3000); });
    }
    tick();
  });
})();
