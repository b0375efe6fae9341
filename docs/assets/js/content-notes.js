/*
 * Content notes: quotes that may distress sit behind a <details> disclosure
 * (psg/templates/_quote.md.j2). Printing opens every closed disclosure, so the printed
 * page holds every quote, and closes them again afterwards. assets/css/site.css does the
 * same for browsers that can style a disclosure's contents in print. Only the pages with
 * such quotes load this script (front matter `page_js`, psg/templates/_content_notes.md.j2).
 */
(function () {
  "use strict";

  var opened = [];

  window.addEventListener("beforeprint", function () {
    var closed = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < closed.length; i++) {
      closed[i].open = true;
      opened.push(closed[i]);
    }
  });

  window.addEventListener("afterprint", function () {
    while (opened.length) {
      opened.pop().open = false;
    }
  });
})();
