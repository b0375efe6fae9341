/*
 * The challenge and strategy table (browse/matrix, psg/templates/matrix.md.j2) scrolls
 * sideways inside its own region. Its hint, "Scroll sideways to see all 16 strategies",
 * is shown by default; this script hides it while the whole table fits, and shows it
 * again when the window narrows. A classic script, so it also runs from file://. That page
 * alone loads it, with assets/css/matrix.css (front matter `page_js`, `page_css`).
 */
(function () {
  "use strict";

  var regions = document.querySelectorAll("[data-psg-matrix]");
  if (!regions.length) {
    return;
  }

  function update() {
    for (var i = 0; i < regions.length; i++) {
      var region = regions[i];
      var hint = document.getElementById(region.getAttribute("data-psg-matrix-hint"));
      if (hint) {
        hint.hidden = region.scrollWidth <= region.clientWidth + 1;
      }
    }
  }

  update();
  window.addEventListener("resize", update);
})();
