// Each clause's link (views.add_clause_links) copies the clause's full address instead of moving
// to it, and says so. Without JavaScript it is a plain link to the clause, named "Link to …".
(function () {
  "use strict";
  var article = document.querySelector("article");
  if (!article) return;
  var status = document.createElement("p");
  status.className = "policy-copy-status";
  status.setAttribute("role", "status");
  article.appendChild(status);

  // Said at the foot of the screen; where that would cover the link (at 400% zoom the screen is
  // only a few lines high), at its top, over the header; where that would too, just below the link,
  // or above it. Placed once the page has settled after the link took focus.
  function say(message, link) {
    status.textContent = message;
    status.classList.add("policy-copy-status--shown");
    place(link);
    window.requestAnimationFrame(function () { place(link); });
    window.clearTimeout(say.timer);
    say.timer = window.setTimeout(function () {
      status.classList.remove("policy-copy-status--shown");
      status.textContent = "";  // so that copying the same link again is said again
    }, 4000);
  }

  function place(link) {
    var at = link.getBoundingClientRect();
    function covers() {
      var box = status.getBoundingClientRect();
      return box.top < at.bottom && at.top < box.bottom && box.left < at.right && at.left < box.right;
    }
    status.classList.remove("policy-copy-status--top");
    status.style.top = status.style.bottom = "";
    if (!covers()) return;
    status.classList.add("policy-copy-status--top");
    if (!covers()) return;
    var height = status.getBoundingClientRect().height;
    var below = at.bottom + 4 + height <= window.innerHeight;
    status.style.top = Math.max(0, below ? at.bottom + 4 : at.top - 4 - height) + "px";
    status.style.bottom = "auto";
  }

  article.querySelectorAll("a.clause-link").forEach(function (link) {
    var name = link.getAttribute("aria-label");
    link.setAttribute("aria-label", "Copy " + name.charAt(0).toLowerCase() + name.slice(1));
  });

  // A touch screen cannot point at a clause to show its link: tapping the clause shows it.
  var touch = window.matchMedia("(hover: none)");
  var tapped = null;
  article.addEventListener("click", function (event) {
    if (!touch.matches || event.target.closest("a, button, summary")) return;
    if (tapped) tapped.classList.remove("policy-clause--tapped");
    tapped = event.target.closest("article *:has(> a.clause-link)");
    if (tapped) tapped.classList.add("policy-clause--tapped");
  });

  article.addEventListener("click", function (event) {
    var link = event.target.closest("a.clause-link");
    // A click with a modifier key or another button does what it does to any link (a new tab).
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    // Browsers give a page the clipboard only over https (or on this computer).
    var copying = navigator.clipboard ? navigator.clipboard.writeText(link.href) : Promise.reject();
    copying.then(
      function () { say("Link to " + link.getAttribute("data-clause") + " copied", link); },
      function () { say("Copy this link: " + link.href, link); }
    );
  });
})();
