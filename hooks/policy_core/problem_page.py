"""The page a preview shows in place of the site while something stops the build.

An editor looking at the preview in a browser may never see the terminal: the page lists every
problem with its file, line and fix, and reloads by itself once a later build is ready. It is only
ever a preview's page; a build stops with the same messages instead.
"""

from __future__ import annotations

from html import escape

from .errors import PolicyError

# Asks the preview server (MkDocs' and ProperDocs' live reload: /livereload/<since>/<any number>)
# to answer once a build that started after `since` has finished, then shows that build. The
# server answers with its newest build's time, so an answer not past `since` means "nothing yet".
RELOAD_SCRIPT = """(function () {
  var since = %d;
  function ask() {
    var request = new XMLHttpRequest();
    request.onloadend = function () {
      if (request.status === 200 && parseFloat(request.responseText) > since) {
        location.reload();
      } else {
        setTimeout(ask, request.status === 200 ? 0 : 3000);
      }
    };
    request.open("GET", "/livereload/" + since + "/" + Date.now());
    request.send();
  }
  ask();
})();"""

STYLE = """
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #0b0c0c;
       background: #fff; }
main { max-width: 40em; margin: 0 auto; padding: 1.5em 1em 3em; }
h1 { font-size: 1.6em; line-height: 1.2; margin: 0 0 .6em; }
h2 { font-size: 1.1em; margin: 0 0 .3em; overflow-wrap: anywhere; }
ol { list-style: none; margin: 1.5em 0; padding: 0; }
li { border-left: 5px solid #d4351c; padding: .2em 0 .2em 1em; margin: 0 0 1.5em; }
p { margin: 0 0 .6em; overflow-wrap: anywhere; }
li p { white-space: pre-wrap; }  /* a fix's example of settings keeps its lines and indents */
.note { color: #505a5f; }
@media (min-width: 641px) { body { font-size: 19px; } main { padding-top: 3em; } }
"""


def problem_page(errors: list[PolicyError], since: int) -> str:
    """The whole page, its words escaped. `since`: the live-reload server's time when this build
    finished (milliseconds), so the page reloads when the next build is ready."""
    count = len(errors)
    heading = "1 problem to fix" if count == 1 else f"{count} problems to fix"
    items = "\n".join(f"""<li>
<h2>{escape(error.file)}, line {error.line}</h2>
<p>{escape(error.problem)}</p>
<p><strong>How to fix it:</strong> {escape(error.fix)}</p>
</li>""" for error in errors)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>{heading} before the site can be built</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<h1>{heading} before the site can be built</h1>
<p>The preview shows the site again as soon as every problem is fixed. Fix each one in the file and
line it names and save the file: this page reloads by itself.</p>
<ol>
{items}
</ol>
<p class="note">Only the preview shows this page. Building the site stops with the same messages.</p>
</main>
<script>{RELOAD_SCRIPT % since}</script>
</body>
</html>
"""
