// Warn before the session ends for inactivity, and let the user extend it in place.
// Without JavaScript the footer states the timeout and every page still works.
(function () {
  "use strict";
  var body = document.body;
  var totaal = parseInt(body.dataset.sessieSeconden || "0", 10);
  var waarschuwing = parseInt(body.dataset.sessieWaarschuwing || "0", 10);
  var melding = document.getElementById("sessiemelding");
  var formulier = document.getElementById("sessie-verlengen");
  var rest = document.getElementById("sessie-rest");
  if (!totaal || !melding || !formulier) { return; }
  var einde, teller;
  // Every page load and every extension resets the server's idle timer for all tabs of the
  // session. The tabs share the latest end through localStorage, so that a tab left open
  // beside one in use does not warn, or leave its page (and a half-filled form), too early.
  var SLEUTEL = "mensenhandel-sessie-einde";

  function gedeeldEinde() {
    try {
      return parseInt(window.localStorage.getItem(SLEUTEL) || "0", 10) || 0;
    } catch (fout) {
      return 0;  // storage disabled: this tab keeps its own count
    }
  }

  function herstart() {
    einde = Date.now() + totaal * 1000;
    try {
      if (einde > gedeeldEinde()) { window.localStorage.setItem(SLEUTEL, String(einde)); }
    } catch (fout) { /* storage disabled */ }
    melding.hidden = true;
  }

  window.addEventListener("storage", function (event) {
    if (event.key === SLEUTEL) { tik(); }
  });

  function tik() {
    einde = Math.max(einde, gedeeldEinde());
    var seconden = Math.round((einde - Date.now()) / 1000);
    if (seconden <= 0) {
      window.clearInterval(teller);
      window.location.assign("/inloggen/?verlopen=1");
      return;
    }
    if (seconden <= waarschuwing) {
      var minuten = Math.ceil(seconden / 60);
      rest.textContent = minuten === 1 ? "minder dan een minuut" : minuten + " minuten";
      melding.hidden = false;
    } else {
      melding.hidden = true;  // extended meanwhile, here or in another tab
    }
  }

  formulier.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(formulier.action, {
      method: "POST",
      body: new FormData(formulier),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin"
    }).then(function (antwoord) {
      if (antwoord.status === 204) {
        herstart();
      } else if (antwoord.redirected) {
        // The session had already ended; the server sent us to the login page.
        window.location.assign("/inloggen/?verlopen=1");
      } else {
        formulier.submit();
      }
    }, function () { formulier.submit(); });
  });

  herstart();
  teller = window.setInterval(tik, 15000);
})();
