/* The sign-in desk: Enter signs in a code, a scanned invitation or a unique name; several matches
   become a list chosen with ↑ ↓ and Enter; Esc clears. Counts refresh every 2 s for every desk. */
(function () {
  "use strict";
  const root = document.getElementById("signin");
  if (!root) return;
  const $ = function (id) { return document.getElementById(id); };
  const entry = $("entry"), message = $("message"), matches = $("matches");
  const writable = root.dataset.writable === "1";
  let choices = [], selected = -1, busy = false;

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
      body: JSON.stringify(body),
    }).then(function (r) {
      if (r.status === 403) return { status: "error", message: "Bạn không có quyền điểm danh cho tổ này." };
      return r.json().catch(function () { return { status: "error", message: "Lỗi máy chủ (" + r.status + ")." }; });
    });
  }

  function say(text, kind) {
    message.textContent = text;
    message.className = "message " + (kind || "");
  }

  function showSummary(s) {
    if (!s) return;
    $("present").textContent = s.present;
    $("electorate").textContent = s.electorate;
    const line = $("quorum-line");
    const template = s.reached ? line.dataset.reached : line.dataset.missing;
    line.textContent = template.replace("{needed}", s.needed).replace("{missing}", s.missing);
    $("quorum").classList.toggle("reached", s.reached);
  }

  function showRecent(rows) {
    const body = $("recent").tBodies[0];
    body.textContent = "";
    rows.forEach(function (r) {
      const tr = document.createElement("tr");
      tr.dataset.household = r.household_id;
      [r.time, r.code, r.name].forEach(function (v, i) {
        const td = document.createElement("td");
        td.textContent = v;
        if (i === 1) td.className = "mono";
        tr.appendChild(td);
      });
      const td = document.createElement("td");
      td.className = "no-print";
      tr.appendChild(td); body.appendChild(tr);
      if (!writable) return;
      const b = document.createElement("button");
      b.type = "button"; b.className = "link undo"; b.textContent = "Hủy";
      b.dataset.household = r.household_id; b.dataset.code = r.code; b.dataset.name = r.name;
      td.appendChild(b);
    });
  }

  function clearChoices() {
    choices = []; selected = -1;
    matches.hidden = true; matches.textContent = "";
  }

  function renderChoices() {
    matches.textContent = "";
    choices.forEach(function (m, i) {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "match-" + i;
      li.setAttribute("aria-selected", i === selected ? "true" : "false");
      li.textContent = m.code + " – " + m.name + (m.address ? " – " + m.address : "") + (m.present ? " (đã điểm danh)" : "");
      if (m.present) li.classList.add("present");
      li.addEventListener("click", function () { pick(i); });
      matches.appendChild(li);
    });
    matches.hidden = choices.length === 0;
    if (selected >= 0) entry.setAttribute("aria-activedescendant", "match-" + selected);
  }

  function handle(result) {
    showSummary(result.summary);
    if (result.status === "ok") {
      say(result.message, "ok"); window.Feedback.ok();
      clearChoices(); entry.value = ""; poll();
    } else if (result.status === "choose") {
      choices = result.matches; selected = 0; renderChoices();
      say(result.message, "info");
    } else {
      say(result.message, "bad"); window.Feedback.error();
      clearChoices(); entry.select();
    }
  }

  function submit(body) {
    if (busy) return;
    busy = true;
    post(root.dataset.postUrl, body).then(handle).finally(function () { busy = false; entry.focus(); });
  }

  function pick(i) {
    const m = choices[i];
    if (!m) return;
    submit({ household_id: m.household_id });
  }

  if (writable) $("entry-form").addEventListener("submit", function (e) {
    e.preventDefault();
    if (choices.length && selected >= 0) { pick(selected); return; }
    submit({ entry: entry.value });
  });
  if (writable) entry.addEventListener("input", function () {
    if (choices.length) clearChoices();
    if (message.classList.contains("bad")) say("");  // a stale error goes as soon as the clerk types again
  });
  if (writable) entry.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { entry.value = ""; clearChoices(); say(""); return; }
    if (!choices.length) return;
    if (e.key === "ArrowDown") { selected = Math.min(choices.length - 1, selected + 1); renderChoices(); e.preventDefault(); }
    if (e.key === "ArrowUp") { selected = Math.max(0, selected - 1); renderChoices(); e.preventDefault(); }
  });

  // Undo, with a reason, from the list of recent sign-ins.
  const dialog = $("undo-dialog");
  let undoing = null;
  $("recent").addEventListener("click", function (e) {
    const b = e.target.closest("button.undo");
    if (!b) return;
    undoing = b.dataset.household;
    $("undo-code").textContent = b.dataset.code;
    $("undo-name").textContent = b.dataset.name ? "– " + b.dataset.name : "";
    $("undo-reason").value = "";
    dialog.showModal();
  });
  dialog.addEventListener("close", function () {
    if (dialog.returnValue === "confirm" && undoing) {
      post(root.dataset.undoUrl, { household_id: undoing, reason: $("undo-reason").value }).then(function (r) {
        showSummary(r.summary);
        say(r.message, r.status === "ok" ? "ok" : "bad");
        poll();
      });
    }
    undoing = null; entry.focus();
  });

  // Camera scanning.
  const scanner = writable && window.CameraScanner($("camera-video"), $("camera-canvas"), function (text) {
    submit({ entry: text });
  });
  if (writable) $("camera-toggle").addEventListener("click", function () {
    if (scanner.running) { scanner.stop(); $("camera").hidden = true; entry.focus(); return; }
    $("camera").hidden = false;
    scanner.start().catch(function () {
      $("camera").hidden = true;
      say("Không mở được camera. Hãy dùng máy quét hoặc gõ mã hộ.", "bad");
    });
  });

  // Keep every desk in step.
  function poll() {
    fetch(root.dataset.pollUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
      showSummary(d.summary); showRecent(d.recent);
      if (d.locked && writable) window.location.reload();  // the count was locked meanwhile: show the closed desk
    }).catch(function () {});
  }
  setInterval(poll, 2000);
})();
