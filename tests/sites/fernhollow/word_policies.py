"""The Word policies of Fernhollow Primary School, an invented school of the invented Kestrel Vale
Learning Trust, written as school staff write them in Word: numbers typed into the text (right in
one policy, wrong in another), Word's heading levels skipped, bold lines for headings, an opening
table of the policy's record, tables of contacts, placeholders left from a template, a footnote."""

from __future__ import annotations

from pathlib import Path

from word_files import WordDocument


def behaviour() -> WordDocument:
    """Numbers typed into every heading and paragraph, as the site would number them."""
    word = WordDocument()
    word.table([["Date approved", "14/10/2025"], ["Approved by", "Full Governing Board"],
                ["Review date", "Autumn 2026"], ["Version", "3"], ["Policy owner", "Headteacher"]])
    word.title("Behaviour Policy")
    word.heading("1. Aims", 1)
    word.paragraph("1.1 This policy sets out how Fernhollow Primary School promotes good behaviour, so that "
                   "every pupil can learn and feel safe.")
    word.paragraph("1.2 It applies in school, on trips and on the way to and from school.")
    word.heading("2. Roles and responsibilities", 1)
    word.heading("2.1 The governing board", 3)
    word.paragraph("2.1.1 The governing board reviews this policy every year and holds the headteacher to "
                   "account for it.")
    word.heading("2.2 Staff", 3)
    word.paragraph("2.2.1 Staff will:")
    word.list_item("model the behaviour they expect;")
    word.list_item("record every serious incident on the same day;")
    word.list_item("tell parents about a pattern of poor behaviour, as set out in section 2.3.")
    word.heading("2.3 Parents and carers", 3)
    word.paragraph("2.3.1 We ask parents and carers to support the school's rules and to tell the class "
                   "teacher about anything that may affect their child's behaviour.")
    word.heading("3. Rewards", 1)
    word.paragraph("3.1 Pupils can earn:")
    word.list_item("praise and a note home;", numbered=True)
    word.list_item("house points;", numbered=True)
    word.list_item("a place on the Friday celebration board.", numbered=True)
    word.heading("4. Sanctions", 1)
    word.footnote("4.1 Sanctions follow the Department for Education's guidance on behaviour in schools.",
                  "Behaviour in schools: advice for headteachers and school staff.")
    word.paragraph("4.2 A pupil who is removed from class will spend no longer than ",
                   ("<insert number>", "highlight"), " minutes in the reflection room.")
    return word


def complaints() -> WordDocument:
    """No numbers; Heading 1 then Heading 3; bold lines as headings; a key/value table of the record
    under the title; a table of contacts; a highlighted placeholder; an appendix."""
    word = WordDocument()
    word.title("Complaints Procedure")
    word.table([["Approved by", "Trust Board"], ["Date approved", "March 2025"],
                ["Review date", "Spring term 2027"]])
    word.heading("Introduction", 1)
    word.paragraph("Fernhollow Primary School takes every concern seriously. Most concerns can be settled "
                   "informally with the class teacher.")
    word.heading("Who can complain", 3)
    word.paragraph("Anyone may make a complaint about any service the school provides, unless another "
                   "procedure applies.")
    word.bold_line("Stage 1: informal concern")
    word.paragraph("Speak to the class teacher within 10 school days of the event.")
    word.bold_line("Stage 2: formal complaint")
    word.paragraph("Write to the headteacher using the complaint form in Appendix 1.")
    word.list_item("Say what happened and when.")
    word.list_item("Say what you would like the school to do.")
    word.list_item("Attach any emails or letters you have.", level=1)
    word.list_item("Keep a copy for yourself.", level=1)
    word.paragraph("The headteacher will reply within ", ("[number]", "highlight"), " school days.")
    word.bold_line("Stage 3: panel hearing")
    word.paragraph("If you are not satisfied, ask the clerk to governors for a panel hearing.")
    word.bold_line("Handling a complaint")
    word.paragraph("Staff log every formal complaint on the day it arrives and tell the headteacher.")
    word.heading("Contacts", 1)
    word.table([["Role", "Name", "Email"],
                ["Headteacher", "Ms A. Example", "head@fernhollow.example"],
                ["Clerk to governors", "Mr B. Sample", "clerk@fernhollow.example"]], bold_first_row=True)
    word.heading("Appendix 1: Complaint form", 1)
    word.paragraph("Your name, your child's name and class, and what you would like the school to do.")
    return word


def charging() -> WordDocument:
    """A trust template: numbers typed by hand with one missing (kept as typed), and placeholders."""
    word = WordDocument()
    word.title("Charging and Remissions Policy")
    word.paragraph("This policy is based on the Kestrel Vale Learning Trust template and applies to "
                   "[school name].")
    word.heading("1 Education that is free", 1)
    word.paragraph("1.1 Education during school hours is free of charge.")
    word.paragraph("1.3 We may ask for voluntary contributions towards trips and visitors.")
    word.heading("2 What we charge for", 1)
    word.list_item("Music tuition for individual pupils.")
    word.list_item("Residential trips: board and lodging.")
    word.list_item("Breakages caused on purpose: the cost of repair.")
    word.heading("3 Remissions", 1)
    word.paragraph("3.1 Parents who receive the benefits listed by the Department for Education will not be "
                   "charged for board and lodging on residential trips. Contact XXX in the office.")
    return word


WORD_POLICIES = {"Behaviour Policy.docx": behaviour, "Complaints Procedure.docx": complaints,
                 "Charging and Remissions Policy.docx": charging}


def write_word_policies(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in WORD_POLICIES.items():
        make().save(folder / name)
        written.append(folder / name)
    return written
