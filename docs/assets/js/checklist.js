/*
 * Checklist answers, kept only in this browser.
 *
 * Makes the answers' controls of the checklist that psg/templates/checklist.md.j2
 * renders work. The page holds them from the start (shown only where scripts run), so
 * that nothing moves when this script starts; without JavaScript it is a plain checklist
 * that works on its own, and prints:
 *  - each item has a status (not started, in progress, in place, not applicable) and a
 *    note; ticking its box sets "in place";
 *  - "Your answers" shows progress (announced politely) and can print the checklist as a
 *    blank form or with the answers, export every answer to a JSON file, import such a
 *    file, and clear this checklist's answers;
 *  - an action plan lists the items not yet in place, with owner and due date; its table
 *    is built when it is first opened, so the page stays light;
 *  - for paper (docs/assets/css/checklist-print.css), each item carries its status and
 *    note in data attributes (data-status, data-note; the fill-in's line data-answer),
 *    which print only when the reader chooses "Print with my answers".
 * Any element with `data-psg-clear-answers` (the checklists index, the privacy page) gets
 * a control that clears the answers to every checklist.
 *
 * Readers see and hear each item by its number (section.item, such as "1.1", from
 * `.psg-item__number`); its id is only the anchor and the storage key.
 *
 * Storage: one localStorage entry per item, key "psg-answers:<checklist id>:<item id>",
 * value JSON {status, note, blank, owner, due}, only the fields that are set. Item ids
 * are stable, so answers survive edits to the checklist. Nothing is sent anywhere.
 */
(function () {
  "use strict";

  var h = window.PSG.h; // docs/assets/js/psg-common.js, loaded first
  var plural = window.PSG.plural;
  var STATUSES = window.PSG.STATUSES; // each status → its label
  // Saved answers: the one copy in psg-common.js (PSG.answers).
  var store = window.PSG.answers;
  var FORMAT = store.FORMAT;
  var VERSION = store.VERSION;
  var ID = store.ID;
  var MAX_TEXT = store.MAX_TEXT;
  var MAX_FILE = store.MAX_FILE;
  var storage = store.storage;
  var clean = store.clean;
  var load = store.load;
  var save = store.save;
  var allAnswers = store.all;
  var removeAnswers = store.remove;
  var countAnswers = store.count;

  // ---- DOM helpers -------------------------------------------------------------------

  /** A heading's text, without its permalink ("¶"). */
  function headingText(heading) {
    if (!heading) return "";
    return Array.prototype.filter
      .call(heading.childNodes, function (node) {
        return !(node.classList && node.classList.contains("headerlink"));
      })
      .map(function (node) {
        return node.textContent;
      })
      .join("")
      .trim();
  }

  function button(label, action) {
    return h("button", { type: "button", class: "md-button psg-button", "data-psg-action": action }, label);
  }

  // ---- "Clear my answers" ------------------------------------------------------------

  /**
   * Ask, then remove the saved answers: those of one checklist (`list`, with its `title`),
   * or, when `list` is null, those of every checklist. Returns true when cleared.
   */
  function confirmAndClear(say, list, title) {
    var answers = allAnswers();
    if (list) {
      var items = Object.keys(answers[list] || {}).length;
      if (items === 0) {
        say("There are no saved answers to this checklist in this browser.");
        return false;
      }
      var question =
        "Remove your answers to " + plural(items, "item", "items") + " of “" + title + "” from this browser? " +
        "Your answers to other checklists are kept. This cannot be undone.";
      if (!window.confirm(question)) return false;
      removeAnswers(list);
      say("Your answers to this checklist have been removed from this browser. Answers to other checklists are kept.");
      return true;
    }
    var count = countAnswers(answers);
    if (count.items === 0) {
      say("There are no saved answers in this browser.");
      return false;
    }
    var everything =
      "Remove all your answers (" + plural(count.items, "item", "items") + " in " + plural(count.lists, "checklist", "checklists") +
      ") from this browser? This clears every checklist and cannot be undone.";
    if (!window.confirm(everything)) return false;
    removeAnswers(null);
    say("All your answers have been removed from this browser, for every checklist.");
    return true;
  }

  function enhanceClearControl(root) {
    var message = h("p", { class: "psg-answers__message", role: "status" });
    var summary = h("p", { class: "psg-answers__saved" });
    function describe() {
      var count = countAnswers(allAnswers());
      summary.textContent = count.items
        ? "This browser holds your answers to " + plural(count.items, "item", "items") + " in " + plural(count.lists, "checklist", "checklists") + "."
        : "This browser holds no checklist answers.";
    }
    var clear = button("Clear answers to every checklist", "clear-all");
    clear.addEventListener("click", function () {
      confirmAndClear(function (text) {
        message.textContent = text;
      }, null);
      describe();
    });
    root.replaceChildren(summary, h("p", {}, clear), message);
    describe();
  }

  // ---- A checklist ---------------------------------------------------------------------

  function enhanceChecklist(root) {
    var list = root.dataset.checklist;
    var panel = root.querySelector(".psg-answers__panel");
    var planElement = root.querySelector("details.psg-plan");
    if (!ID.test(list || "") || !panel || !planElement) return;
    var title = headingText(document.querySelector("h1")) || list;
    var items = Array.prototype.map.call(root.querySelectorAll(".psg-item[data-item]"), function (li) {
      return enhanceItem(li);
    });
    var byId = {};
    items.forEach(function (item) {
      byId[item.id] = item;
    });

    // The panel is in the page from the start (psg/templates/checklist.md.j2), so that
    // nothing moves when this script starts; this wires it up.
    var progress = root.querySelector(".psg-progress");
    var message = root.querySelector(".psg-answers__message");
    var fileInput = panel.querySelector(".psg-answers__file");
    var plan = buildPlan(planElement, items, title);

    var pageUrl = root.querySelector(".psg-page-url");
    if (pageUrl) pageUrl.textContent = location.href.split("#")[0];
    if (!storage) {
      message.textContent = "This browser is not letting the site save answers, so they will be lost when you leave the page. You can still print it.";
    }

    function say(text) {
      message.textContent = text;
    }

    function refresh() {
      var counts = { "not-started": 0, "in-progress": 0, "in-place": 0, "not-applicable": 0 };
      items.forEach(function (item) {
        counts[item.status()] += 1;
      });
      progress.textContent =
        counts["in-place"] + " of " + plural(items.length, "item", "items") + " in place. " +
        counts["in-progress"] + " in progress, " + counts["not-applicable"] + " not applicable, " + counts["not-started"] + " not started.";
      plan.update();
    }

    function reloadAll() {
      items.forEach(function (item) {
        item.answer = load(list, item.id);
        item.show();
      });
      plan.show();
      refresh();
    }

    function setField(item, field, value) {
      item.answer[field] = value;
      save(list, item.id, item.answer);
      item.paint();
      plan.paint(item);
    }

    root.addEventListener("change", function (event) {
      var target = event.target;
      var item = byId[target.dataset.psgItem];
      if (!item) return;
      if (target.type === "radio" && target.checked) {
        item.setStatus(target.value);
      } else if (target.type === "checkbox") {
        item.setStatus(target.checked ? "in-place" : item.status() === "in-place" ? "not-started" : item.status());
      } else {
        return;
      }
      save(list, item.id, item.answer);
      refresh();
    });

    root.addEventListener("input", function (event) {
      var target = event.target;
      var item = byId[target.dataset.psgItem];
      if (item && target.dataset.psgField) setField(item, target.dataset.psgField, target.value);
    });

    panel.addEventListener("click", function (event) {
      var control = event.target.closest("[data-psg-action]");
      if (!control) return;
      var action = control.dataset.psgAction;
      if (action === "print-blank" || action === "print-answers") {
        printChecklist(root, action === "print-answers");
      } else if (action === "plan") {
        plan.open();
      } else if (action === "export") {
        exportAnswers(say);
      } else if (action === "import") {
        fileInput.click();
      } else if (action === "clear") {
        if (confirmAndClear(say, list, title)) reloadAll();
      }
    });

    plan.element.addEventListener("click", function (event) {
      if (event.target.closest("[data-psg-action=print-plan]")) printPlan(plan.element);
    });

    fileInput.addEventListener("change", function () {
      var file = fileInput.files && fileInput.files[0];
      fileInput.value = "";
      if (file) importAnswers(file, say, reloadAll);
    });

    if (location.hash === "#action-plan") plan.open();
    window.addEventListener("hashchange", function () {
      if (location.hash === "#action-plan") plan.open();
    });

    // Fill in the saved answers before the progress line becomes a live region, so that
    // loading the page announces nothing.
    reloadAll();
    progress.setAttribute("aria-live", "polite");
  }

  /** Wire up one item's controls (its status, note and fill-in), and return its controller. */
  function enhanceItem(li) {
    var id = li.dataset.item;
    var number = li.querySelector(".psg-item__number").textContent.trim();
    var text = (li.querySelector(".psg-item__text") || li.querySelector("label")).textContent.trim();
    var check = li.querySelector(".psg-item__check");
    var blankLine = li.querySelector(".psg-blank .psg-line");
    var blank = li.querySelector(".psg-blank__input");
    var note = li.querySelector(".psg-note");
    var radios = {};
    Array.prototype.forEach.call(li.querySelectorAll(".psg-status input[type=radio]"), function (radio) {
      radios[radio.value] = radio;
    });
    check.dataset.psgItem = id;
    note.maxLength = MAX_TEXT;
    if (blank) blank.maxLength = MAX_TEXT;

    var item = {
      id: id,
      number: number,
      text: text,
      answer: {},
      status: function () {
        return item.answer.status || "not-started";
      },
      setStatus: function (status) {
        item.answer.status = status;
        item.show();
      },
      /** Put the saved answer into the controls. */
      show: function () {
        var status = item.status();
        radios[status].checked = true;
        check.checked = status === "in-place";
        note.value = item.answer.note || "";
        if (blank) blank.value = item.answer.blank || "";
        item.paint();
      },
      /** Keep the answer where print with answers finds it (checklist-print.css). */
      paint: function () {
        li.dataset.status = item.status();
        setData(li, "note", item.answer.note);
        if (blankLine) setData(blankLine, "answer", item.answer.blank);
      },
    };
    return item;
  }

  function setData(node, name, value) {
    if (value) node.dataset[name] = value;
    else delete node.dataset[name];
  }

  /** Print the checklist: a blank form, or with the answers; then put the page back. */
  function printChecklist(root, withAnswers) {
    root.classList.toggle("psg-checklist--answers", withAnswers);
    window.addEventListener(
      "afterprint",
      function () {
        root.classList.remove("psg-checklist--answers");
      },
      { once: true }
    );
    window.print();
  }

  // ---- Action plan ---------------------------------------------------------------------

  /**
   * The action plan: a closed <details> until the reader opens it; its table (a row and two
   * fields per item) is built then, so a page that never shows it stays light.
   */
  /** The action plan: the page's disclosure (`details.psg-plan`), its table built when first opened. */
  function buildPlan(element, items, title) {
    var rows = null;
    var tbody = h("tbody");
    var empty = h("p", { class: "psg-plan__empty" }, "Every item is in place or not applicable.");
    var body = element.querySelector(".psg-plan__body");

    function row(item) {
      var owner = h("input", {
        type: "text",
        id: "owner-" + item.id,
        autocomplete: "off",
        maxlength: MAX_TEXT,
        "aria-label": "Owner of " + item.number,
        "data-psg-item": item.id,
        "data-psg-field": "owner",
      });
      var due = h("input", { type: "date", id: "due-" + item.id, "aria-label": "Due date of " + item.number, "data-psg-item": item.id, "data-psg-field": "due" });
      var r = {
        row: null,
        status: h("td", { class: "psg-plan__status" }),
        owner: owner,
        due: due,
        ownerText: h("span", { class: "psg-print-value" }),
        dueText: h("span", { class: "psg-print-value" }),
      };
      r.row = h(
        "tr",
        { "data-item": item.id },
        h("th", { scope: "row" }, h("a", { href: "#" + item.id, class: "psg-plan__number" }, item.number), " ", item.text),
        r.status,
        h("td", {}, owner, r.ownerText),
        h("td", {}, due, r.dueText)
      );
      return r;
    }

    var plan = {
      element: element,
      /** Build the table, once, and fill it in. */
      build: function () {
        if (rows) return;
        rows = {};
        items.forEach(function (item) {
          rows[item.id] = row(item);
          tbody.append(rows[item.id].row);
        });
        body.append(
          h("p", {}, "Items in place and items marked not applicable are left out. Owner and due date are saved with your other answers."),
          h(
            "table",
            { class: "psg-plan__table" },
            h("caption", { class: "psg-sr" }, "Action plan for " + title),
            h(
              "thead",
              {},
              h("tr", {}, h("th", { scope: "col" }, "Item"), h("th", { scope: "col" }, "Status"), h("th", { scope: "col" }, "Owner"), h("th", { scope: "col" }, "Due date"))
            ),
            tbody
          ),
          empty,
          h("p", {}, button("Print the action plan", "print-plan"))
        );
        plan.show();
        plan.update();
      },
      /** Open the plan (building it first). */
      open: function () {
        plan.build();
        element.open = true;
      },
      /** Show or hide rows after a status change. */
      update: function () {
        if (!rows) return;
        var open = 0;
        items.forEach(function (item) {
          var status = item.status();
          var r = rows[item.id];
          r.row.hidden = status === "in-place" || status === "not-applicable";
          r.status.textContent = STATUSES[status];
          if (!r.row.hidden) open += 1;
        });
        empty.hidden = open > 0;
      },
      /** Put the saved owners and due dates into the controls. */
      show: function () {
        if (!rows) return;
        items.forEach(function (item) {
          rows[item.id].owner.value = item.answer.owner || "";
          rows[item.id].due.value = item.answer.due || "";
          plan.paint(item);
        });
      },
      paint: function (item) {
        if (!rows) return;
        rows[item.id].ownerText.textContent = item.answer.owner || "";
        rows[item.id].dueText.textContent = item.answer.due || "";
      },
    };
    element.addEventListener("toggle", function () {
      if (element.open) plan.build();
    });
    return plan;
  }

  /** Print only the action plan, then put the page back as it was. */
  function printPlan(plan) {
    var html = document.documentElement;
    var wasOpen = plan.open;
    html.setAttribute("data-psg-print", "plan");
    plan.open = true;
    window.addEventListener(
      "afterprint",
      function () {
        html.removeAttribute("data-psg-print");
        plan.open = wasOpen;
      },
      { once: true }
    );
    window.print();
  }

  // ---- Export and import ---------------------------------------------------------------

  function exportAnswers(say) {
    var answers = allAnswers();
    var count = countAnswers(answers);
    if (count.items === 0) {
      say("There are no saved answers to export yet.");
      return;
    }
    var data = { format: FORMAT, version: VERSION, exported: new Date().toISOString(), answers: answers };
    var blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var link = h("a", { href: url, download: "checklist-answers-" + new Date().toISOString().slice(0, 10) + ".json", hidden: "" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 10000);
    say(
      "Exported your answers to " + plural(count.items, "item", "items") + " in " + plural(count.lists, "checklist", "checklists") +
        " to a file. Keep it somewhere private."
    );
  }

  function importAnswers(file, say, done) {
    if (file.size > MAX_FILE) {
      say("That file is too big to be a file of answers from this site. Nothing was changed.");
      return;
    }
    file.text().then(onText, function () {
      say("That file could not be read. Nothing was changed.");
    });

    function onText(text) {
      var data;
      try {
        data = JSON.parse(text);
      } catch (error) {
        data = null;
      }
      if (!data || data.format !== FORMAT || !data.answers || typeof data.answers !== "object") {
        say("That is not a file of answers exported from this site. Nothing was changed.");
        return;
      }
      var incoming = {};
      Object.keys(data.answers).forEach(function (list) {
        var entries = data.answers[list];
        if (!ID.test(list) || !entries || typeof entries !== "object") return;
        Object.keys(entries).forEach(function (item) {
          var answer = ID.test(item) ? clean(entries[item]) : null;
          if (answer) (incoming[list] = incoming[list] || {})[item] = answer;
        });
      });
      var count = countAnswers(incoming);
      if (count.items === 0) {
        say("That file holds no answers. Nothing was changed.");
        return;
      }
      var existing = allAnswers();
      var replacing = Object.keys(incoming).filter(function (list) {
        return existing[list];
      });
      if (
        replacing.length &&
        !window.confirm("Replace the answers saved in this browser for " + plural(replacing.length, "checklist", "checklists") + " with the ones in this file?")
      ) {
        say("Nothing was imported.");
        return;
      }
      Object.keys(incoming).forEach(function (list) {
        removeAnswers(list);
        Object.keys(incoming[list]).forEach(function (item) {
          save(list, item, incoming[list][item]);
        });
      });
      done();
      say("Imported answers to " + plural(count.items, "item", "items") + " in " + plural(count.lists, "checklist", "checklists") + ".");
    }
  }

  // ---- Start ---------------------------------------------------------------------------

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".psg-checklist[data-checklist]"), enhanceChecklist);
    Array.prototype.forEach.call(document.querySelectorAll("[data-psg-clear-answers]"), enhanceClearControl);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
