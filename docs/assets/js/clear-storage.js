/*
 * "Clear everything this site stored", on the privacy page (docs/privacy.md): every
 * checklist's answers and the colour scheme. (Clearing only checklist answers, for one
 * checklist or for all, is in checklist.js.)
 *
 * Removes, from this browser's localStorage and sessionStorage, every key this site
 * writes, and nothing else (another site can share the same origin, and every page
 * opened from file:// shares one):
 *  - Material for MkDocs' keys, such as the colour scheme: they start with the site's
 *    address path and a dot, for example "/.__palette";
 *  - this site's own keys, such as checklist answers: they start with "psg".
 * Without JavaScript nothing is stored, so the control stays hidden.
 * Only the privacy page loads this script (its front matter, `page_js`).
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-psg-clear-storage]");
  if (!root) {
    return;
  }
  var button = root.querySelector("button");
  var status = root.querySelector("[role=status]");

  function ownKey(key) {
    var scope = window.__md_scope ? window.__md_scope.pathname + "." : null;
    return (scope !== null && key.indexOf(scope) === 0) || /^psg/i.test(key);
  }

  function clear(name) {
    var removed = 0;
    try {
      var storage = window[name];
      for (var i = storage.length - 1; i >= 0; i--) {
        var key = storage.key(i);
        if (key !== null && ownKey(key)) {
          storage.removeItem(key);
          removed += 1;
        }
      }
    } catch (error) {
      // Storage can be turned off in the browser; then there is nothing to clear.
    }
    return removed;
  }

  button.addEventListener("click", function () {
    var removed = clear("localStorage") + clear("sessionStorage");
    status.textContent =
      removed === 0
        ? "This site had nothing stored in this browser."
        : "Done: this site's " + removed + (removed === 1 ? " stored item was" : " stored items were") +
          " removed from this browser, including your answers to every checklist. The colour scheme goes back to your device's setting on the next page you open.";
  });

  root.hidden = false;
})();
