// Material downloads the whole search index as every page loads. On a site of many policies that is
// most of what a parent on a phone would download, so this holds that one request back until the
// reader opens search. It must run before Material's own script.
(function () {
  "use strict";
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var searchOpened = false;

  XMLHttpRequest.prototype.open = function (method, url) {
    this.policyAddress = String(url);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var body = arguments;
    if (!searchOpened && /\/search\/search_index\.json$/.test(request.policyAddress || "")) {
      held.push(function () { send.apply(request, body); });
      return undefined;
    }
    return send.apply(request, body);
  };

  function openSearch() {
    if (searchOpened) return;
    searchOpened = true;
    held.splice(0).forEach(function (release) { release(); });
  }
  document.addEventListener("focusin", function (event) {
    if (event.target.classList && event.target.classList.contains("md-search__input")) openSearch();
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) openSearch();
  });
})();
