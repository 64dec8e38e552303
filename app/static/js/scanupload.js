/* The scanning page's upload: the chosen files (or folder) go in requests of at most MAX_BYTES each, one
   batch per request, so a 600-ballot folder does not meet the server's body limit; then the page reloads and
   polls the batches. Without this script the form posts everything at once. The requests of one choice of
   files are one pile of paper: the first answer gives its stack number and the others join it (`pile`). */
(function () {
  "use strict";
  const form = document.getElementById("upload-form");
  if (!form || !window.fetch || !window.FormData) return;
  const status = document.getElementById("upload-status");
  //: what a scanner folder holds besides ballots (an index, a truth file, hidden files) is not sent
  const BALLOT = /^[^.].*\.(jpe?g|png|tiff?|bmp|webp|pdf)$/i;
  function chunks(files) {
    const MAX_BYTES = Number(form.dataset.maxBytes || 20 * 1024 * 1024);
    const out = [];
    let current = [], size = 0;
    files.forEach(function (f) {
      if (current.length && size + f.size > MAX_BYTES) { out.push(current); current = []; size = 0; }
      current.push(f); size += f.size;
    });
    if (current.length) out.push(current);
    return out;
  }
  form.addEventListener("submit", function (e) {
    const files = [];
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      Array.prototype.forEach.call(input.files, function (f) { if (BALLOT.test(f.name)) files.push(f); });
    });
    if (!files.length) return;  // the server says what is missing
    e.preventDefault();
    const groups = chunks(files);
    const token = form.querySelector("input[name=csrf_token]").value;
    let sent = 0, problems = [], pile = null;
    function next() {
      if (sent === groups.length) {
        if (problems.length) { status.textContent = problems.join(" "); status.className = "error"; }
        setTimeout(function () { window.location.reload(); }, problems.length ? 2500 : 0);
        return;
      }
      const body = new FormData();
      groups[sent].forEach(function (f) { body.append("files", f, f.webkitRelativePath || f.name); });
      if (pile !== null) body.append("pile", String(pile));
      status.textContent = "Đang tải lên " + (sent + 1) + " / " + groups.length + "…";
      fetch(form.action, { method: "POST", body: body, credentials: "same-origin",
                           headers: { "Accept": "application/json", "X-CSRFToken": token } })
        .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, status: r.status, body: b }; }); })
        .then(function (res) {
          if (!res.ok && res.status !== 409) problems.push(res.body.message || ("Lỗi " + res.status));
          if (res.ok && res.body.stack !== undefined && pile === null) pile = res.body.stack;
          sent += 1; next();
        }).catch(function () { problems.push("Mất kết nối khi tải lên."); sent += 1; next(); });
    }
    next();
  });
})();
