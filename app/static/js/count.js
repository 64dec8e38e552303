/* Ballot entry from the keyboard alone: scan (a USB scanner types the QR text and Enter), then number
   keys strike or restore names, S/V/M mark a paper defect, Enter saves, Esc skips; the next scan
   starts at once. On a phone or tablet the same is done by touch: tap a name to strike it (tap again
   to keep it), tap S/V/M, Save or Skip. Over-marked and all-struck ballots are judged by the server
   from the names kept. */
(function () {
  "use strict";
  const root = document.getElementById("count");
  // Waiting for the zero report, or locked: the page says so and there is nothing to type into.
  if (!root || root.dataset.state !== "open") return;
  const scan = document.getElementById("scan"), message = document.getElementById("message");
  const card = document.getElementById("ballot"), list = document.getElementById("names");
  const verdict = document.getElementById("verdict");
  const candidates = JSON.parse(root.dataset.candidates);
  const seats = parseInt(root.dataset.seats, 10);
  const reasons = {};
  document.querySelectorAll("#reasons li").forEach(function (li) { reasons[li.dataset.key] = { code: li.dataset.code, label: li.textContent }; });
  const typedRow = document.getElementById("typed-row"), typedReason = document.getElementById("typed-reason");
  let current = null;  // {payload, struck: Set, reason, typed}
  let failedAt = 0;  // when the last error was shown: a marking key pressed just after it is a stray key
  // A phone's on-screen keyboard would cover the ballot: there the scan box is focused only when tapped.
  const touch = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;

  function say(text, kind) { message.textContent = text; message.className = "message " + (kind || ""); }
  // An error beeps and flashes the whole entry area: the clerk looks at the paper, not at the screen.
  function fail(text) {
    say(text, "bad"); window.Feedback.error(); failedAt = Date.now();
    root.classList.remove("flash-bad"); void root.offsetWidth; root.classList.add("flash-bad");
  }
  function post(url, body) {
    return fetch(url, { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
      body: JSON.stringify(body) }).then(function (r) {
        return r.json().catch(function () { return { ok: false, message: "Lỗi máy chủ (" + r.status + ")." }; });
      });
  }

  function render() {
    list.textContent = "";
    candidates.forEach(function (c, i) {
      const li = document.createElement("li"), button = document.createElement("button");
      const key = document.createElement("span"), name = document.createElement("span");
      const struck = current.struck.has(c.person_id);
      li.className = struck ? "struck" : "kept";
      button.type = "button"; button.className = "name"; button.dataset.index = i;
      button.setAttribute("aria-pressed", struck ? "true" : "false");
      button.title = struck ? "Đã gạch – chạm để giữ lại" : "Chạm để gạch tên này";
      key.className = "key"; key.textContent = (i + 1) + ".";
      name.textContent = c.name;
      button.append(key, name); li.appendChild(button); list.appendChild(li);
    });
    document.querySelectorAll("#reason-buttons button").forEach(function (b) {
      b.setAttribute("aria-pressed", current.reason === b.dataset.key ? "true" : "false");
    });
    const kept = candidates.length - current.struck.size;
    let text;
    if (current.reason) text = "Không hợp lệ: " + reasons[current.reason].label;
    else if (kept === 0) text = "Gạch hết tên: phiếu không hợp lệ";
    else if (kept > seats) text = "Giữ " + kept + " tên, quá " + seats + ": phiếu không hợp lệ";
    else text = "Hợp lệ: giữ " + kept + " tên";
    verdict.textContent = text;
    verdict.className = "verdict " + (current.reason || kept === 0 || kept > seats ? "bad" : "ok");
  }

  function reset() {
    current = null; burst = false; card.hidden = true; typedRow.hidden = true; scan.value = "";
    if (!touch) scan.focus();
  }
  // Strike or keep the n-th name (0-based), by number key or by tap; S/V/M toggle a paper defect.
  function toggle(n) {
    const id = candidates[n].person_id;
    if (current.struck.has(id)) current.struck.delete(id); else current.struck.add(id);
    render();
  }
  function toggleReason(key) { current.reason = current.reason === key ? null : key; render(); }
  function skip() { say("Đã bỏ qua phiếu này.", "info"); reset(); }
  // A tap or click on the ballot must not take the focus away from the scan box (the scanner types there).
  card.addEventListener("mousedown", function (e) { if (e.target.closest("button")) e.preventDefault(); });
  list.addEventListener("click", function (e) {
    const b = e.target.closest("button.name");
    if (b && current) toggle(parseInt(b.dataset.index, 10));
  });
  document.getElementById("reason-buttons").addEventListener("click", function (e) {
    const b = e.target.closest("button[data-key]");
    if (b && current) toggleReason(b.dataset.key);
  });
  document.getElementById("save-ballot").addEventListener("click", function () { if (current) save(); });
  document.getElementById("skip-ballot").addEventListener("click", function () { if (current) skip(); });

  document.getElementById("scan-form").addEventListener("submit", function (e) {
    e.preventDefault();
    let text = scan.value.trim();
    scan.value = "";  // empty at once: a fast scanner may type the next code before the answer comes back
    // A stray key pressed before a scan lands in front of the QR text: the code starts at "BC".
    const at = text.indexOf("BC1:");
    if (at > 0) text = text.slice(at);
    // An empty Enter, or a stray number key with no ballot open, does nothing (a code has 12 characters).
    if (/^[0-9\s]{0,3}$/.test(text)) return;
    check(text);
  });

  // One request per ballot (issue 15): the scan opens the ballot at once and the save is checked on the
  // server with the same refusals the separate check gave (already entered, forged, other TDP, test ballot).
  // A code a person typed from the paper (letters, digits, dashes; a QR text has colons) needs a reason.
  function check(payload) {
    if (!payload || current) return;
    const typed = /^[A-Za-z0-9 \-]{1,40}$/.test(payload);
    // The shape alone is checked here, at once (a wrong scan beeps before any marking); whether the code is
    // genuine, of this contest and not yet counted is the server's answer to the save.
    if (!typed && !/^BC1:[A-Z2-7]+:\d+:\d+:[TL]:[A-Z2-7]+:[A-Z2-7]+$/.test(payload.trim())) {
      fail("Không phải mã QR của phiếu bầu."); return;
    }
    if (!typed && payload.trim().split(":")[3] !== root.dataset.contest) {
      fail("Phiếu của cuộc bầu khác hoặc của tổ khác: để riêng, không nhập."); return;
    }
    current = { payload: payload, struck: new Set(), reason: null, typed: typed };
    card.hidden = false; typedRow.hidden = !typed; render();
    say((typed ? "Mã gõ tay " + payload + ": ghi lý do, " : "Đã quét phiếu: ") + "chạm vào tên bị gạch (hoặc bấm số) rồi Lưu (Enter).", "info");
  }

  function undo() {
    if (current) { fail("Hãy lưu (Enter) hoặc bỏ qua (Esc) phiếu đang mở trước khi hoàn tác."); return; }
    post(root.dataset.undoUrl, { pass: parseInt(root.dataset.pass, 10) }).then(function (r) {
      if (!r.ok) { fail(r.message); return; }
      say(r.message, "info");
      document.getElementById("returned").textContent = r.totals.returned;
      document.getElementById("valid").textContent = r.totals.valid;
      scan.focus();
    });
  }
  document.getElementById("undo").addEventListener("click", undo);

  // The laptop camera, for teams without a USB scanner.
  const camera = document.getElementById("camera");
  const scanner = window.CameraScanner(document.getElementById("camera-video"),
                                       document.getElementById("camera-canvas"), check);
  document.getElementById("camera-toggle").addEventListener("click", function () {
    if (scanner.running) { scanner.stop(); camera.hidden = true; scan.focus(); return; }
    camera.hidden = false;
    scanner.start().catch(function () {
      camera.hidden = true;
      say("Không mở được camera. Hãy dùng máy quét hoặc gõ mã phiếu in cạnh mã QR.", "bad");
    });
  });

  function save() {
    const kept = candidates.filter(function (c) { return !current.struck.has(c.person_id); }).map(function (c) { return c.person_id; });
    const body = { payload: current.payload, kept: kept, invalid_reason: current.reason ? reasons[current.reason].code : null,
                   pass: parseInt(root.dataset.pass, 10), typed_reason: current.typed ? typedReason.value : null };
    post(root.dataset.saveUrl, body).then(function (r) {
      if (!r.ok && r.code === "typed_reason_required") { fail(r.message); typedRow.hidden = false; typedReason.focus(); return; }
      if (!r.ok) { fail(r.message); reset(); return; }
      say("Mã phiếu " + r.serial + ": " + r.message, r.invalid ? "info" : "ok"); window.Feedback.ok();
      document.getElementById("returned").textContent = r.totals.returned;
      document.getElementById("valid").textContent = r.totals.valid;
      reset();
    });
  }

  // A scanner types fast and its codes start with letters that are no marking key. While a ballot is open,
  // such a burst is swallowed whole, Enter included, and nothing is saved: the open ballot keeps its marks.
  let burst = false;
  document.addEventListener("keydown", function (e) {
    const inVoidForm = e.target && e.target.closest && e.target.closest("#void");
    if ((e.ctrlKey || e.metaKey) && (e.key === "z" || e.key === "Z") && !inVoidForm && e.target !== typedReason) {
      e.preventDefault(); undo(); return;
    }
    if (!current || inVoidForm) return;
    if (e.target === typedReason) {  // the clerk edits the reason; Enter still saves
      if (e.key === "Enter") { e.preventDefault(); save(); }
      return;
    }
    if (burst) {
      e.preventDefault();
      if (e.key === "Enter") {
        burst = false;
        fail("Phiếu đang mở chưa được lưu: hãy nhấn Enter để lưu (hoặc Esc để bỏ qua) rồi mới quét phiếu tiếp.");
      }
      return;
    }
    if (e.key.length === 1 && /[^0-9]/.test(e.key) && !reasons[e.key.toUpperCase()]) {
      e.preventDefault(); burst = true; return;
    }
    if (e.key === "Enter") { e.preventDefault(); save(); return; }
    if (e.key === "Escape") { e.preventDefault(); skip(); return; }
    const n = parseInt(e.key, 10);
    if (n >= 1 && n <= candidates.length) { e.preventDefault(); toggle(n - 1); return; }
    const key = e.key.toUpperCase();
    if (reasons[key]) { e.preventDefault(); toggleReason(key); }
  });
  scan.addEventListener("keydown", function (e) {
    if (current && e.key !== "Enter" && e.key !== "Escape") { e.preventDefault(); return; }
    // Just after an error the clerk's eyes are on the paper: a marking key meant for the refused ballot
    // must not land in the empty scan box and spoil the next scan.
    const n = parseInt(e.key, 10);
    if (!current && !scan.value && n >= 1 && n <= candidates.length && Date.now() - failedAt < 5000) {
      e.preventDefault();
      say("Không có phiếu nào đang mở: phím " + e.key + " không được tính. Hãy quét phiếu tiếp theo "
          + "(nếu đang gõ mã phiếu, hãy gõ lại từ đầu).", "bad");
    }
  });
})();
