/*
 * Exit this page, after the GOV.UK Design System's component.
 *
 * The control is a plain link to a neutral page (docs/overrides/partials/psg-exit.html),
 * so it works without this script. The script adds:
 *  - on activation, the page is blanked at once (an overlay, and every other element of
 *    the body hidden), then the browser goes to the neutral page with
 *    location.replace, so this page is not left as the previous entry in the tab;
 *  - the shortcut: Shift pressed three times, each press within 5 seconds of the last.
 *    Any other key resets the count, and so does Shift used as a modifier (typing a
 *    capital letter);
 *  - announcements of the count for screen readers, and three indicator lights.
 * A classic script (not a module), so it also runs in the offline copy from file://.
 */
(function () {
  "use strict";

  var TIMEOUT = 5000; // milliseconds allowed between two presses of Shift
  var PRESSES = 3;
  var MESSAGES = {
    two: "Shift, press 2 more times to exit.",
    one: "Shift, press 1 more time to exit.",
    timedOut: "Exit this page expired.",
    activated: "Loading."
  };

  var root = document.querySelector("[data-psg-exit]");
  var button = root && root.querySelector("[data-psg-exit-button]");
  if (!button || root.hasAttribute("data-psg-exit-ready")) {
    return;
  }
  root.setAttribute("data-psg-exit-ready", "");

  var count = 0;
  var lastKeyWasModified = false;
  var keyTimer = null;
  var messageTimer = null;
  var overlay = null;

  // -- Announcements and indicator ---------------------------------------------------

  var status = document.createElement("span");
  status.className = "psg-exit__status";
  status.setAttribute("role", "status");
  root.appendChild(status);

  var indicator = document.createElement("span");
  indicator.className = "psg-exit__indicator";
  indicator.setAttribute("aria-hidden", "true");
  for (var i = 0; i < PRESSES; i++) {
    indicator.appendChild(document.createElement("span")).className = "psg-exit__light";
  }
  button.appendChild(indicator);

  function announce(text) {
    status.textContent = text;
  }

  function updateIndicator() {
    indicator.classList.toggle("psg-exit__indicator--visible", count > 0);
    var lights = indicator.children;
    for (var i = 0; i < lights.length; i++) {
      lights[i].classList.toggle("psg-exit__light--on", i < count);
    }
  }

  // -- Exit --------------------------------------------------------------------------

  function exitPage() {
    clearTimers();
    count = 0;
    announce("");
    // Blank the page first: the overlay covers it, and the class hides everything else
    // in the body, so nothing behind can be read, seen or reached by Tab while the
    // neutral page loads.
    overlay = document.createElement("div");
    overlay.className = "psg-exit-overlay";
    overlay.setAttribute("role", "alert");
    document.body.appendChild(overlay);
    document.body.classList.add("psg-exit-hide-content");
    document.title = MESSAGES.activated;
    overlay.textContent = MESSAGES.activated;
    window.location.replace(button.href);
  }

  function onClick(event) {
    event.preventDefault();
    exitPage();
  }

  // -- The Shift shortcut --------------------------------------------------------------

  function onKeyup(event) {
    // Shift used as a modifier (Shift + A) fires two keyups: A with shiftKey set, then
    // Shift. Remembering that the previous keyup was modified lets the Shift keyup that
    // follows be ignored, and the A keyup has already reset the count.
    if (event.key === "Shift" && !lastKeyWasModified) {
      count += 1;
      updateIndicator();
      if (messageTimer) {
        window.clearTimeout(messageTimer);
        messageTimer = null;
      }
      if (count >= PRESSES) {
        exitPage();
        return;
      }
      announce(count === 1 ? MESSAGES.two : MESSAGES.one);
      startTimer();
    } else if (keyTimer) {
      reset();
    }
    lastKeyWasModified = event.shiftKey;
  }

  function startTimer() {
    if (keyTimer) {
      window.clearTimeout(keyTimer);
    }
    keyTimer = window.setTimeout(reset, TIMEOUT);
  }

  function reset() {
    clearTimers();
    count = 0;
    updateIndicator();
    announce(MESSAGES.timedOut);
    messageTimer = window.setTimeout(function () {
      announce("");
      messageTimer = null;
    }, TIMEOUT);
  }

  function clearTimers() {
    if (keyTimer) {
      window.clearTimeout(keyTimer);
      keyTimer = null;
    }
    if (messageTimer) {
      window.clearTimeout(messageTimer);
      messageTimer = null;
    }
  }

  // A page restored from the back-forward cache must not stay blank.
  function onPageshow() {
    document.body.classList.remove("psg-exit-hide-content");
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
    clearTimers();
    count = 0;
    lastKeyWasModified = false;
    announce("");
    updateIndicator();
  }

  button.addEventListener("click", onClick);
  document.addEventListener("keyup", onKeyup, true);
  window.addEventListener("pageshow", onPageshow);
})();
