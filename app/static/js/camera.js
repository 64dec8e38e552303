/* Chụp ảnh phiếu: the rear camera with a framing guide. Every `data-interval` ms a downscaled frame goes to the
   probe, which answers which of the four corner marks it sees; when all four are seen twice in a row the
   full-resolution frame is posted to the reader's upload, and each photo's outcome is listed. After a photo the
   page waits for the ballot to leave the frame before it fires again. "Chụp" takes a photo at once. The papers
   photographed on this page make one pile (xấp), whose number the page shows once the first photo is sent. */
(function () {
  "use strict";
  const root = document.getElementById("capture");
  if (!root) return;
  const labels = document.getElementById("capture-labels").dataset;
  const video = document.getElementById("capture-video");
  const canvas = document.getElementById("capture-canvas");
  const guide = document.getElementById("guide");
  const stage = guide.parentNode;
  const statusLine = document.getElementById("capture-status");
  const cornersLine = document.getElementById("corners");
  const shot = document.getElementById("capture-shot");
  const start = document.getElementById("capture-start");
  const list = document.getElementById("captures");
  const pileNote = document.getElementById("capture-pile");
  const interval = parseInt(root.dataset.interval, 10) || 400;
  const PROBE_SIDE = 960, STEADY = 2;
  let stream = null, timer = null, probing = false, sending = false, armed = true, steady = 0, photos = 0;
  //: the stack number of this page's pile: the first photo's upload opens it, the next ones join it
  let pile = null;

  function say(text) { statusLine.textContent = text; }

  function csrfHeaders(extra) {
    return Object.assign({ "X-CSRFToken": root.dataset.csrf, "Accept": "application/json" }, extra || {});
  }

  function frameBlob(maxSide, quality) {
    const w = video.videoWidth, h = video.videoHeight;
    const scale = Math.min(1, maxSide / Math.max(w, h));
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", quality); });
  }

  function showCorners(found, centres) {
    guide.querySelectorAll(".corner").forEach(function (el) {
      el.classList.toggle("seen", found.indexOf(parseInt(el.dataset.id, 10)) >= 0);
    });
    // where each mark was seen, over the picture
    stage.querySelectorAll(".mark").forEach(function (el) { el.remove(); });
    Object.keys(centres || {}).forEach(function (id) {
      const dot = document.createElement("span");
      dot.className = "mark";
      dot.dataset.id = id;
      dot.style.left = (100 * centres[id][0]) + "%";
      dot.style.top = (100 * centres[id][1]) + "%";
      stage.appendChild(dot);
    });
    guide.classList.toggle("ready", found.length === 4);
    cornersLine.textContent = found.length + "/4";
  }

  function probe() {
    if (probing || sending || !stream || video.readyState < video.HAVE_CURRENT_DATA || !video.videoWidth) return;
    probing = true;
    frameBlob(PROBE_SIDE, 0.8).then(function (blob) {
      const body = new FormData();
      body.append("frame", blob, "frame.jpg");
      return fetch(root.dataset.probeUrl, { method: "POST", body: body, headers: csrfHeaders(), credentials: "same-origin" });
    }).then(function (response) {
      return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
    }).then(function (result) {
      if (!result.ok) { say(labels.probeFailed.replace("{e}", result.answer.message || "")); steady = 0; return; }
      const found = result.answer.found || [];
      showCorners(found, result.answer.centres);
      if (result.answer.ready) {
        steady += 1;
        if (!armed) { say(labels.next); return; }
        say(labels.seen);
        if (steady >= STEADY) capture(true);
      } else {
        steady = 0;
        if (found.length < 3) armed = true;  // the last ballot has left the frame: the next one may fire
        say(armed ? labels.aim.replace("{n}", found.length) : labels.next);
      }
    }).catch(function (error) {
      say(labels.probeFailed.replace("{e}", error.message));
    }).finally(function () { probing = false; });
  }

  function show(item, kind, text) {
    item.className = kind;
    item.dataset.status = kind;
    item.querySelector(".outcome").textContent = text;
  }

  function follow(item, batch, tries) {
    if (tries <= 0) return;
    setTimeout(function () {
      const url = root.dataset.outcomeUrl.replace(/\/0\.json$/, "/" + batch + ".json");
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (answer) {
          const image = (answer.images || [])[0];
          if (image) show(item, image.kind, image.text);
          if (answer.done && !image) show(item, "failed", answer.message || labels.failed);
          if (!answer.done || (image && image.kind === "pending")) follow(item, batch, tries - 1);
        })
        .catch(function () { follow(item, batch, tries - 1); });
    }, 500);
  }

  function capture(auto) {
    if (sending || !stream || !video.videoWidth) return;
    sending = true; armed = false; steady = 0;
    photos += 1;
    const item = document.createElement("li");
    item.innerHTML = '<span class="name"></span> <span class="outcome"></span>';
    item.querySelector(".name").textContent = labels.photo + " " + photos + (auto ? "" : " (" + shot.textContent.trim() + ")");
    item.querySelector(".outcome").textContent = labels.sending;
    item.className = "pending";
    item.dataset.status = "pending";
    list.prepend(item);
    say(labels.sending);
    frameBlob(100000, 0.92).then(function (blob) {
      const body = new FormData();
      body.append("files", blob, "anh-" + photos + ".jpg");
      if (pile !== null) body.append("pile", String(pile));  // every photo of this page goes on one pile
      return fetch(root.dataset.uploadUrl, { method: "POST", body: body, headers: csrfHeaders(), credentials: "same-origin" });
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok || answer.batch === undefined) {
          show(item, "failed", labels.failed + ": " + (answer.message || response.status));
          return;
        }
        item.dataset.batch = String(answer.batch);
        if (pile === null && answer.stack !== undefined && answer.stack !== null) {
          pile = answer.stack;
          pileNote.textContent = labels.pile.replace("{k}", String(pile));
          pileNote.hidden = false;
        }
        show(item, "pending", labels.pending);
        follow(item, answer.batch, 240);
      });
    }).catch(function (error) {
      show(item, "failed", labels.failed + ": " + error.message);
    }).finally(function () {
      sending = false;
      say(labels.next);
    });
  }

  function open() {
    say(labels.starting);
    start.hidden = true;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say(labels.noCamera.replace("{e}", "getUserMedia"));
      start.hidden = false;
      return;
    }
    navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: "environment" }, width: { ideal: 1920 }, height: { ideal: 1080 } },
    }).then(function (s) {
      stream = s;
      video.srcObject = s;
      return video.play();
    }).then(function () {
      // the A5 guide lies the way the picture does: a phone held sideways frames the page sideways
      guide.classList.toggle("landscape", video.videoWidth > video.videoHeight);
      shot.disabled = false;
      say(labels.aim.replace("{n}", 0));
      timer = setInterval(probe, interval);
    }).catch(function (error) {
      say(labels.noCamera.replace("{e}", error.message || error.name));
      start.hidden = false;
    });
  }

  shot.addEventListener("click", function () { capture(false); });
  start.addEventListener("click", open);
  window.addEventListener("pagehide", function () {
    if (timer) clearInterval(timer);
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
  });
  open();
})();
