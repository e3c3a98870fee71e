"""What the school's editor changes in each imported policy before publishing it: audience tags,
cross-references and the placeholders filled in. Each change replaces words that must be in the
imported file exactly once, so a change in what the importer writes shows up as a failing test."""

EDITOR_CHANGES = {
    "behaviour-policy.md": [
        ("numbering: true\n", "numbering: true\naudiences: [staff, governors, volunteers, parents, pupils]\n"
                              "child_friendly: https://www.fernhollow.example/behaviour-for-pupils.pdf\n"),
        ("### The governing board\n", '### The governing board { audience="governors" }\n'),
        ("### Staff\n", '### Staff { audience="adults-in-school" }\n'),
        ("### Parents and carers\n", '### Parents and carers { audience="parents" }\n'),
        ("as set out in section 2.3.", "as set out in [](#parents-and-carers)."),
        (r"no longer than \[insert number\] minutes", "no longer than 20 minutes"),
    ],
    "complaints-procedure.md": [
        ("#### Handling a complaint\n", '#### Handling a complaint { audience="adults-in-school" }\n'),
        ("using the complaint form in Appendix 1.", "using the complaint form in [](#appendix-1-complaint-form)."),
        ("| Clerk to governors | Mr B. Sample | clerk@fernhollow.example |\n",
         '| Clerk to governors | Mr B. Sample | clerk@fernhollow.example |\n{ audience="staff governors" }\n'),
    ],
    # The charging policy is published as imported: its placeholders are still to be filled in.
    "charging-and-remissions-policy.md": [],
}
