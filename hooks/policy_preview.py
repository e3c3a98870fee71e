"""A preview (`mkdocs serve`) that stays useful while something stops the build.

MkDocs ends `mkdocs serve` when its first build stops, and after an edit that stops a build it
goes on showing the last good site: an editor who only looks at the browser never learns why.
In a preview, the hooks' problems are kept instead of stopping the build: the rest of the build
makes no page, and every address answers with the page listing the problems (as the site's
page-not-found page), which reloads by itself once a build after it is ready. `mkdocs build`
stops with the same messages, as ever.
"""

from __future__ import annotations

import functools
import os
import time

from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import clean_directory

from policy_core.errors import PolicyError, report
from policy_core.problem_page import problem_page

log = get_plugin_logger("policy_site")


# How often the preview looks for a saved file, in seconds. MkDocs looks every half second: a quarter
# of a second of waiting, on average, before a build even starts, a good part of the one second
# an editor should wait to see a saved word. Looking at a hundred policies' files takes about a millisecond.
LOOK_FOR_SAVES_EVERY = 0.1


def notice_saves_sooner(server) -> None:
    """MkDocs' watcher (watchdog's polling observer) looks at each watched folder every half
    second and has no setting for it: each folder's looker is set to look more often. Should a
    later watchdog name it otherwise, nothing changes but the wait."""
    for looker in getattr(server.observer, "emitters", ()):
        if isinstance(getattr(looker, "_timeout", None), (int, float)):
            looker._timeout = min(looker._timeout, LOOK_FOR_SAVES_EVERY)


class BuildStops(PluginError):
    """The problems that stop the build, kept as values for the preview's page."""

    def __init__(self, errors: list[PolicyError]):
        super().__init__(report(errors))
        self.errors = list(errors)


class Preview:
    """What the preview knows of the build under way: whether it is a preview, and its problems."""

    def __init__(self):
        self.active = False  # set once per run of the mkdocs command: True for `mkdocs serve`
        self.problems: list[PolicyError] = []

    def keeps_problems(self, event):
        """Runs a hook as it is, but in a preview a problem it stops the build for is kept, and from
        then on the build's later events make no page, then write the page of problems."""

        @functools.wraps(event)
        def run(*args, **kwargs):
            if not self.active:
                return event(*args, **kwargs)
            if event.__name__ == "on_config":  # each build starts here
                self.problems = []
            if not self.problems:
                try:
                    return event(*args, **kwargs)
                except BuildStops as stop:
                    self.problems = stop.errors
                    log.error(f"{stop}\nThe preview shows these problems in the browser until they are fixed.")
            return getattr(self, event.__name__)(*args, **kwargs)

        return run

    def on_config(self, config):
        return config

    def on_files(self, files, config):
        config.nav = None  # the school's own list of pages would name pages this build does not make
        return self._without_pages(files, config)

    def on_env(self, env, config, files):
        self._without_pages(files, config)
        return env

    def on_post_build(self, config):
        """Removes what the build wrote before the problem was found, so no page of the last good
        site is shown as if nothing were wrong; MkDocs serves 404.html at every address it lacks."""
        self._show_problems(config.site_dir)

    def on_serve(self, server, config):
        """MkDocs reads mkdocs.yml before any hook can run, and after an edit that leaves it unreadable
        it goes on showing the last good site: the preview shows that problem as it shows the others."""
        build, file = server.builder, os.path.relpath(config.config_file_path)

        def build_or_show_problem():
            try:
                build()
            except (ConfigurationError, Abort) as error:  # MkDocs names each setting it refuses
                log.error(f"{error}\nThe preview shows this problem in the browser until it is fixed.")
                self.problems = [settings_problem(error, file)]
                self._show_problems(server.root)

        server.builder = build_or_show_problem
        notice_saves_sooner(server)
        return server

    def _show_problems(self, site_dir: str) -> None:
        clean_directory(site_dir)
        since = round(time.monotonic() * 1000)  # the live-reload server's clock
        with open(os.path.join(site_dir, "404.html"), "w", encoding="utf-8") as page:
            page.write(problem_page(self.problems, since))

    @staticmethod
    def _without_pages(files, config):
        for file in list(files):
            files.remove(file)
        config.theme.static_templates.clear()  # the theme's 404 and sitemap pages need the pages' data
        config.extra_templates = []
        return files


def settings_problem(error: ConfigurationError | Abort, file: str) -> PolicyError:
    """What MkDocs could not read in mkdocs.yml, at the line its YAML reader names (MkDocs names
    each setting it refuses in the terminal, above)."""
    mark = getattr(error.__context__, "problem_mark", None)
    problem = getattr(error.__context__, "problem", None)
    if problem:
        return PolicyError(file, mark.line + 1 if mark else 1, f"The settings are not valid YAML: {problem}.",
                           'write one setting per line as "name: value"; put quotes around values that contain a '
                           "colon, close every [ with a ], and indent each setting under the one it belongs to.")
    return PolicyError(file, 1, f"MkDocs cannot use these settings ({error}).",
                       "fix the settings MkDocs names in the terminal window where the preview was started, "
                       "and save mkdocs.yml again.")
