"""The browser editor at /admin/: a form for each policy's record and a Markdown editor for its text,
saving to the school's GitHub repository as a pull request. Its settings are made from mkdocs.yml on
every build, so the form offers exactly the audiences the site declares and writes what the build reads.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass

import yaml

from .audiences import Audiences
from .editor_package import cached_package, program_files
from .errors import PolicyError
from .governance import REVIEW_YEARS
from .settings import SiteSettings

FOLDER = "admin/"  # in the built site
HELP_PAGE = "tagging-help.html"
TOKEN_PAGE = "sign-in-with-a-token.html"
STYLE = ("<style>body{font:1.1rem/1.5 sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem}\n"
         "pre,code{background:#f3f2f1}pre{padding:.5rem;white-space:pre-wrap}td{padding:.2rem .8rem .2rem 0}</style>\n")
EDITOR_SETTINGS = ("repo", "branch", "sign_in")
GITHUB = ("https://api.github.com", "https://www.githubstatus.com")  # its API, and its status, which Decap checks
GITHUB_REPO = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+\Z")
GITHUB_ADDRESS = re.compile(r"https://github\.com/(?P<repo>[^/]+/[^/]+?)(?:\.git)?/?\Z")
EXAMPLE = ("      editor:\n        repo: your-github-account/policies\n        branch: main")
DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "D MMMM YYYY", "time_format": False,
        "picker_utc": True, "required": False}


@dataclass(frozen=True)
class EditorSettings:
    repo: str  # owner/name on GitHub
    branch: str  # where published policies are: pull requests are made against it
    sign_in: str | None  # the address of the GitHub sign-in service, if not Netlify's


def read_editor_settings(value, repo_url: str | None, file: str, line: int,
                         switch: str | None = None) -> tuple[EditorSettings | None, list[PolicyError]]:
    """`value` is extra.editor in mkdocs.yml, written at `line`; `switch` the POLICY_EDITOR variable,
    which turns the editor off (0) for one build, as offline."""
    if switch is not None and switch.strip() not in ("", "0", "1"):
        return None, [PolicyError("POLICY_EDITOR", 1, f'POLICY_EDITOR is "{switch}", which is not 0 or 1.',
                                  "set POLICY_EDITOR=0 to build without the browser editor, or unset it.")]
    if value in (None, False) or (switch or "").strip() == "0":
        return None, []
    settings = {} if value is True else value
    if not isinstance(settings, dict):
        return None, [PolicyError(file, line, "The editor setting is not a list of the editor's settings.",
                                  f"write it under extra in mkdocs.yml, for example:\n{EXAMPLE}")]
    unknown = [str(name) for name in settings if name not in EDITOR_SETTINGS]
    if unknown:
        return None, [PolicyError(file, line, f'The editor setting "{unknown[0]}" is not one the site knows.',
                                  f"use only {', '.join(EDITOR_SETTINGS)}, for example:\n{EXAMPLE}")]
    from_address = GITHUB_ADDRESS.match(repo_url or "")
    repo = settings.get("repo") or (from_address and from_address["repo"])
    branch, sign_in = settings.get("branch", "main"), settings.get("sign_in")
    if not isinstance(repo, str) or not GITHUB_REPO.match(repo):
        problem = (f'The editor\'s repo, "{repo}", is not a GitHub repository\'s name.' if repo else
                   "The editor does not know which GitHub repository holds the policies.")
        return None, [PolicyError(file, line, problem, "write its owner and name as in its address on GitHub "
                                                       f"(github.com/owner/name), for example:\n{EXAMPLE}")]
    if not isinstance(branch, str) or not branch.strip():
        return None, [PolicyError(file, line, "The editor's branch is not a branch's name.",
                                  "write the branch the site is published from, usually: branch: main")]
    if sign_in is not None and not (isinstance(sign_in, str) and sign_in.startswith("https://")):
        return None, [PolicyError(file, line, "The editor's sign_in is not an https:// address.",
                                  "write the address of the school's GitHub sign-in service (see README, "
                                  "\"The browser editor\"), or remove sign_in to use Netlify's.")]
    return EditorSettings(repo, branch.strip(), sign_in), []


def editor_config(editor: EditorSettings, declared: Audiences, site_url: str) -> str:
    """The editor's config.yml: one collection, the policies, whose form has the record's settings
    in the forms the build reads."""
    backend = {"name": "github", "repo": editor.repo, "branch": editor.branch}
    if editor.sign_in:
        backend["base_url"] = editor.sign_in
    audiences = [{"label": label, "value": key} for key, label in declared.labels.items()]
    audiences += [{"label": f"{key} (group: {declared.describe(keys)})", "value": key}
                  for key, keys in declared.groups.items()]
    policy = {
        "name": "policies", "label": "Policies", "label_singular": "Policy",
        "folder": "docs/policies", "extension": "md", "format": "frontmatter", "create": True,
        "slug": "{{slug}}", "summary": "{{title}}", "editor": {"preview": False},
        "fields": [
            {"label": "Title", "name": "title", "widget": "string"},
            {"label": "Who it is for", "name": "audiences", "widget": "select", "multiple": True,
             "required": False, "options": audiences,
             "hint": "Leave empty for everyone (but audiences only some policies are for)."},
            {"label": "Owner", "name": "owner", "widget": "string", "required": False,
             "hint": "The role that looks after the policy, such as Headteacher."},
            {"label": "Approved on", "name": "approved", **DATE},
            {"label": "Approved by", "name": "approved_by", "widget": "string", "required": False,
             "hint": "Such as Full Governing Body."},
            {"label": "Minute reference", "name": "minute_ref", "widget": "string", "required": False},
            {"label": "Version", "name": "version", "widget": "string", "required": False,
             "hint": "Leave empty if the school does not number its versions."},
            {"label": "Review", "name": "review", "widget": "string", "required": False,
             "hint": f"How often: {', '.join(REVIEW_YEARS)}. Or when the next review is due, such as "
                     "2027-09-01 or Spring term 2028."},
            {"label": "Statutory", "name": "statutory", "widget": "boolean", "required": False,
             "hint": "On if the law requires the school to have this policy."},
            {"label": "Summary", "name": "summary", "widget": "text", "required": False,
             "hint": "A sentence or two in plain English, shown first."},
            {"label": "Change notes", "label_singular": "change note", "name": "changes", "widget": "list",
             "required": False, "add_to_top": True, "summary": "{{fields.date}}: {{fields.note}}",
             "hint": "Newest first.",
             "fields": [{"label": "Version", "name": "version", "widget": "string", "required": False},
                        {"label": "Date", "name": "date", **DATE, "required": True},
                        {"label": "What changed", "name": "note", "widget": "text"}]},
            # Raw Markdown only: the rich-text editor would rewrite the tags ({ audience="staff" }) as text.
            {"label": "Text", "name": "body", "widget": "markdown", "modes": ["raw"],
             "hint": f"Tag a part for some readers, such as {{ audience=\"staff\" }}: [how to tag]({HELP_PAGE})"},
        ],
    }
    config = {
        "backend": backend,
        "publish_mode": "editorial_workflow",  # each change a pull request, approved before it is published
        "site_url": site_url, "display_url": site_url, "locale": "en",
        # Decap needs a folder for uploads; not docs/policies/, where it would list the policies as pictures.
        "media_folder": "docs/files", "public_folder": "/files",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [policy],
    }
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def _page(title: str, body: str, style: str = "") -> str:
    """One of the editor's pages: never indexed, sending no address onwards, and asking nothing of any
    site but this one and GitHub, whatever Decap or a later version of it would. `title` is text."""
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"connect-src 'self' {' '.join(GITHUB)}\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"robots\" content=\"noindex, nofollow\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
            f"<title>{html.escape(title)}</title>\n{style}</head>\n<body>\n{body}</body>\n</html>\n")


def editor_page(school: str) -> str:
    """The page at /admin/ that loads the editor, with the way in for those who sign in with a token."""
    return _page(f"Edit the policies: {school}",
                 "<noscript>The policy editor needs JavaScript: turn it on in your browser.</noscript>\n"
                 f"<p style=\"position:fixed;bottom:0;left:0;margin:.5rem;z-index:1\"><a href=\"{TOKEN_PAGE}\">"
                 "Sign in with a GitHub token instead</a></p>\n"
                 "<script src=\"decap-cms.js\"></script>\n")


def token_page(school: str) -> str:
    """Signing in with a GitHub token, for a school without a sign-in service: the token is kept
    where Decap keeps the one GitHub's own sign-in gives it, in this browser only."""
    return _page(f"Sign in with a GitHub token: {school}", f"""<main>
<h1>Sign in with a GitHub token</h1>
<p>On GitHub, open Settings, Developer settings, Personal access tokens, Fine-grained tokens, and
generate a token for the policies' repository only, with "Contents" and "Pull requests" set to
"Read and write". Paste it here. It stays in this browser until you log out of the editor.</p>
<form id="token-form">
<p><label for="token">Your GitHub token</label><br>
<input id="token" type="password" autocomplete="off" required size="50"></p>
<p><button type="submit">Sign in</button></p>
</form>
<p><a href="./">Back to the editor</a></p>
</main>
<script>
document.getElementById("token-form").addEventListener("submit", function (event) {{
  event.preventDefault();
  var token = document.getElementById("token").value.trim();
  localStorage.setItem("decap-cms-user", JSON.stringify({{token: token, backendName: "github"}}));
  location.href = "./";
}});
</script>
""", STYLE)


def help_page(school: str, declared: Audiences) -> str:
    """The tagging rules in short, one click from the editor's text box, with this site's audience keys."""
    keys = "".join(f"<tr><td><code>{html.escape(key)}</code></td><td>{html.escape(label)}</td></tr>\n"
                   for key, label in declared.labels.items())
    keys += "".join(f"<tr><td><code>{html.escape(key)}</code></td><td>{html.escape(declared.describe(group))}"
                    "</td></tr>\n" for key, group in declared.groups.items())
    return _page(f"How to tag a policy: {school}", f"""<main>
<h1>How to tag who a part of a policy is for</h1>
<p>A part with no tag is for everyone the policy is for ("Who it is for" in the form). A tag names one
or more of the keys below, separated by spaces, inside straight double quotes. Type the quotes
yourself: curly quotes pasted from Word are not read.</p>
<h2>A section</h2>
<p>At the end of the heading's line. It tags everything down to the next heading with as many # or fewer.</p>
<pre>## If the rules are broken {{ audience="staff volunteers" }}</pre>
<h2>A paragraph</h2>
<p>On its own line, directly under the paragraph, with no empty line between them.</p>
<pre>Please phone the school office, not your child's mobile.
{{ audience="parents" }}</pre>
<h2>A list item</h2>
<p>At the end of the item's first line.</p>
<pre>- Staff keep their phones in the staff room. {{ audience="staff" }}</pre>
<h2>A name for links to a clause</h2>
<pre>## Contacting your child {{ #contacting-your-child audience="parents" }}</pre>
<p>A tag can only narrow what it sits in: inside a section for staff, a tag cannot name parents.
If something is wrong, the pull request's check names the line and says how to fix it.</p>
<h2>The keys of this site</h2>
<table>
<thead><tr><th>Key</th><th>Who it is</th></tr></thead>
<tbody>
{keys}</tbody>
</table>
</main>
""", STYLE)


def editor_files(value, repo_url: str | None, site: SiteSettings, file: str, line: int, folder: str,
                 docs_dir: str, switch: str | None = None, download=None) -> tuple[dict[str, bytes], list[PolicyError]]:
    """Every file of the editor, by its name in admin/, when mkdocs.yml asks for it (`value`, extra.editor,
    at `line`); `folder` is the site's, where .cache/ is."""
    editor, errors = read_editor_settings(value, repo_url, file, line, switch)
    if editor is None:
        return {}, errors
    own = os.path.join(docs_dir, FOLDER)
    if os.path.exists(own):
        return {}, [PolicyError(os.path.relpath(own), 1, "The site puts the browser editor in admin/, so the "
                                                        "files in docs/admin/ would be replaced without a word.",
                                "rename the folder docs/admin/, or move its files elsewhere in docs/.")]
    package, errors = cached_package(folder, file, line, download)
    if package is None:
        return {}, errors
    return {**program_files(package), "index.html": editor_page(site.school).encode(),
            "config.yml": editor_config(editor, site.audiences, site.site_url).encode(),
            HELP_PAGE: help_page(site.school, site.audiences).encode(), TOKEN_PAGE: token_page(site.school).encode()}, []


def write_editor(files: dict[str, bytes], site_dir: str) -> None:
    """Written after MkDocs has built the site, so the editor is in no sitemap, search or navigation."""
    if not files:
        return
    target = os.path.join(site_dir, *FOLDER.split("/"))
    os.makedirs(target, exist_ok=True)
    for name, content in files.items():
        with open(os.path.join(target, name), "wb") as written:
            written.write(content)
