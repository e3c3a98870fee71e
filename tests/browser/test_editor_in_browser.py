"""The browser editor at /admin/, in Chromium (issue 15): a policy is added and another's record edited
through the form, each saved as a change to approve and then published, and the site builds from
what was written. Decap's in-memory test-repo stands in for GitHub; everything else is the site's own
config.yml, as the build made it."""

import json
import shutil

import yaml
from playwright.sync_api import expect

from helpers import Site, with_editor_package

# An existing policy, with settings the form does not show, which an edit must keep.
PHONES = """---
title: Phone Policy
owner: Headteacher
approved: Autumn term 2025
renamed_from: mobiles
changes:
  - date: 2025-09-01
    note: First version.
    clauses: [lockers]
---

# Phone Policy

Phones stay in bags.

- Staff use lockers. { #lockers audience="staff" }
"""


def editor_site(root) -> Site:
    site = Site(root)
    with open(root / "mkdocs.yml", "a") as settings:
        settings.write("  editor:\n    repo: oakfield/policies\n")
    with_editor_package(root)
    return site.built()


def open_editor(browser, address):
    """/admin/ with the site's own config.yml, but Decap's in-memory repository in place of GitHub,
    holding the phone policy; every request the page makes is recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("dialog", lambda dialog: dialog.accept())  # "Are you sure you want to publish?"
    # test-repo lists a folder by its whole name but stores files by each part of their path: one folder, two names.
    folder = {"phones.md": {"path": "docs/policies/phones.md", "content": PHONES}}
    page.add_init_script(f"(() => {{ const folder = {json.dumps(folder)}; "
                         "window.repoFiles = {'docs/policies': folder, docs: {policies: folder}}; })();")

    def in_memory(route):
        config = yaml.safe_load(route.fetch().text())
        assert config["backend"] == {"name": "github", "repo": "oakfield/policies", "branch": "main"}
        config["backend"] = {"name": "test-repo"}
        route.fulfill(body=yaml.safe_dump(config), content_type="text/yaml")

    page.route("**/admin/config.yml", in_memory)
    page.goto(address + "admin/")
    page.get_by_role("button", name="Login").click()
    page.get_by_role("link", name="Phone Policy").wait_for()
    return context, page


def save_and_publish(page) -> None:
    """Saved as a draft (a pull request on GitHub), set ready, then published (merged)."""
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Status: Draft").click()
    page.get_by_role("menuitem", name="Ready").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_role("menuitem", name="Publish now").click()


def published(page, name: str, holding: str) -> str:
    """The policy's file in the repository, once what was published there holds `holding`."""
    content = f"window.repoFiles.docs.policies[{json.dumps(name)}]?.content"
    page.wait_for_function(f"() => {content}?.includes({json.dumps(holding)})")
    return page.evaluate(f"() => {content}")


def test_a_policy_added_and_edited_in_the_browser_editor_builds(browser, serve, tmp_path):
    site = editor_site(tmp_path / "school")
    address = serve(site.root / "site")
    context, page = open_editor(browser, address)
    try:
        page.goto(address + "admin/#/collections/policies/new")
        page.get_by_label("Title", exact=True).fill("Visitors Policy")
        for audience in ("Staff", "Parents and carers"):
            page.get_by_label("Who it is for (optional)").fill(audience)
            page.keyboard.press("Enter")
        page.get_by_label("Approved on (optional)").fill("2025-10-14")
        page.get_by_label("Approved by (optional)").fill("Full Governing Body")
        page.get_by_label("Review (optional)").fill("every 2 years")
        page.get_by_role("button", name="Add change note").click()
        page.get_by_label("Date", exact=True).fill("2025-10-14")
        page.get_by_label("What changed").fill("First version.")
        page.locator(".cms-editor-raw [contenteditable=true]").click()
        page.keyboard.type('Visitors sign in at the office.\n\n- Staff wear a lanyard. { audience="staff" }\n')
        with context.expect_page() as opened:  # the tagging help opens beside the form, which keeps its words
            page.get_by_role("link", name="how to tag").click()
        help_page = opened.value
        expect(help_page.get_by_role("heading", level=1)).to_have_text("How to tag who a part of a policy is for")
        expect(help_page.get_by_role("row", name="parents Parents and carers")).to_be_visible()
        help_page.close()
        save_and_publish(page)
        added = published(page, "visitors-policy.md", "lanyard")

        page.goto(address + "admin/#/collections/policies")
        page.get_by_role("link", name="Phone Policy").click()
        expect(page.get_by_label("Title", exact=True)).to_have_value("Phone Policy")  # the entry has opened
        page.get_by_label("Owner (optional)").fill("School Business Manager")
        save_and_publish(page)
        edited = published(page, "phones.md", "School Business Manager")
        assert all(request.startswith(address) for request in page.requests), page.requests
    finally:
        context.close()

    assert added.startswith("---\ntitle: Visitors Policy\naudiences:\n  - staff\n  - parents\napproved: 2025-10-14\n")
    assert "Full Governing Body" in added and "review: every 2 years" in added
    assert "owner: School Business Manager" in edited
    assert "approved: Autumn term 2025" in edited, edited
    assert "renamed_from: mobiles" in edited and "clauses:" in edited  # what the form does not show is kept
    shutil.rmtree(site.root / "site")
    site.write("policies/visitors-policy.md", added).write("policies/phones.md", edited)
    (site.root / "published-links.yml").unlink(missing_ok=True)
    site.built()
    visitors = site.article("policies/visitors-policy/staff")
    assert "Staff wear a lanyard." in visitors.get_text()
    record = site.article("policies/visitors-policy").get_text()
    assert "Approved 14 October 2025" in record and "Full Governing Body" in record
    assert "School Business Manager" in site.article("policies/phones").get_text()


def test_a_token_signs_the_editor_in_to_github_and_the_page_asks_no_other_site(browser, serve, tmp_path):
    site = editor_site(tmp_path / "school")
    address = serve(site.root / "site")
    context = browser.new_context()
    page = context.new_page()
    # GitHub's API, answered here: the test asks the internet nothing.
    page.route("https://api.github.com/**", lambda route: route.fulfill(status=401, json={"message": "Bad credentials"}))
    try:
        page.goto(address + "admin/")
        page.get_by_role("link", name="Sign in with a GitHub token instead").click()
        page.get_by_label("Your GitHub token").fill("github_pat_11oakfield")
        with page.expect_request("https://api.github.com/user") as asked:
            page.get_by_role("button", name="Sign in").click()
        assert asked.value.headers["authorization"] == "token github_pat_11oakfield"
        assert page.url.startswith(address + "admin/")
        page.route("https://elsewhere.example/", lambda route: route.fulfill(
            body="asked", headers={"Access-Control-Allow-Origin": "*"}))
        asked_elsewhere = "fetch('https://elsewhere.example/').then(answer => answer.text(), () => 'refused')"
        assert page.evaluate(asked_elsewhere) == "refused"  # the page's own rule, whatever a script asks
    finally:
        context.close()
