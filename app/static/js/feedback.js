/* Distinct sounds for accepted and refused entries at a busy desk (Web Audio; no sound files). */
(function () {
  "use strict";
  let ctx = null;
  function tone(freqs, duration) {
    try {
      ctx = ctx || new (window.AudioContext || window.webkitAudioContext)();
      const gain = ctx.createGain();
      gain.gain.value = 0.08;
      gain.connect(ctx.destination);
      freqs.forEach(function (f, i) {
        const osc = ctx.createOscillator();
        osc.frequency.value = f;
        osc.connect(gain);
        osc.start(ctx.currentTime + i * duration);
        osc.stop(ctx.currentTime + (i + 1) * duration);
      });
    } catch (e) { /* no audio device: the colour still tells */ }
  }
  window.Feedback = {
    ok: function () { tone([880], 0.09); },
    error: function () { tone([220, 180], 0.14); },
  };
})();
