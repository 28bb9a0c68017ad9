/* guidecraft: "Exit this page" (loaded only when site.yaml turns on quick_exit).

   The control is a plain link to an ordinary page, so it works without JavaScript.
   With JavaScript, using it (or pressing Shift three times within 5 seconds):
   1. covers the page at once, so nothing stays on screen while the next page loads;
   2. clears what the reader typed or chose (quiz answers, worksheet fields, search);
   3. replaces this page in the history with the ordinary page, so Back does not return here.
   A polite live region says how many more Shift presses are needed, as GOV.UK's does.
   Safe to run more than once (Material's instant navigation): each control is set up once,
   and the keyboard listener is added once per window. */
(function () {
  "use strict";

  var PRESSES = 3;
  var WINDOW_MS = 5000;

  function control() {
    return document.querySelector("[data-gc-exit]");
  }

  function clearFields() {
    var fields = document.querySelectorAll("input, textarea, select");
    for (var i = 0; i < fields.length; i++) {
      var el = fields[i];
      var type = (el.getAttribute("type") || "").toLowerCase();
      if (type === "radio" || type === "checkbox") {
        el.checked = false;
      } else if (el.tagName === "SELECT") {
        el.selectedIndex = -1;
      } else if (["hidden", "submit", "button", "reset", "image"].indexOf(type) === -1) {
        el.value = "";
      }
    }
    var results = document.querySelectorAll(".md-search-result__list, [data-gc-quiz] [aria-live]");
    for (var j = 0; j < results.length; j++) {
      results[j].textContent = "";
    }
  }

  function exit(event) {
    var root = control();
    var link = root && root.querySelector("[data-gc-exit-link]");
    if (!link || (event && event.defaultPrevented)) return;
    if (event) event.preventDefault();
    var overlay = document.createElement("div");
    overlay.className = "gc-exit-overlay";
    overlay.setAttribute("role", "alert");
    overlay.textContent = root.getAttribute("data-gc-exit-leaving") || "";
    document.body.appendChild(overlay);
    document.documentElement.classList.add("gc-exiting");
    clearFields();
    window.location.replace(link.href);
  }

  // ------------------------------------------------------------- Shift pressed three times

  var presses = 0;
  var timer = null;
  var otherKey = false;

  function announce(text) {
    var root = control();
    var status = root && root.querySelector("[data-gc-exit-status]");
    if (status) status.textContent = text;
  }

  function reset(expired) {
    presses = 0;
    clearTimeout(timer);
    timer = null;
    var root = control();
    announce(expired && root ? root.getAttribute("data-gc-exit-expired") || "" : "");
  }

  function onKeyDown(event) {
    if (event.key === "Shift") {
      if (!event.repeat) otherKey = false;
    } else {
      // Any other key (Shift+letter is typing a capital) is not the shortcut: start again.
      otherKey = true;
      if (presses) reset(false);
    }
  }

  function onKeyUp(event) {
    if (event.key !== "Shift" || otherKey) return;
    if (!control()) return;
    presses += 1;
    if (presses >= PRESSES) {
      reset(false);
      exit(null);
      return;
    }
    var root = control();
    announce(root.getAttribute(presses === 1 ? "data-gc-exit-two" : "data-gc-exit-one") || "");
    if (!timer) {
      timer = setTimeout(function () {
        reset(true);
      }, WINDOW_MS);
    }
  }

  function setUp() {
    var root = control();
    if (!root || root.hasAttribute("data-gc-exit-ready")) return;
    root.setAttribute("data-gc-exit-ready", "");
    var link = root.querySelector("[data-gc-exit-link]");
    if (link) link.addEventListener("click", exit);
    // Scrolled past the banner, the button waits in a corner of the screen, so it is always in reach.
    // Its box in the banner keeps its height, so nothing on the page moves.
    var banner = root.closest(".gc-announce");
    if (banner && window.IntersectionObserver) {
      new IntersectionObserver(function (entries) {
        var away = !entries[entries.length - 1].isIntersecting;
        if (away && !root.classList.contains("gc-exit--float")) root.style.minHeight = root.offsetHeight + "px";
        root.classList.toggle("gc-exit--float", away);
      }).observe(banner);
    }
  }

  if (!window.__gcQuickExit) {
    window.__gcQuickExit = true;
    document.addEventListener("keydown", onKeyDown, true);
    document.addEventListener("keyup", onKeyUp, true);
    // If the browser ever shows this page again from its cache, show it as it was, emptied.
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted) return;
      document.documentElement.classList.remove("gc-exiting");
      var overlays = document.querySelectorAll(".gc-exit-overlay");
      for (var i = 0; i < overlays.length; i++) overlays[i].remove();
    });
    // Material's instant navigation swaps the page without a new load: set up the new control.
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(setUp);
    }
  }
  setUp();
})();
