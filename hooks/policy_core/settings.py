"""The site's own settings, from `extra` in mkdocs.yml: the audiences and their groups, the school, and
review reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .audiences import Audiences, read_audience_groups, read_declared_audiences
from .errors import PolicyError
from .source import SourceLines

OVERDUE_REPORTS = ("info", "warning")


@dataclass(frozen=True)
class SiteSettings:
    audiences: Audiences
    school: str
    site_url: str
    today: datetime.date  # the day reviews are counted from, and approvals checked against
    overdue_reviews: str  # "info": listed in the build's log; "warning": `mkdocs build --strict` fails
    pdf: bool = False  # a PDF of every view, beside it
    numbering: bool = False  # number every policy's sections and clauses, unless it says numbering: false


def read_site_settings(extra: dict, site_url: str | None, file: str, text: str, today: str | None,
                       pdf: str | None = None, directory_urls: bool = True) -> tuple[SiteSettings | None, list[PolicyError]]:
    """`today` is the POLICY_TODAY variable, which fixes the day for tests and reproducible builds;
    `pdf` is the POLICY_PDF variable, which turns PDFs on (1) or off (0) whatever the setting says;
    `directory_urls` says whether each page's address ends in "/", as the site's links need."""
    lines = SourceLines(text)
    audiences, errors = read_declared_audiences(extra.get("audiences"), file, lines.setting_line("audiences"),
                                                lambda key: lines.key_line_under("audiences", key))
    if audiences is not None:
        audiences, errors = read_audience_groups(extra.get("audience_groups"), audiences, file,
                                                 lines.setting_line("audience_groups"),
                                                 lambda key: lines.key_line_under("audience_groups", key))
    school = extra.get("school")
    if not isinstance(school, dict) or not isinstance(school.get("name"), str) or not school["name"].strip():
        errors.append(PolicyError(file, lines.setting_line("school"), "The school's name is not set.",
                                  "add it under extra in mkdocs.yml:\n      extra:\n        school:\n"
                                  "          name: Your School's Name"))
    if not site_url:
        errors.append(PolicyError(file, 1, "The site's address (site_url) is not set.",
                                  "add it to mkdocs.yml, for example: site_url: https://policies.your-school.example/ "
                                  "(printed pages and QR codes need it)."))
    if not directory_urls:
        errors.append(PolicyError(file, lines.setting_line("use_directory_urls"),
                                  "use_directory_urls is false, but the site's short links, redirects and "
                                  "record of published links need addresses that end in \"/\".",
                                  "remove use_directory_urls from mkdocs.yml (it is true unless set)."))
    overdue = extra.get("overdue_reviews", "info")
    if overdue not in OVERDUE_REPORTS:
        errors.append(PolicyError(file, lines.setting_line("overdue_reviews"),
                                  f'overdue_reviews is "{overdue}", which the site does not know.',
                                  'write overdue_reviews: info (list them in the build log) or '
                                  'overdue_reviews: warning (a strict build fails while any is overdue).'))
    day = datetime.date.today()
    if today:
        try:
            day = datetime.date.fromisoformat(today)
        except ValueError:
            errors.append(PolicyError("POLICY_TODAY", 1, f'POLICY_TODAY is "{today}", which is not a date.',
                                      "set it as year-month-day, for example POLICY_TODAY=2026-01-31, or unset it."))
    make_pdfs = extra.get("pdf", False)
    if not isinstance(make_pdfs, bool):
        errors.append(PolicyError(file, lines.setting_line("pdf"), f'pdf is "{make_pdfs}", which is not true or false.',
                                  "write pdf: true to make a PDF of every policy version, or pdf: false."))
    numbering = extra.get("numbering", False)
    if not isinstance(numbering, bool):
        errors.append(PolicyError(file, lines.setting_line("numbering"),
                                  f'numbering is "{numbering}", which is not true or false.',
                                  "write numbering: true to number every policy's sections and clauses (1, 1.1, "
                                  "1.1.1), or numbering: false."))
    if pdf is not None and pdf.strip() not in ("", "0", "1"):
        errors.append(PolicyError("POLICY_PDF", 1, f'POLICY_PDF is "{pdf}", which is not 0 or 1.',
                                  "set POLICY_PDF=1 to make PDFs, POLICY_PDF=0 to skip them, or unset it "
                                  "to follow the pdf setting in mkdocs.yml."))
    elif pdf and pdf.strip():
        make_pdfs = pdf.strip() == "1"
    if errors:
        return None, errors
    return SiteSettings(audiences, school["name"].strip(), site_url, day, overdue, make_pdfs, numbering), []


def overdue_message(policies, today: datetime.date) -> str | None:
    """One message listing every policy whose review date has passed."""
    overdue = [policy for policy in policies if policy.record.status(today) == "overdue"]
    if not overdue:
        return None
    listed = "; ".join(f"{policy.title} (due {policy.record.next_review.end.isoformat()}, {policy.file})"
                       for policy in overdue)
    count = "1 policy is" if len(overdue) == 1 else f"{len(overdue)} policies are"
    return f"{count} overdue for review: {listed}."
