"""Learned stages trained by the project from ../shared/train (docs/models.md).

``newsgraph.learned.events`` holds the event relevance-and-type stage (the "typer") that accepts, rejects or
retypes the candidates the pattern coder proposes; ``split`` the fixed sealed-validation rule.
"""
