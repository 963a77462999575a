"""Permission rules live in access.py, the choke point; importing it registers them."""

from waspada.regions import access  # noqa: F401
