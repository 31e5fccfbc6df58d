"""The resources the emulator serves, each a declaration for :mod:`root.emulator.engine` plus only the
behaviour the spec cannot describe (see each module's docstring):

- :mod:`~root.emulator.resources.models`: ``/v1/models/``.

Adding a resource is one module here and one entry in :data:`RESOURCES`.
"""

from __future__ import annotations

from typing import Final

from root.emulator.engine import AdminAction, Resource
from root.emulator.resources.models import MODELS

RESOURCES: Final[tuple[Resource, ...]] = (MODELS,)
ADMIN: Final[dict[str, AdminAction]] = {}
"""Admin endpoints of resources, by path."""
