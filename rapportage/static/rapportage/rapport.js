// A report's page while it is being made: poll its status, move the progress bar, and load
// the page again once the report is done (it then shows the download or the failure).
// Without JavaScript the page refreshes itself (<noscript><meta http-equiv="refresh">).
(function () {
  "use strict";
  var blok = document.querySelector("[data-rapport-status]");
  if (!blok || !window.fetch) { return; }
  var adres = blok.getAttribute("data-rapport-status");
  var balk = blok.querySelector("progress");
  var procent = blok.querySelector("[data-rapport-procent]");
  var tekst = blok.querySelector("[data-rapport-tekst]");
  var wachttijd = 1500;
  var maximaal = 30000;

  function tonen(stand) {
    balk.value = stand.voortgang;
    balk.textContent = stand.voortgang + "%";
    procent.textContent = stand.voortgang + "%";
    // Only a new sentence is announced (aria-live), not every percent.
    if (tekst.textContent !== stand.tekst) { tekst.textContent = stand.tekst; }
  }

  function vragen() {
    fetch(adres, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (antwoord) {
        // Deleted meanwhile (or no longer reachable): the page itself says what happened.
        if (antwoord.status === 404 || antwoord.status === 403) { window.location.reload(); throw new Error("weg"); }
        if (!antwoord.ok) { throw new Error("status " + antwoord.status); }
        return antwoord.json();
      })
      .then(function (stand) {
        tonen(stand);
        if (stand.afgerond) {
          window.location.reload();
          return;
        }
        wachttijd = 1500;
        window.setTimeout(vragen, wachttijd);
      })
      .catch(function () {
        // Offline, or the session ended (the answer is the login page): ask less often.
        wachttijd = Math.min(wachttijd * 2, maximaal);
        window.setTimeout(vragen, wachttijd);
      });
  }

  window.setTimeout(vragen, wachttijd);
}());
