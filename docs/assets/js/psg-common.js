/*
 * Helpers shared by the pages' own scripts (checklist.js, progress.js): `window.PSG`.
 * Load it before them (front matter `page_js`, in order).
 *
 * `PSG.answers` is the one copy of how answers are kept in this browser: one
 * localStorage entry per checklist item, under "psg-answers:<checklist>:<item>", holding
 * only known fields with non-default values. The answers file (export and import) uses
 * the same shape, under `FORMAT` and `VERSION`.
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

  // ---- Saved answers ----------------------------------------------------------------

  var PREFIX = "psg-answers:";
  var STATUS_VALUES = ["not-started", "in-progress", "in-place", "not-applicable"];
  var FIELDS = ["note", "blank", "owner", "due"];
  var ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
  var MAX_TEXT = 5000;

  var storage = (function () {
    try {
      window.localStorage.getItem(PREFIX);
      return window.localStorage;
    } catch (error) {
      return null; // storage turned off: the pages still work, answers are not kept
    }
  })();

  function isRecord(value) {
    return !!value && typeof value === "object" && !Array.isArray(value);
  }

  /** Keep only known fields with non-default values; null when nothing is left. */
  function clean(raw) {
    if (!isRecord(raw)) return null;
    var out = {};
    if (typeof raw.status === "string" && raw.status !== "not-started" && STATUS_VALUES.indexOf(raw.status) !== -1) {
      out.status = raw.status;
    }
    FIELDS.forEach(function (field) {
      if (typeof raw[field] === "string" && raw[field].trim() !== "") out[field] = raw[field].slice(0, MAX_TEXT);
    });
    return Object.keys(out).length ? out : null;
  }

  function keyFor(list, item) {
    return PREFIX + list + ":" + item;
  }

  /** One item's saved answer ({} when there is none). */
  function load(list, item) {
    if (!storage) return {};
    try {
      return clean(JSON.parse(storage.getItem(keyFor(list, item)))) || {};
    } catch (error) {
      return {};
    }
  }

  /** Save one item's answer (or remove it when nothing is left); never throws. */
  function save(list, item, answer) {
    if (!storage) return;
    var value = clean(answer);
    try {
      if (value) storage.setItem(keyFor(list, item), JSON.stringify(value));
      else storage.removeItem(keyFor(list, item));
    } catch (error) {
      // Storage full or refused: keep going with what is on screen.
    }
  }

  /** Every saved answer, as a file holds them: {checklist id: {item id: answer}}. */
  function all() {
    var out = {};
    if (!storage) return out;
    for (var i = 0; i < storage.length; i++) {
      var key = storage.key(i);
      if (!key || key.indexOf(PREFIX) !== 0) continue;
      var parts = key.slice(PREFIX.length).split(":");
      if (parts.length !== 2 || !ID.test(parts[0]) || !ID.test(parts[1])) continue;
      var answer = load(parts[0], parts[1]);
      if (Object.keys(answer).length) (out[parts[0]] = out[parts[0]] || {})[parts[1]] = answer;
    }
    return out;
  }

  /** Remove saved answers: every checklist's, or only those of `list`; returns how many. */
  function remove(list) {
    if (!storage) return 0;
    var scope = list ? PREFIX + list + ":" : PREFIX;
    var keys = [];
    for (var i = 0; i < storage.length; i++) {
      var key = storage.key(i);
      if (key && key.indexOf(scope) === 0) keys.push(key);
    }
    keys.forEach(function (key) {
      storage.removeItem(key);
    });
    return keys.length;
  }

  /** How many checklists and items a set of answers covers. */
  function count(answers) {
    var lists = Object.keys(answers);
    var items = lists.reduce(function (sum, list) {
      return sum + Object.keys(answers[list]).length;
    }, 0);
    return { lists: lists.length, items: items };
  }

  var answers = Object.freeze({
    PREFIX: PREFIX,
    FORMAT: "peer-support-guidance-answers",
    VERSION: 1,
    ID: ID,
    MAX_TEXT: MAX_TEXT,
    MAX_FILE: 1024 * 1024,
    storage: storage,
    isRecord: isRecord,
    clean: clean,
    key: keyFor,
    load: load,
    save: save,
    all: all,
    remove: remove,
    count: count,
  });

  // Each status an item can have → its label (the checklist pages' controls carry the
  // same, from ANSWER_STATUSES in psg/pages.py).
  var STATUSES = Object.freeze({
    "not-started": "Not started",
    "in-progress": "In progress",
    "in-place": "In place",
    "not-applicable": "Not applicable",
  });

  window.PSG = Object.freeze({ h: h, plural: plural, answers: answers, STATUSES: STATUSES });
})();
