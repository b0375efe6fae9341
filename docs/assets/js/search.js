/*
 * Forgiving search, first part: a stand-in in front of Material's search worker, which
 * corrects queries on their way in and annotates results on their way out. It runs
 * before Material's script and wraps `Worker`, so it works alike served (a Web Worker)
 * and offline (file://, the iframe-worker shim). The rest, search-forgiving.js (where
 * the Material internals both parts rely on are listed), is loaded with
 * search/vocabulary.js and search.css when the reader first goes to the search box.
 */
(function () {
  "use strict";

  var SETUP = 0;
  var QUERY = 2;
  var RESULT = 3;
  var SEARCH_WORKER = /\/workers\/search\.[^/]*\.js(?:[?#]|$)/;
  var here = document.currentScript.src;
  var SCRIPTS = ["search-forgiving.js", "../../search/vocabulary.js"];
  var STYLES = ["../css/search.css"];

  var setupData = null;
  var loading = null;
  var setupReceived;
  var whenSetup = new Promise(function (resolve) {
    setupReceived = resolve;
  });

  /** Add a script or a stylesheet (a path relative to this script); resolves when done. */
  function add(tag, path) {
    return new Promise(function (resolve) {
      var element = document.createElement(tag);
      var url = new URL(path, here).href;
      if (tag === "link") {
        element.rel = "stylesheet";
        element.href = url;
      } else {
        element.src = url;
      }
      element.onload = element.onerror = resolve;
      document.head.appendChild(element);
    });
  }

  /** Load the rest once; resolves to window.psgSearch, or null if it failed to load. */
  function load() {
    if (!loading) {
      var parts = SCRIPTS.map(add.bind(null, "script")).concat(STYLES.map(add.bind(null, "link")));
      loading = Promise.all(parts).then(function () {
        var forgiving = window.psgSearch;
        if (typeof forgiving.correct !== "function") return null;
        if (setupData) forgiving.setup(setupData);
        return forgiving;
      });
    }
    return loading;
  }

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
      if (message && message.type === SETUP && message.data) {
        setupData = message.data;
        if (typeof window.psgSearch.setup === "function") window.psgSearch.setup(setupData);
        setupReceived();
      }
      if (message && message.type === QUERY && typeof message.data === "string") this.search(message.data, false);
      else this.worker.postMessage(message);
    }

    terminate() {
      this.worker.terminate();
    }

    /** Send a query, corrected unless `verbatim` (exactly as typed); queries keep their order. */
    search(typed, verbatim) {
      if (verbatim) this.verbatim = typed;
      else if (typed !== this.verbatim) this.verbatim = null;
      var exact = verbatim || typed === this.verbatim || !typed.trim();
      var self = this;
      this.queue = this.queue
        .then(function () {
          return exact ? null : load();
        })
        .then(function (forgiving) {
          var fixed = forgiving ? forgiving.correct(typed) : { query: typed, changes: [] };
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
      var items = job && data.data && Array.isArray(data.data.items) ? data.data.items : [];
      if (job && typeof window.psgSearch.show === "function") window.psgSearch.show(job, items);
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

  window.psgSearch = {
    wrapped: 0, // search workers wrapped: 1 on a page where search works
    load: load,
    /** Resolves once the rest is loaded and the index is set up (for tests). */
    ready: function () {
      return Promise.all([load(), whenSetup]);
    },
  };

  var NativeWorker = window.Worker;
  if (typeof NativeWorker === "function") {
    window.Worker = function Worker(url, options) {
      var worker = new NativeWorker(url, options);
      if (!SEARCH_WORKER.test(String(url))) return worker;
      window.psgSearch.wrapped += 1;
      return new ForgivingWorker(worker);
    };
  }

  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches('[data-md-component="search-query"]')) load();
  });
})();
