"""``rootsignals projects list|get|create|update|delete``: the Projects sub-API from a shell.

The conventions of :mod:`root._cli_resources`, whose handlers these commands share: a listing prints an
aligned table on a terminal and JSON lines otherwise; ``get`` and ``update`` print the fields (or
JSON); ``create`` prints the new id alone; ``delete`` asks first on a terminal and needs ``--yes``
otherwise. Like that module, this one imports only the standard library at load time.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from root._cli_resources import (
    _creating,
    _delete_options,
    _deleting,
    _group,
    _json_option,
    _limit_option,
    _listing,
    _showing,
)

if TYPE_CHECKING:
    from root.client import RootSignals

__all__ = ["add_project_commands"]


def add_project_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``projects`` command to the top-level subparsers."""
    leaf = _group(commands, common, "projects", "list, get, create, update and delete projects")
    listing = leaf(
        "list",
        _listing(lambda c, a: c.projects.list(limit=a.limit), "name", "is_default"),
        "List the projects of your organization.",
    )
    _limit_option(listing, "projects")
    _json_option(listing)

    get = leaf("get", _showing(lambda c, a: c.projects.retrieve(a.id)), "Show one project.")
    get.add_argument("id", metavar="ID")
    _json_option(get)

    create = leaf(
        "create",
        _creating(lambda c, a: c.projects.create(name=a.name, description=a.description, is_default=a.default)),
        "Create a project and print its id.",
    )
    create.add_argument("--name", required=True, help="the project's name")
    create.add_argument("--description", default="", metavar="TEXT", help="what the project is for")
    create.add_argument(
        "--default", action="store_true", default=None, help="make it the organization's default project"
    )

    update = leaf("update", _showing(_update), "Change the given fields of a project, and show it.")
    update.add_argument("id", metavar="ID")
    update.add_argument("--name", help="a new name")
    update.add_argument("--description", metavar="TEXT", help="a new description")
    update.add_argument(
        "--default", action="store_true", help="make it the organization's default project (in place of the other)"
    )
    _json_option(update)

    delete = leaf(
        "delete",
        _deleting("project", lambda c, a: c.projects.delete(a.id)),
        "Delete a project (asks first on a terminal); one that holds anything is refused.",
    )
    _delete_options(delete)


def _update(client: RootSignals, args: argparse.Namespace) -> Any:
    changes: dict[str, Any] = {}
    if args.name is not None:
        changes["name"] = args.name
    if args.description is not None:
        changes["description"] = args.description
    if args.default:
        changes["is_default"] = True
    if not changes:
        args.parser.error("nothing to change: give at least one field option")
    return client.projects.update(args.id, **changes)
