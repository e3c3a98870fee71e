// Keyboard use at every width. Material opens its menu, its search and the menu's sections with
// labels for hidden checkboxes, which Tab cannot reach and Space cannot press: each becomes a button
// that says whether what it opens is open. What is closed or off-screen is hidden from Tab by
// policy-keyboard.css. Without JavaScript the page's own links still lead everywhere.
(function () {
  "use strict";
  var search = document.getElementById("__search");
  var dialog = document.querySelector(".md-search");

  function makeButton(label, name) {
    var toggle = document.getElementById(label.htmlFor);
    if (!toggle) return;
    label.setAttribute("role", "button");
    label.tabIndex = 0;
    if (name) label.setAttribute("aria-label", name);
    label.setAttribute("aria-expanded", String(toggle.checked));
    toggle.addEventListener("change", function () {
      label.setAttribute("aria-expanded", String(toggle.checked));
    });
    label.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      event.stopPropagation();  // Material clicks a label on Enter too: once is enough
      label.click();
    });
  }

  makeButton(document.querySelector(".md-header__button[for='__drawer']"), "Menu");
  makeButton(document.querySelector(".md-header__button[for='__search']"), "Search");
  // Material names each section's list by its label, and puts "expanded" on the list, not the control.
  document.querySelectorAll(".md-nav--primary label.md-nav__link[tabindex]").forEach(function (label) {
    var list = label.parentElement.querySelector("nav.md-nav");
    if (list) list.removeAttribute("aria-expanded");
    makeButton(label);
  });

  // The skip link takes focus to the heading it names, as GOV.UK's does, so reading and Tab start there.
  var skip = document.querySelector(".md-skip");
  if (skip) {
    skip.addEventListener("click", function () {
      var heading = document.getElementById(decodeURIComponent(skip.hash.slice(1)));
      if (!heading) return;
      heading.tabIndex = -1;
      heading.focus();
      heading.addEventListener("blur", function () { heading.removeAttribute("tabindex"); }, { once: true });
    });
  }

  // The open search dialog keeps Tab inside it; closing it gives focus back to what opened it (the
  // search button, or what had focus when "/" opened it).
  if (!search || !dialog) return;
  var query = dialog.querySelector("input");
  var opener = null;
  search.addEventListener("change", function () {
    var active = document.activeElement;
    if (search.checked) {
      opener = active && active !== document.body && !dialog.contains(active) ? active : null;
      if (opener) query.focus();
    } else if (opener) {
      opener.focus();
      opener = null;
    }
  });

  // Material leaves its results to the arrow keys (tabindex -1); Tab reaches them too.
  var results = dialog.querySelector(".md-search-result__list");
  new MutationObserver(function () {
    results.querySelectorAll("a[tabindex='-1']").forEach(function (link) { link.removeAttribute("tabindex"); });
  }).observe(results, { childList: true, subtree: true });

  function reachable() {
    return Array.prototype.filter.call(dialog.querySelectorAll("input, button, a[href], [tabindex]"), function (element) {
      return element.tabIndex >= 0 && element.getClientRects().length > 0 &&
        getComputedStyle(element).visibility === "visible";
    });
  }

  // On the document, so it runs before Material's own handler on the window, which closes search on
  // Tab. Its field in a wide screen's header opens search as Tab passes through it: until a reader
  // types there, Tab goes on past it as Material has it.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Tab" || !search.checked || (!opener && !query.value)) return;
    event.stopPropagation();
    var stops = reachable();
    if (!stops.length) return;
    var first = stops[0];
    var last = stops[stops.length - 1];
    var active = document.activeElement;
    if (!dialog.contains(active) || (event.shiftKey ? active === first : active === last)) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    }
  });
})();
