/*
 * Search that forgives typos and spelling variants, and never leaves the reader at a
 * dead end. It wraps Material for MkDocs' own search (lunr, in a worker); nothing else.
 *
 *  - Typos: a query word that matches nothing in the search index is replaced by the
 *    nearest word of the site's vocabulary (search/vocabulary.js, built by
 *    psg/vocabulary.py from the guidance's own text, never its quotes), by
 *    Damerau–Levenshtein distance (optimal string alignment: swapping two neighbouring
 *    letters is one edit). Words of 4 letters or fewer are never corrected; words of 5
 *    to 7 letters allow 1 edit, longer words 2. A tie goes to the word used most often.
 *    The results say so ("Showing results for safeguarding (you typed safegaurding)"),
 *    with a link that searches for exactly what was typed.
 *  - Spelling variants: a word listed in guidance/spelling-variants.yml ("organization")
 *    is searched for in the guidance's own spelling ("organisation"), and so is its
 *    plural in "s".
 *  - No dead ends: when a search finds nothing, even after correction, the panel in
 *    partials/psg-search-help.html offers the browse routes, the checklists and the
 *    home page's tasks.
 *
 * How: Material's script sends each query to its search worker and shows whatever
 * results come back. This script runs before Material's and puts a stand-in in front of
 * that worker: queries are rewritten on their way in, and the results are annotated on
 * their way out. Served, the worker is a Web Worker; in the offline copy (file://) it is
 * the iframe-worker shim. Both are created through `Worker`, so both are wrapped alike.
 * The vocabulary is loaded as a script (file:// cannot fetch files), the first time
 * someone searches.
 *
 * Material 9.7.1 internals this relies on (tests/test_search_forgiving.py checks them):
 *  - its script creates the search worker with `new Worker(url)`, reading the global
 *    `Worker` at that moment, with the URL of assets/javascripts/workers/search.*.js;
 *  - it listens with addEventListener("message") and sends with postMessage;
 *  - the messages are {type: 0 (setup), data: {config: {separator, fields}, docs}},
 *    {type: 1 (ready)}, {type: 2 (query), data: "the query"} and
 *    {type: 3 (result), data: {items: [...]}}; the worker answers queries in order;
 *  - it shows every result message it receives, reading the query from the search box;
 *  - the results element [data-md-component="search-result"] holds
 *    .md-search-result__meta first and .md-search-result__list last, and leaves alone
 *    what is put between them;
 *  - while search is open, Tab closes it and the arrow keys move through the [href]
 *    elements of the results element; a click on a link inside search closes it.
 *
 * For tests, `window.psgSearch` exposes the pure functions (distance, allowedEdits,
 * nearest) and `correct(query)`, which uses the real index and vocabulary.
 */
(function () {
  "use strict";

  var SETUP = 0;
  var QUERY = 2;
  var RESULT = 3;
  var SEARCH_WORKER = /\/workers\/search\.[^/]*\.js(?:[?#]|$)/;
  var VOCABULARY_GLOBAL = "__psgVocabulary";
  var VOCABULARY_URL = new URL("../../search/vocabulary.js", document.currentScript.src).href;

  // ---- Words and distances (pure) -----------------------------------------------------

  /** How many edits a word of this many letters may be corrected by. */
  function allowedEdits(length) {
    if (length <= 4) return 0;
    return length <= 7 ? 1 : 2;
  }

  /**
   * Damerau–Levenshtein distance by optimal string alignment: insertions, deletions,
   * substitutions and swaps of two neighbouring letters each count as one edit. With a
   * limit, any distance above it is returned as limit + 1, found sooner.
   */
  function distance(a, b, limit) {
    var max = typeof limit === "number" ? limit : Infinity;
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var before = null;
    var previous = [];
    var j;
    for (j = 0; j <= b.length; j++) previous[j] = j;
    var previousLowest = 0;
    for (var i = 1; i <= a.length; i++) {
      var row = [i];
      var lowest = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, before[j - 2] + 1);
        }
        row[j] = value;
        if (value < lowest) lowest = value;
      }
      // Once two rows in a row are over the limit, every later value is too.
      if (lowest > max && previousLowest > max) return max + 1;
      before = previous;
      previous = row;
      previousLowest = lowest;
    }
    return Math.min(previous[b.length], max + 1);
  }

  /**
   * The vocabulary word nearest to `word` within its allowed edits, or null.
   * `entries` is a list of [word, times used]; a tie goes to the word used most often,
   * then to the first in alphabetical order. A word in the vocabulary is its own
   * nearest word. `accept(candidate)`, if given, must hold for the answer.
   */
  function nearest(word, entries, accept) {
    var limit = allowedEdits(word.length);
    if (!limit) return null;
    var best = null;
    var bestDistance = limit + 1;
    var bestCount = -1;
    for (var i = 0; i < entries.length; i++) {
      var candidate = entries[i][0];
      var count = entries[i][1];
      if (Math.abs(candidate.length - word.length) > limit) continue;
      var d = distance(word, candidate, limit);
      if (d > limit || d > bestDistance) continue;
      var better = d < bestDistance || count > bestCount || (count === bestCount && candidate < best);
      if (better && (!accept || accept(candidate))) {
        best = candidate;
        bestDistance = d;
        bestCount = count;
      }
    }
    return best;
  }

  /** The guidance's own spelling of a variant (or of its plural in "s"), or null. */
  function variantOf(word, variants) {
    var own = Object.prototype.hasOwnProperty;
    if (own.call(variants, word)) return variants[word];
    var singular = word.slice(0, -1);
    if (word.length > 3 && word.slice(-1) === "s" && own.call(variants, singular)) return variants[singular] + "s";
    return null;
  }

  /** Call `fix` on each word between separators; return the text with its answers. */
  function rewrite(text, separator, fix) {
    var pattern = new RegExp(separator.source, "g");
    var out = "";
    var index = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      if (match[0] === "") {
        pattern.lastIndex += 1;
        continue;
      }
      if (match.index > index) out += fix(text.slice(index, match.index));
      out += match[0];
      index = match.index + match[0].length;
    }
    return index < text.length ? out + fix(text.slice(index)) : out;
  }

  // ---- The index and the vocabulary ----------------------------------------------------

  var state = { setup: null, separator: /[\s\-]+/, terms: null, vocabulary: null, loading: null };
  var setupReceived;
  var whenSetup = new Promise(function (resolve) {
    setupReceived = resolve;
  });

  /** Keep what Material sends its worker to build the index: the documents and settings. */
  function receiveSetup(data) {
    if (!data || !data.config || !Array.isArray(data.docs)) return;
    state.setup = data;
    state.terms = null;
    try {
      state.separator = new RegExp(data.config.separator);
    } catch (error) {
      state.separator = /[\s\-]+/;
    }
    setupReceived();
  }

  /**
   * Every term in the index, sorted: each indexed field of each document, its markup
   * removed, split as lunr splits it, lowercased and trimmed. Built on the first search.
   */
  function indexTerms() {
    if (state.terms || !state.setup) return state.terms || [];
    var fields = Object.keys(state.setup.config.fields || { title: 1, text: 1, tags: 1 });
    var seen = new Set();
    state.setup.docs.forEach(function (doc) {
      fields.forEach(function (field) {
        var value = doc[field];
        if (value === undefined || value === null) return;
        var text = Array.isArray(value) ? value.join(" ") : String(value);
        text.replace(/<[^>]*>/g, " ").split(state.separator).forEach(function (token) {
          var term = typeof token === "string" ? token.toLowerCase().replace(/^\W+|\W+$/g, "") : "";
          if (term) seen.add(term);
        });
      });
    });
    state.terms = Array.from(seen).sort();
    return state.terms;
  }

  /** True if some index term starts with `word`: Material searches every word as a prefix. */
  function inIndex(word) {
    var terms = indexTerms();
    var low = 0;
    var high = terms.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (terms[middle] < word) low = middle + 1;
      else high = middle;
    }
    return low < terms.length && terms[low].lastIndexOf(word, 0) === 0;
  }

  /** Read the vocabulary script's data: {words: "word count\n…", variants: {…}}. */
  function parseVocabulary(data) {
    var entries = [];
    var lines = data && typeof data.words === "string" ? data.words.split("\n") : [];
    lines.forEach(function (line) {
      var space = line.lastIndexOf(" ");
      if (space > 0) entries.push([line.slice(0, space), parseInt(line.slice(space + 1), 10) || 0]);
    });
    var variants = data && data.variants && typeof data.variants === "object" ? data.variants : {};
    return { entries: entries, variants: variants };
  }

  /** Load search/vocabulary.js once; an empty vocabulary if it cannot be loaded. */
  function loadVocabulary() {
    if (!state.loading) {
      state.loading = new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = VOCABULARY_URL;
        script.onload = function () {
          resolve(parseVocabulary(window[VOCABULARY_GLOBAL]));
        };
        script.onerror = function () {
          resolve(parseVocabulary(null));
        };
        document.head.appendChild(script);
      }).then(function (vocabulary) {
        state.vocabulary = vocabulary;
        return vocabulary;
      });
    }
    return state.loading;
  }

  /**
   * Correct a query with the loaded index and vocabulary. Returns {query, changes}: the
   * query to search for, and each [typed word, replacement].
   */
  function correctNow(query) {
    var vocabulary = state.vocabulary || parseVocabulary(null);
    var changes = [];
    var inIndexWhole = function (candidate) {
      return candidate.split("-").every(function (part) {
        return part && inIndex(part);
      });
    };
    var corrected = rewrite(query, state.separator, function (token) {
      if (!/^[A-Za-z]+$/.test(token)) return token;
      var word = token.toLowerCase();
      var fixed = variantOf(word, vocabulary.variants);
      if (!fixed && !inIndex(word)) fixed = nearest(word, vocabulary.entries, inIndexWhole);
      if (!fixed || fixed === word) return token;
      changes.push([token, fixed]);
      return fixed;
    });
    return { query: corrected, changes: changes };
  }

  // ---- The stand-in worker ------------------------------------------------------------

  /**
   * Stands in front of Material's search worker. Queries pass through `search` in order;
   * each result goes back to Material with what was done to its query.
   */
  class ForgivingWorker extends EventTarget {
    constructor(worker) {
      super();
      this.worker = worker;
      this.jobs = [];
      this.queue = Promise.resolve();
      this.verbatim = null;
      this.onmessage = null;
      this.onerror = null;
      worker.addEventListener("message", this.receive.bind(this));
      worker.addEventListener("error", this.fail.bind(this));
    }

    postMessage(message) {
      if (message && message.type === SETUP) receiveSetup(message.data);
      if (message && message.type === QUERY && typeof message.data === "string") {
        this.search(message.data, false);
      } else {
        this.worker.postMessage(message);
      }
    }

    terminate() {
      this.worker.terminate();
    }

    /** Send a query, corrected unless `verbatim`; queries keep their order. */
    search(typed, verbatim) {
      if (verbatim) this.verbatim = typed;
      else if (typed !== this.verbatim) this.verbatim = null;
      var exact = verbatim || typed === this.verbatim || !typed.trim();
      var self = this;
      this.queue = this.queue
        .then(function () {
          return exact ? null : loadVocabulary();
        })
        .then(function () {
          var fixed = exact ? { query: typed, changes: [] } : correctNow(typed);
          return { typed: typed, query: fixed.query, changes: fixed.changes, worker: self };
        })
        .catch(function () {
          return { typed: typed, query: typed, changes: [], worker: self };
        })
        .then(function (job) {
          self.jobs.push(job);
          self.worker.postMessage({ type: QUERY, data: job.query });
        });
    }

    receive(event) {
      var data = event.data;
      var job = data && data.type === RESULT ? this.jobs.shift() : undefined;
      this.emit(new MessageEvent("message", { data: data }));
      if (job) showOutcome(job, data.data && Array.isArray(data.data.items) ? data.data.items : []);
    }

    fail(event) {
      this.emit(new ErrorEvent("error", { message: event.message, filename: event.filename, error: event.error }));
    }

    emit(event) {
      this.dispatchEvent(event);
      var handler = event.type === "message" ? this.onmessage : this.onerror;
      if (typeof handler === "function") handler.call(this, event);
    }
  }

  var NativeWorker = window.Worker;
  if (typeof NativeWorker === "function") {
    window.Worker = function Worker(url, options) {
      var worker = new NativeWorker(url, options);
      return SEARCH_WORKER.test(String(url)) ? new ForgivingWorker(worker) : worker;
    };
  }

  // ---- What the reader sees -------------------------------------------------------------

  var ui = null;

  /** Put the notice and the (hidden) no-results panel between Material's count and list. */
  function mountUi() {
    if (ui) return ui;
    var results = document.querySelector('[data-md-component="search-result"]');
    var list = results && results.querySelector(".md-search-result__list");
    if (!list) return null;
    var notice = document.createElement("div");
    notice.className = "psg-search-notice";
    notice.setAttribute("role", "status");
    notice.hidden = true;
    results.insertBefore(notice, list);
    var template = document.getElementById("psg-search-help");
    var help = template ? template.content.firstElementChild.cloneNode(true) : document.createElement("div");
    help.hidden = true;
    results.insertBefore(help, list);
    ui = { notice: notice, help: help, input: document.querySelector('[data-md-component="search-query"]') };
    return ui;
  }

  function emphasised(text) {
    var em = document.createElement("em");
    em.textContent = text;
    return em;
  }

  /** "Showing results for X (you typed Y). Search for Y instead", as a control. */
  function fillNotice(notice, job) {
    var typed = job.typed.trim();
    var para = document.createElement("p");
    para.append("Showing results for ", emphasised(job.query.trim()), " (you typed ", emphasised(typed), ").");
    var again = document.createElement("a");
    again.href = "#";
    again.setAttribute("role", "button");
    again.className = "psg-search-notice__verbatim";
    again.append("Search for ", emphasised(typed), " instead");
    var searchTyped = function (event) {
      event.preventDefault();
      event.stopPropagation(); // a click on a link inside search would close it
      job.worker.search(job.typed, true);
      if (ui.input) ui.input.focus();
    };
    again.addEventListener("click", searchTyped);
    again.addEventListener("keydown", function (event) {
      if (event.key === " ") searchTyped(event);
    });
    notice.replaceChildren(para, again);
  }

  /** After Material shows a result: say what was corrected, or offer a way on. */
  function showOutcome(job, items) {
    var view = mountUi();
    if (!view) return;
    var corrected = job.changes.length > 0 && items.length > 0;
    if (corrected) fillNotice(view.notice, job);
    else view.notice.replaceChildren();
    view.notice.hidden = !corrected;
    view.help.hidden = !(items.length === 0 && job.typed.trim() !== "");
  }

  // ---- For tests ----------------------------------------------------------------------

  window.psgSearch = {
    allowedEdits: allowedEdits,
    distance: distance,
    nearest: nearest,
    /** Resolves to {query, changes} once the index and the vocabulary are loaded. */
    correct: function (query) {
      return whenSetup.then(loadVocabulary).then(function () {
        return correctNow(query);
      });
    },
  };
})();
