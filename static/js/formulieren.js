// A form that changes something is sent once: after the first submit its buttons are
// disabled until the next page. Progressive enhancement only: without JavaScript, or
// when this misses a case, the server still refuses a second submit (the form token).
(function () {
  "use strict";

  function knoppen(formulier) {
    return formulier.querySelectorAll('button:not([type]), button[type="submit"], input[type="submit"]');
  }

  function vrijgeven(formulier) {
    delete formulier.dataset.verzonden;
    knoppen(formulier).forEach(function (knop) {
      knop.disabled = false;
      knop.removeAttribute("aria-disabled");
    });
  }

  // Listening on the document (bubble phase) runs after the form's own handlers, so a
  // submit that a script took over (sessie.js sends its form with fetch) is left alone.
  document.addEventListener("submit", function (event) {
    var formulier = event.target;
    if (!(formulier instanceof HTMLFormElement)) { return; }
    if ((formulier.getAttribute("method") || "").toLowerCase() !== "post") { return; }
    if (event.defaultPrevented) { return; }
    if (formulier.dataset.verzonden) {
      event.preventDefault();  // a second click before the next page arrived
      return;
    }
    formulier.dataset.verzonden = "1";
    knoppen(formulier).forEach(function (knop) { knop.setAttribute("aria-disabled", "true"); });
    // Disabled only after this event: the browser builds the form's data once the submit
    // event has been dispatched, and a disabled button would lose its name and value.
    window.setTimeout(function () {
      if (!formulier.dataset.verzonden) { return; }
      knoppen(formulier).forEach(function (knop) { knop.disabled = true; });
    }, 0);
  });

  // Back to this page from the browser's cache: the form may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-verzonden]").forEach(vrijgeven);
  });
})();
