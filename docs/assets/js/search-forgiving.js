/*
 * Forgiving search, second part: corrections, spelling variants, and what the reader
 * sees. Loaded by search.js (with search/vocabulary.js) when the reader first goes to
 * the search box; search.js hands it each query and each result.
 *
 *  - Typos: a query word that matches nothing in the search index (Material searches
 *    every word as a prefix) is replaced by the nearest word of the vocabulary, built
 *    by psg/vocabulary.py from the guidance's own text, never its quotes. Nearest is by
 *    Damerau–Levenshtein distance (optimal string alignment: swapping two neighbouring
 *    letters is one edit). Words of 4 letters or fewer are never corrected; words of 5
 *    to 7 letters allow 1 edit, longer words 2. A tie goes to the word used most often,
 *    then to the first in alphabetical order. Only a word that is in the index is
 *    offered, so a correction always finds something.
 *  - Spelling variants: a word listed in guidance/spelling-variants.yml, or its plural
 *    in "s", is searched for in the guidance's own spelling, found in the index or not.
 *  - The notice "Showing results for safeguarding (you typed safegaurding)", with a
 *    control that searches for exactly what was typed; and, when nothing matches even
 *    after correction, the no-results panel (partials/psg-search-help.html).
 *
 * Material 9.8.1 internals relied on, here and in search.js (tests/test_search_forgiving.py
 * checks each):
 *  - its script makes the search worker with `new Worker(url)`, reading the global
 *    `Worker` then, with url …/workers/search.*.js, and listens to it with
 *    addEventListener("message");
 *  - the messages: {type: 0, data: {config, docs}} (set up), {type: 1} (ready),
 *    {type: 2, data: "query"} and {type: 3, data: {items}} (result). The worker answers
 *    queries in order, one result each; Material shows every result it receives, with
 *    the query read from the search box;
 *  - in the set-up message, config.separator (how lunr splits text) and config.fields
 *    (the indexed fields of each document in docs);
 *  - the search box is [data-md-component="search-query"]; the results element
 *    [data-md-component="search-result"] holds .md-search-result__meta first and
 *    .md-search-result__list last, and leaves alone what is put between them;
 *  - while search is open, Tab closes it and the arrow keys move through the [href]
 *    elements of the results element; a click on a link inside search closes it;
 *  - each result's tags are a nav.md-tags inside .md-search-result__list.
 */
(function () {
  "use strict";

  var VOCABULARY_GLOBAL = "__psgVocabulary";
  var state = { setup: null, separator: /[\s\-]+/, terms: null, vocabulary: null };

  // ---- Words and distances (pure) -----------------------------------------------------

  /** How many edits a word of this many letters may be corrected by. */
  function allowedEdits(length) {
    if (length <= 4) return 0;
    return length <= 7 ? 1 : 2;
  }

  /**
   * Damerau–Levenshtein distance by optimal string alignment. With a limit, any
   * distance above it is returned as limit + 1, and found sooner.
   */
  function distance(a, b, limit) {
    var max = typeof limit === "number" ? limit : Infinity;
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var before = null;
    var previous = [];
    var previousLowest = 0;
    var j;
    for (j = 0; j <= b.length; j++) previous[j] = j;
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
      // Once two rows running are over the limit, every later value is too.
      if (lowest > max && previousLowest > max) return max + 1;
      before = previous;
      previous = row;
      previousLowest = lowest;
    }
    return Math.min(previous[b.length], max + 1);
  }

  /**
   * The vocabulary word nearest to `word` within its allowed edits, or null. `entries`
   * is a list of [word, times used]. A word in the vocabulary is its own nearest word.
   * `accept(candidate)`, if given, must hold for the answer.
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
    var singular = word.slice(0, -1);
    if (own.call(variants, word)) return variants[word];
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

  /** Keep what Material sent its worker to build the index, and read the index's words. */
  function setup(data) {
    if (!data || !data.config || !Array.isArray(data.docs) || data === state.setup) return;
    state.setup = data;
    state.terms = null;
    try {
      state.separator = new RegExp(data.config.separator);
    } catch (error) {
      state.separator = /[\s\-]+/;
    }
    indexTerms();
  }

  /**
   * Every term in the index, sorted: each indexed field of each document, markup
   * removed, split as lunr splits it, lowercased and trimmed.
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

  /** True if some index term starts with `word`. */
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

  /** True if every part of a (possibly hyphenated) word is in the index. */
  function wholeInIndex(candidate) {
    return candidate.split("-").every(function (part) {
      return part !== "" && inIndex(part);
    });
  }

  /** The vocabulary: {entries: [[word, times used], …], variants: {other: ours}}. */
  function vocabulary() {
    if (state.vocabulary) return state.vocabulary;
    var data = window[VOCABULARY_GLOBAL];
    var entries = [];
    (data && typeof data.words === "string" ? data.words.split("\n") : []).forEach(function (line) {
      var space = line.lastIndexOf(" ");
      if (space > 0) entries.push([line.slice(0, space), parseInt(line.slice(space + 1), 10) || 0]);
    });
    var variants = data && data.variants && typeof data.variants === "object" ? data.variants : {};
    if (data) state.vocabulary = { entries: entries, variants: variants };
    return { entries: entries, variants: variants };
  }

  /** Correct a query: {query: what to search for, changes: [[typed word, replacement], …]}. */
  function correct(query) {
    var words = vocabulary();
    var changes = [];
    var corrected = rewrite(query, state.separator, function (token) {
      if (!/^[A-Za-z]+$/.test(token)) return token;
      var word = token.toLowerCase();
      var fixed = variantOf(word, words.variants);
      if (!fixed && !inIndex(word)) fixed = nearest(word, words.entries, wholeInIndex);
      if (!fixed || fixed === word) return token;
      changes.push([token, fixed]);
      return fixed;
    });
    return { query: corrected, changes: changes };
  }

  // ---- What the reader sees -------------------------------------------------------------

  var ui = null;

  /**
   * The notice (a live region kept between Material's count and list, empty and taking
   * no room when not in use, so that screen readers announce what fills it) and the
   * no-results panel (put there only while it is shown: Material's arrow keys would
   * otherwise stop at its hidden links).
   */
  function mountUi() {
    if (ui) return ui;
    var results = document.querySelector('[data-md-component="search-result"]');
    var list = results && results.querySelector(".md-search-result__list");
    if (!list) return null;
    var notice = document.createElement("div");
    notice.className = "psg-search-notice";
    notice.setAttribute("role", "status");
    results.insertBefore(notice, list);
    var template = document.getElementById("psg-search-help");
    var help = template ? template.content.firstElementChild.cloneNode(true) : null;
    // Each result's tags are a <nav> with no name: many unnamed landmarks. They are not
    // navigation (the tags are not links), so they are made plain groups: those shown
    // already (results can arrive before this script has loaded) and every one after.
    function plainTags() {
      list.querySelectorAll("nav.md-tags:not([role])").forEach(function (nav) {
        nav.setAttribute("role", "none");
      });
    }
    new MutationObserver(plainTags).observe(list, { childList: true, subtree: true });
    plainTags();
    ui = { results: results, list: list, notice: notice, help: help, input: document.querySelector('[data-md-component="search-query"]') };
    return ui;
  }

  function emphasised(text) {
    var em = document.createElement("em");
    em.textContent = text;
    return em;
  }

  /** "Showing results for X (you typed Y)." and a control: "Search for Y instead". */
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
  function show(job, items) {
    var view = mountUi();
    if (!view) return;
    var corrected = job.changes.length > 0 && items.length > 0;
    if (corrected) fillNotice(view.notice, job);
    else view.notice.replaceChildren();
    var stuck = items.length === 0 && job.typed.trim() !== "";
    if (view.help && stuck && !view.help.isConnected) view.results.insertBefore(view.help, view.list);
    if (view.help && !stuck) view.help.remove();
  }

  Object.assign(window.psgSearch, {
    allowedEdits: allowedEdits,
    distance: distance,
    nearest: nearest,
    correct: correct,
    setup: setup,
    show: show,
  });
})();
