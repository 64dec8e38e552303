/* Camera QR scanning with the vendored jsQR decoder; a USB scanner needs none of this (it types). */
(function () {
  "use strict";
  window.CameraScanner = function (video, canvas, onCode) {
    let stream = null, running = false, last = "", lastAt = 0;
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    function frame() {
      if (!running) return;
      if (video.readyState === video.HAVE_ENOUGH_DATA) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
        const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
        const code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        const now = Date.now();
        if (code && code.data && (code.data !== last || now - lastAt > 3000)) {
          last = code.data; lastAt = now;
          onCode(code.data);
        }
      }
      requestAnimationFrame(frame);
    }
    return {
      start: function () {
        if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
          return Promise.reject(new Error("no camera"));
        }
        return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
          stream = s; video.srcObject = s; running = true;
          return video.play().then(function () { requestAnimationFrame(frame); });
        });
      },
      stop: function () {
        running = false;
        if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
        stream = null;
      },
      get running() { return running; },
    };
  };
})();
