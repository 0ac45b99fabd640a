"""The web explorer (``newsgraph serve``): read-only pages and their JSON twins over a store."""

from newsgraph.web.app import create_app

__all__ = ["create_app"]
