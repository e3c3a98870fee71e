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
