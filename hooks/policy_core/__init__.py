"""The policy core: policies, clauses, audiences and views, with no knowledge of MkDocs.

A later port to another static site engine keeps this package and rewrites only the hook
module and the templates.
"""
