/* Poll a background print job once a second until it is done or failed. */
(function () {
  "use strict";
  const root = document.getElementById("job");
  if (!root) return;
  const bar = document.getElementById("job-progress"), text = document.getElementById("job-text");
  const labels = { queued: "đang chờ", running: "đang in", done: "xong", failed: "lỗi" };
  function tick() {
    fetch(root.dataset.statusUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (s) {
      bar.max = s.total || 1; bar.value = s.done;
      text.textContent = s.done + " / " + s.total + " tệp · " + (labels[s.status] || s.status);
      document.getElementById("job-message").textContent = s.message || "";
      if (s.status === "done") {
        document.getElementById("job-download").hidden = false;
        if (!document.getElementById("job-summary")) window.location.reload();  // the summary per TDP
        return;
      }
      if (s.status !== "failed") setTimeout(tick, 1000);
    }).catch(function () { setTimeout(tick, 3000); });
  }
  tick();
})();
