// Search's results, for every reader. Tab reaches each result, and the "more on this page" under
// it, as it reaches any link, as on GOV.UK's results (Material leaves them to the arrow keys, which
// still work); and the line above them says in plain words how many there are and for what
// ("2 results for ‘phones’"), where Material says "2 matching documents". That line is a polite
// live region (partials/search.html), so a screen reader says it once typing stops.
(function () {
  "use strict";
  var count = document.querySelector(".md-search-result__meta");
  var list = document.querySelector(".md-search-result__list");
  var query = document.querySelector(".md-search__input");
  if (!count || !list || !query) return;

  new MutationObserver(function () {
    list.querySelectorAll("[tabindex='-1']").forEach(function (result) { result.removeAttribute("tabindex"); });
  }).observe(list, { childList: true, subtree: true });

  // On a phone, search covers the page, and Material holds the page still behind it until a moment
  // after search closes, then puts it back where it was: a result on the page being read (a parent
  // searching their own version) left the reader where they were, not at the clause. Once the page
  // is let go, the result's address is opened again, which brings its clause into view.
  var opened = null;
  list.addEventListener("click", function (event) {
    var link = event.target.closest("a[href*='#']");
    var here = link && link.origin === location.origin && link.pathname === location.pathname;
    opened = here && document.body.hasAttribute("data-md-scrolllock") ? link.href : null;
  });
  new MutationObserver(function () {
    if (!opened || document.body.hasAttribute("data-md-scrolllock")) return;
    location.replace(opened);
    opened = null;
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-scrolllock"] });

  // Material writes its count in its own words: once there are results (or none), they are put in ours.
  new MutationObserver(function () {
    var found = /^(No|\d+) matching document/.exec(count.textContent);
    if (!found) return;
    var number = found[1] === "No" ? 0 : Number(found[1]);
    var box = document.querySelector("[data-md-component=search]");
    var more = box && box.getAttribute("data-policy-more") === "true";
    count.textContent = (more ? "The " + number + " best results" :
      number ? number + (number === 1 ? " result" : " results") : "No results") +
      " for ‘" + query.value.trim() + "’" + (more ? " (more policies match: add a word to narrow the search)" : "");
  }).observe(count, { childList: true, characterData: true, subtree: true });
})();
