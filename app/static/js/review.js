/* The review grid: decide the focused tile by keyboard (G struck, K not struck, V invalid ballot), move with
   arrows or Tab. Each decision is one POST; the tile shows what was decided and focus moves to the next. */
(function () {
  "use strict";
  const grid = document.getElementById("review-grid");
  if (!grid) return;
  const message = document.getElementById("review-message");
  const tiles = Array.prototype.slice.call(grid.querySelectorAll(".review-tile"));
  const words = { struck: "G · gạch", untouched: "K · giữ", invalid: "V · không hợp lệ", ok: "K · không sao" };
  function open() { return tiles.filter(function (t) { return !t.classList.contains("done"); }); }
  function move(from, step) {
    const i = tiles.indexOf(from);
    for (let j = i + step; j >= 0 && j < tiles.length; j += step) {
      if (!tiles[j].classList.contains("done")) { tiles[j].focus(); return; }
    }
    const left = open();
    if (left.length) left[0].focus();
  }
  function decide(tile, decision) {
    if (tile.classList.contains("done") || tile.dataset.busy) return;
    tile.dataset.busy = "1";
    fetch(grid.dataset.url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": grid.dataset.csrf },
      body: JSON.stringify({ image: tile.dataset.image, item: tile.dataset.item, decision: decision })
    }).then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); }).then(function (res) {
      delete tile.dataset.busy;
      if (!res.ok) { message.textContent = res.body.message || "Lỗi"; message.className = "error"; return; }
      tile.classList.add("done");
      tile.dataset.decision = decision;
      tile.querySelector(".decision").textContent = words[decision] || decision;
      if (res.body.status !== "review") {  // the ballot is decided: its other tiles are no longer open
        tiles.forEach(function (t) { if (t.dataset.image === tile.dataset.image) t.classList.add("done"); });
      }
      message.className = res.body.status === "refused" ? "error" : "";
      message.textContent = res.body.status === "entered" ? "Phiếu đã vào số liệu (lượt 1)." :
        (res.body.message || "");
      const left = open().length;
      grid.dataset.open = String(left);
      if (!left) { message.textContent += " Đã xem hết."; return; }
      move(tile, 1);
    }).catch(function () { delete tile.dataset.busy; message.textContent = "Mất kết nối, thử lại."; });
  }
  grid.addEventListener("keydown", function (e) {
    const tile = e.target.closest(".review-tile");
    if (!tile || e.ctrlKey || e.metaKey || e.altKey) return;
    const key = e.key.toUpperCase();
    const outside = tile.dataset.item === "outside";
    if (grid.dataset.can === "1") {
      if (key === "G" && !outside) { e.preventDefault(); decide(tile, "struck"); return; }
      if (key === "K") { e.preventDefault(); decide(tile, outside ? "ok" : "untouched"); return; }
      if (key === "V") { e.preventDefault(); decide(tile, "invalid"); return; }
    }
    if (e.key === "ArrowRight" || e.key === "ArrowDown") { e.preventDefault(); move(tile, 1); }
    if (e.key === "ArrowLeft" || e.key === "ArrowUp") { e.preventDefault(); move(tile, -1); }
  });
  grid.dataset.open = String(tiles.length);
  if (tiles.length) tiles[0].focus();
})();
