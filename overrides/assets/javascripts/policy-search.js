// Search with Material's own search box and results, over the Pagefind index the build makes
// (hooks/policy_core/search.py). Material would download a search worker as every page loads, then
// the whole index as search opens; this stands in for that worker, and loads nothing until the
// reader opens search: then Pagefind's small script, and for each query only the parts of the index
// and the results it needs. It must run before Material's own script.
(function () {
  "use strict";
  var MATERIAL_WORKER = /\/workers\/search\.[0-9a-f]+\.min\.js$/;
  var MATERIAL_INDEX = /\/search\/search_index\.json$/;
  var SHOWN = 10;  // pages whose results are shown: each costs a small download
  var TYPING_PAUSE = 100;  // milliseconds
  var MOST_READ = 30;  // pages read at most to find them, on an audience's version or hub
  var CLAUSE_MARK = /^§ ?/;  // the heading that marks where a clause starts, in Pagefind's documents
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  // Material's messages to and from its worker

  // Material asks for its index (now empty) as the page loads: held back until search is opened, so
  // that Pagefind is only loaded then.
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
    if (!searchOpened && MATERIAL_INDEX.test(request.policyAddress || "")) {
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

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (char) { return "&#" + char.charCodeAt(0) + ";"; });
  }

  // Pagefind's excerpt is HTML, the matches in <mark>, but with an editor's & left as it is, which a
  // browser would read as the start of a character's name: only the escaped < and > that search.py
  // marked are kept, so that the words "&lt;" are not read as <.
  function excerpt(html) {
    return html.replace(CLAUSE_MARK, "").replace(/\uFDD0&(lt|gt);|&/g, function (found, name) {
      return name ? "&" + name + ";" : "&amp;";
    });
  }

  // On an audience's version or hub, search finds only what that audience's versions show, and a
  // result opens the clause in the reader's own version.
  function audience() {
    var search = document.querySelector("[data-md-component=search]");
    return (search && search.getAttribute("data-policy-audience")) || null;
  }

  // One page's results as Material shows them: its best clauses first, then the page itself.
  function resultsOf(page, who) {
    var about = JSON.parse(page.meta.policy || "{}");
    var clauses = about.clauses || {};
    var home = page.url.replace(/^\//, "");
    if (who && about.hub_of && about.hub_of !== who) return null;  // another audience's page
    if (who && about.versions) {
      if (!about.versions[who]) return null;  // a policy with nothing for this reader
      home = about.versions[who];
    }
    var found = [];
    var pageMatched = false;
    page.sub_results.forEach(function (part) {
      var id = part.anchor && part.anchor.id;
      if (!id || part.url.indexOf("#") < 0) { pageMatched = true; return; }
      var clause = clauses[id];
      if (who && about.clauses && (!clause || clause[1].indexOf(who) < 0)) return;  // not in the reader's version
      var score = (part.weighted_locations || []).reduce(function (sum, where) { return sum + where.balanced_score; }, 0);
      found.push({location: home + "#" + id, title: escapeHtml(clause ? about.sections[clause[0]] : about.headings[id]),
                  text: excerpt(part.excerpt), score: score, terms: {}});
    });
    if (!found.length && !pageMatched) return null;
    found.sort(function (a, b) { return b.score - a.score; });
    found.push({location: home, title: escapeHtml(page.meta.title), text: "", score: 0, terms: {}});
    return found;
  }

  // The best pages' results, SHOWN pages at a time, until SHOWN pages have results this reader may
  // see (on an audience's version, a page whose matching clauses are all for others has none).
  function shown(results, who, items, from, stale) {
    var pages = results.slice(from, from + SHOWN);
    return Promise.all(pages.map(function (result) { return result.data(); })).then(function (data) {
      data.forEach(function (page) {
        var found = resultsOf(page, who);
        if (found && items.length < SHOWN) items.push(found);
      });
      var next = from + SHOWN;
      if (stale()) return null;
      return items.length < SHOWN && next < Math.min(results.length, MOST_READ) ? shown(results, who, items, next, stale) : items;
    });
  }

  // What Material's search worker would do, with Pagefind instead of the whole index in memory.
  class PolicySearch extends EventTarget {
    constructor() {
      super();
      this.latest = 0;
    }
    answer(message) {
      this.dispatchEvent(new MessageEvent("message", {data: message}));
    }
    postMessage(message) {
      var self = this;
      if (message.type === SETUP) {
        var config = JSON.parse(document.getElementById("__config").textContent);
        var script = new URL(config.base.replace(/\/?$/, "/") + "pagefind/pagefind.js", location.href);
        this.pagefind = import(script.href).then(function (pagefind) {
          // Addresses from the site's root, as Material's are: Pagefind would put the site's own path before
          // them. No worker of Pagefind's own: a query takes milliseconds, and the worker a download and a start.
          return pagefind.options({baseUrl: "/", noWorker: true})
            .then(function () { return pagefind.init(); })
            .then(function () { return pagefind; });
        });
        this.pagefind.then(function () { self.answer({type: READY}); });
      } else if (message.type === QUERY) {
        // Material asks again at each key: search once typing pauses, and only for the latest words.
        var asked = ++this.latest;
        var who = audience();
        var stale = function () { return asked !== self.latest; };
        clearTimeout(this.typing);
        this.typing = setTimeout(function () {
          self.pagefind
            .then(function (pagefind) { return pagefind.search(message.data); })
            .then(function (search) {
              return stale() ? null : shown(search.results, who, [], 0, stale).then(function (items) {
                // The count above the results says when more policies match than are shown.
                var box = document.querySelector("[data-md-component=search]");
                if (box && items) box.setAttribute("data-policy-more", items.length === SHOWN && search.results.length > SHOWN);
                return items;
              });
            })
            .then(function (items) {
              if (items && !stale()) self.answer({type: RESULT, data: {items: items}});
            });
        }, TYPING_PAUSE);
      }
    }
    terminate() {}
  }

  var Worker = window.Worker;
  window.Worker = function (url, options) {
    return MATERIAL_WORKER.test(String(url)) ? new PolicySearch() : new Worker(url, options);
  };
})();
