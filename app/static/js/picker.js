/* The pick-a-resident field: type part of a name or code without diacritics, choose with ↑ ↓ and Enter
   (or a click); the field gets the household code. The same folding as the sign-in desk's search. */
(function () {
  "use strict";
  const MAX = 8;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  document.querySelectorAll("input[data-picker]").forEach(function (input) {
    const list = document.getElementById(input.dataset.picker);
    if (!list) return;
    const items = Array.prototype.slice.call(list.querySelectorAll("li"));
    let shown = [], selected = -1;

    function close() {
      list.hidden = true; shown = []; selected = -1;
      input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
    }

    function mark() {
      shown.forEach(function (li, i) { li.setAttribute("aria-selected", i === selected ? "true" : "false"); });
      if (selected >= 0) input.setAttribute("aria-activedescendant", shown[selected].id);
    }

    function filter() {
      const words = fold(input.value).split(/\s+/).filter(Boolean);
      shown = [];
      items.forEach(function (li) {
        const hit = words.length > 0 && shown.length < MAX && words.every(function (w) { return li.dataset.fold.indexOf(w) >= 0; });
        li.hidden = !hit;
        if (hit) shown.push(li);
      });
      selected = shown.length ? 0 : -1;
      list.hidden = shown.length === 0;
      input.setAttribute("aria-expanded", shown.length ? "true" : "false");
      mark();
    }

    function pick(li) {
      input.value = li.dataset.code;
      close();
      input.focus();
    }

    input.addEventListener("input", filter);
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { selected = Math.min(shown.length - 1, selected + 1); mark(); e.preventDefault(); }
      else if (e.key === "ArrowUp") { selected = Math.max(0, selected - 1); mark(); e.preventDefault(); }
      else if (e.key === "Enter" && selected >= 0) { pick(shown[selected]); e.preventDefault(); }
      else if (e.key === "Escape") { close(); }
    });
    items.forEach(function (li) {
      li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(li); });
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  });
})();
