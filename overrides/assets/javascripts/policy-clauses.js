// Adds a "Copy link" button after each clause's permalink. Without JavaScript the permalink
// still works: this only saves a reader from copying the address by hand.
(function () {
  "use strict";
  var article = document.querySelector("article");
  if (!article) return;
  var status = document.createElement("p");
  status.className = "policy-copy-status";
  status.setAttribute("role", "status");
  article.appendChild(status);

  function say(message) {
    status.textContent = message;
    status.classList.add("policy-copy-status--shown");
    window.clearTimeout(say.timer);
    say.timer = window.setTimeout(function () {
      status.classList.remove("policy-copy-status--shown");
    }, 4000);
  }

  article.querySelectorAll(".clause-link, .headerlink").forEach(function (link) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "clause-copy";
    button.innerHTML = '<span class="policy-visually-hidden">Copy link to this clause</span>' +
      '<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="16" height="16">' +
      '<path fill="currentColor" d="M16 1H4a2 2 0 0 0-2 2v14h2V3h12V1zm3 4H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2zm0 16H8V7h11v14z"/></svg>';
    button.addEventListener("click", function () {
      var address = new URL(link.getAttribute("href"), window.location.href).href;
      navigator.clipboard.writeText(address).then(
        function () { say("Link copied: " + address); },
        function () { say("Copy this link: " + address); }
      );
    });
    // The permalink and its button wrap to a new line together, never the button alone.
    var tools = document.createElement("span");
    tools.className = "clause-tools";
    link.insertAdjacentElement("beforebegin", tools);
    tools.appendChild(link);
    tools.appendChild(button);
  });
})();
