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

  function herstart() {
    einde = Date.now() + totaal * 1000;
    melding.hidden = true;
  }

  function tik() {
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
