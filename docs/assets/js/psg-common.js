/*
 * Helpers shared by the pages' own scripts (checklist.js, progress.js): `window.PSG`.
 * Load it before them (front matter `page_js`, in order). No state, no side effects.
 */
(function () {
  "use strict";

  /** Make an element: h("p", {class: "x"}, "text", child, ...). Strings become text. */
  function h(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (attrs[name] !== null && attrs[name] !== undefined) node.setAttribute(name, attrs[name]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  /** "1 item", "3 items". */
  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  window.PSG = Object.freeze({ h: h, plural: plural });
})();
