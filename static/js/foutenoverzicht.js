// Progressive enhancement of a form with an error summary (templates/onderdelen/foutenoverzicht.html)
// and folded sections. Without JavaScript the summary's links still lead to their fields and
// the counts are right as the server wrote them.
(function () {
  "use strict";

  // A link in the error summary puts the focus in its field, unfolding the section it is in
  // (the browser would only scroll there).
  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest(".foutenoverzicht a[href^='#']") : null;
    if (!link) { return; }
    var veld = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!veld) { return; }
    event.preventDefault();
    for (var deel = veld.closest("details"); deel; deel = deel.parentElement.closest("details")) {
      deel.open = true;
    }
    veld.focus();
    // The label sits above the field: show both.
    var kader = veld.closest(".utrecht-form-field") || veld;
    kader.scrollIntoView({ block: "center" });
  });

  // A folded group of checkboxes says in its summary how many are chosen; kept up to date.
  document.addEventListener("change", function (event) {
    var vakje = event.target;
    if (!(vakje instanceof HTMLInputElement) || vakje.type !== "checkbox") { return; }
    var groep = vakje.closest("details");
    var telling = groep ? groep.querySelector(":scope > summary [data-telling]") : null;
    if (!telling) { return; }
    var aantal = groep.querySelectorAll("input[type='checkbox']:checked").length;
    telling.textContent = "(" + aantal + " gekozen)";
  });

  // After a round with errors the summary is read out and takes the focus.
  var overzicht = document.querySelector(".foutenoverzicht");
  if (overzicht) { overzicht.focus(); }
})();
