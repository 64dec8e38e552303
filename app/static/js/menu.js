/* The compact header on phones: the navigation folds behind one menu button (CSS decides the width). */
(function () {
  "use strict";
  const button = document.getElementById("menu-toggle");
  const bar = button && button.closest(".topbar");
  if (!bar) return;
  bar.classList.add("collapsible");  // without this script the navigation simply stays open
  button.hidden = false;
  button.addEventListener("click", function () {
    const open = bar.classList.toggle("open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
