// Keyboard use at every width. Material opens its menu, its search and the menu's sections with
// labels for hidden checkboxes, which Tab cannot reach and Space cannot press: each becomes a button
// that says whether what it opens is open. What is closed or off-screen is hidden from Tab by
// policy-keyboard.css. Without JavaScript the labels stay, for a mouse or a finger.
(function () {
  "use strict";

  function makeButton(label, name) {
    var toggle = label && document.getElementById(label.htmlFor);
    if (!toggle) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " policy-toggle";
    if (label.id) button.id = label.id;  // a section's list is named by it (aria-labelledby)
    button.setAttribute("for", label.htmlFor);  // Material's styles place and show it by this
    if (name) button.setAttribute("aria-label", name);
    button.append.apply(button, Array.prototype.slice.call(label.childNodes));
    button.setAttribute("aria-expanded", String(toggle.checked));
    toggle.addEventListener("change", function () {
      button.setAttribute("aria-expanded", String(toggle.checked));
    });
    button.addEventListener("click", function () { toggle.click(); });
    label.replaceWith(button);
  }

  makeButton(document.querySelector(".md-header__button[for='__drawer']"), "Menu");
  makeButton(document.querySelector(".md-header__button[for='__search']"), "Search");
  // The menu's sections ("Who are you?", and this page's contents), and the titles that close them
  // again on a phone. Material puts "expanded" on the list, not on its control.
  document.querySelectorAll(".md-nav--primary label.md-nav__link, .md-nav--primary .md-nav label.md-nav__title")
    .forEach(function (label) {
      var list = label.parentElement.querySelector("nav.md-nav");
      if (list) list.removeAttribute("aria-expanded");
      makeButton(label);
    });

  // The skip link takes focus to the heading it names, as GOV.UK's does, so reading and Tab start
  // there: the browser focuses the link's target once it can take focus.
  var skip = document.querySelector(".md-skip");
  if (skip) {
    skip.addEventListener("click", function () {
      var heading = document.getElementById(decodeURIComponent(skip.hash.slice(1)));
      if (!heading) return;
      heading.tabIndex = -1;
      heading.addEventListener("blur", function () { heading.removeAttribute("tabindex"); }, { once: true });
    });
  }

  // A table's scrolling region (the register, the coverage grids, and the box Material puts a policy's
  // table in as the page loads) is a Tab stop so the keyboard can scroll it, but only while it has
  // something to scroll; without JavaScript the register's and the coverage's always are.
  function stopOnlyWhereScrolling() {
    document.querySelectorAll(".policy-scroll-region, .md-typeset__scrollwrap").forEach(function (region) {
      if (region.scrollWidth > region.clientWidth) region.tabIndex = 0;
      else if (region !== document.activeElement) region.removeAttribute("tabindex");
    });
  }
  // Chromium makes a box that scrolls a Tab stop even without a tabindex: Material's box is named by
  // its table's headings, as the register's region is by its heading, and takes the focus style.
  function nameTableBoxes() {
    document.querySelectorAll(".md-typeset__scrollwrap:not([role])").forEach(function (box) {
      var headings = Array.prototype.map.call(box.querySelectorAll("thead th"), function (cell) {
        return cell.textContent.trim();
      }).filter(Boolean);
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", headings.length ? "Table: " + headings.join(", ") : "Table");
    });
    stopOnlyWhereScrolling();
  }
  stopOnlyWhereScrolling();
  document.addEventListener("DOMContentLoaded", nameTableBoxes);  // after Material's own, which makes the boxes
  window.addEventListener("resize", stopOnlyWhereScrolling);

  // The menu below 76.25em and the search dialog cover the page when open: each keeps Tab inside it,
  // and Escape closes it and gives focus back to what opened it (its button, or what had focus when
  // "/" opened search).
  var search = document.getElementById("__search");
  var dialog = document.querySelector(".md-search");
  var drawer = document.getElementById("__drawer");
  var menu = document.querySelector(".md-sidebar--primary");
  var narrow = window.matchMedia("(max-width: 76.234375em)");
  // What had focus when a key other than Tab was pressed ("/" focuses search's field before opening
  // it); Tab into the field, or a click, opens search from nowhere.
  var keyFrom = null;
  document.addEventListener("keydown", function (event) {
    keyFrom = event.key === "Tab" ? null : document.activeElement;
  }, true);
  document.addEventListener("pointerdown", function () { keyFrom = null; }, true);
  if (search && dialog) {
    var query = dialog.querySelector("input");
    // Material's field in a wide screen's header opens search as Tab passes through it: until a
    // reader types there, Tab goes on past it, as Material has it.
    keepFocusIn(search, dialog, query, function (opener) { return opener || query.value; });
    // Material takes any key it has no use for as typing, and moves focus to the field: Shift, pressed
    // for Shift+Tab on a result, did, and Shift+Tab then went from the field round to the last result.
    document.addEventListener("keydown", function (event) {
      if (search.checked && /^(Shift|Control|Alt|AltGraph|Meta)$/.test(event.key)) event.stopPropagation();
    });
    // Material's shortcuts for search ("/", "s", "f") focus its field, which opens it; on a phone the
    // closed field cannot take focus, so search is opened here instead.
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (search.checked || !/^[/sf]$/.test(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      event.preventDefault();
      // The menu below 76.25em covers the page, search with it: search waits until the menu is closed
      // (and Material, whose handler comes next, does not focus the field under it).
      if (drawer && drawer.checked && narrow.matches) {
        event.stopPropagation();
        return;
      }
      search.click();
      query.focus();
    });
  }
  if (drawer && menu) {
    // Wider, the menu is a sidebar beside the text, not something open over it.
    keepFocusIn(drawer, menu, null, function (opener) { return opener && narrow.matches; });
  }

  // On a phone a section of the menu ("Who are you?") slides over the menu it is in: opened from its
  // button, focus goes to the section's title, which closes it, and back to the button when it closes.
  document.querySelectorAll(".md-nav--primary .md-nav__toggle").forEach(function (toggle) {
    var button = toggle.parentElement.querySelector(".md-nav__link[for='" + toggle.id + "']");
    var title = toggle.parentElement.querySelector(".md-nav .md-nav__title[for='" + toggle.id + "']");
    if (!button || !title) return;
    toggle.addEventListener("change", function () {
      var from = toggle.checked ? button : title;
      if (narrow.matches && document.activeElement === from) (toggle.checked ? title : button).focus();
    });
  });

  function keepFocusIn(toggle, panel, start, holds) {
    var opener = null;
    toggle.addEventListener("change", function () {
      if (toggle.checked) {
        opener = [document.activeElement, keyFrom].find(function (element) {
          return element && element !== document.body && !panel.contains(element);
        }) || null;
        if (opener) (start || reachable(panel)[0] || panel).focus();
      } else if (opener) {
        var back = opener;
        opener = null;
        back.focus();
      }
    });
    // On the document, so it runs before Material's own handler on the window, which closes search on Tab.
    document.addEventListener("keydown", function (event) {
      if (!toggle.checked || !holds(opener)) return;
      if (event.key === "Escape") {
        // Search opened by Tab into the wide header's field has nothing to go back to: Escape on a
        // result goes back to the field (Material would drop focus on the page), and Escape there
        // closes search, leaving focus in the field; focusing it once closed would open it again.
        if (!opener && start && document.activeElement !== start) {
          event.stopPropagation();
          start.focus();
          return;
        }
        if (!opener && start) {
          // Material notes the field's focus a moment after it moves: closed before then (a quick
          // second Escape on a busy computer), search would be opened again. Closed just after; Material's
          // own Escape would close it now, and take focus from the field.
          event.stopPropagation();
          setTimeout(function () { if (toggle.checked) toggle.click(); }, 20);
          return;
        }
        toggle.click();
        return;
      }
      if (event.key !== "Tab") return;
      event.stopPropagation();
      var stops = reachable(panel);
      if (!stops.length) return;
      var first = stops[0];
      var last = stops[stops.length - 1];
      var active = document.activeElement;
      if (!panel.contains(active) || (event.shiftKey ? active === first : active === last)) {
        event.preventDefault();
        (event.shiftKey ? last : first).focus();
      }
    });
  }

  function reachable(panel) {
    return Array.prototype.filter.call(panel.querySelectorAll("input, button, summary, a[href], [tabindex]"), function (element) {
      return element.tabIndex >= 0 && element.getClientRects().length > 0 &&
        getComputedStyle(element).visibility === "visible";
    });
  }
})();
