/* Refresh the projector board every 1.5 s: bars scaled to the whole electorate, the winning line marked. */
(function () {
  "use strict";
  const root = document.getElementById("board");
  function paint(d) {
    document.getElementById("counted").textContent = d.counted;
    document.getElementById("present").textContent = d.present;
    document.getElementById("electorate").textContent = d.electorate;
    document.getElementById("threshold").textContent = d.threshold === null ? "–" : d.threshold;
    document.getElementById("test-banner").hidden = !d.rehearsal;
    const scale = Math.max(d.electorate, 1);
    d.candidates.forEach(function (c) {
      const li = document.querySelector('#rows li[data-id="' + c.id + '"]');
      if (!li) return;
      li.querySelector(".votes").textContent = c.votes;
      li.querySelector(".pct").textContent = c.percent.toFixed(2).replace(".", ",") + "%";
      li.querySelector(".fill").style.width = (100 * c.votes / scale) + "%";
      li.querySelector(".mark").style.left = d.threshold === null ? "-10px" : (100 * d.threshold / scale) + "%";
      li.classList.toggle("passed", c.passed);
    });
  }
  function tick() {
    fetch(root.dataset.url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(paint)
      .catch(function () {}).finally(function () { setTimeout(tick, 1500); });
  }
  tick();
})();
