"""``rootsignals annotations|score-configs``: human labels, and the scales they are given on.

The conventions of :mod:`root._cli_resources` (whose handlers these commands share): a listing prints an
aligned table on a terminal and one JSON object per line otherwise; ``get`` and ``update`` print the
fields (or JSON); ``create`` prints the new id alone; ``delete`` asks first on a terminal and needs
``--yes`` otherwise. Like the other command modules, it loads only the standard library at import time.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from root._cli_resources import (
    Leaf,
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

__all__ = ["add_annotation_commands"]

_TYPES = ("binary", "continuous", "categorical")
_STATUSES = ("published", "draft")


def add_annotation_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``annotations`` and ``score-configs`` commands to the top-level subparsers."""
    _annotations(_group(commands, common, "annotations", "list, get, create, update and delete annotations"))
    _score_configs(_group(commands, common, "score-configs", "list, get, create, update and delete score configs"))


def _category(text: str) -> dict[str, Any]:
    """``LABEL=VALUE`` as a category; the last ``=`` splits, so a label may hold one."""
    label, sep, value = text.rpartition("=")
    try:
        number = float(value)
    except ValueError:
        number = None
    if not sep or not label or number is None:
        raise argparse.ArgumentTypeError(f"expected LABEL=NUMBER, not {text!r}")
    return {"label": label, "value": number}


def _score_configs(leaf: Leaf) -> None:
    listing = leaf(
        "list",
        _listing(lambda c, a: c.score_configs.list(limit=a.limit), "type", "is_default", "name"),
        "List score configs: yours, newest first, then the built-in ones.",
    )
    _limit_option(listing, "score configs")
    _json_option(listing)

    get = leaf("get", _showing(lambda c, a: c.score_configs.get(a.id)), "Show one score config.")
    get.add_argument("id", metavar="ID")
    _json_option(get)

    def create_config(client: RootSignals, args: argparse.Namespace) -> Any:
        return client.score_configs.create(
            name=args.name,
            type=args.type,
            categories=args.category,
            min_value=args.min_value,
            max_value=args.max_value,
        )

    create = leaf("create", _creating(create_config), "Create a score config and print its id.")
    create.add_argument("--name", required=True, help="the config's name")
    create.add_argument("--type", required=True, choices=_TYPES, help="the kind of scale")
    _scale_options(create)

    update = leaf("update", _showing(_update_config), "Change the given fields of a score config, and show it.")
    update.add_argument("id", metavar="ID")
    update.add_argument("--name", help="a new name")
    update.add_argument("--type", choices=_TYPES, help="a new kind of scale")
    _scale_options(update)
    _json_option(update)

    delete = leaf(
        "delete",
        _deleting("score config", lambda c, a: c.score_configs.delete(a.id)),
        "Delete a score config that no annotation uses (asks first on a terminal).",
    )
    _delete_options(delete)


def _scale_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--category",
        action="append",
        type=_category,
        metavar="LABEL=VALUE",
        help="a category of a binary or categorical scale; repeat for each",
    )
    parser.add_argument("--min-value", type=float, metavar="X", help="the lowest value of a continuous scale")
    parser.add_argument("--max-value", type=float, metavar="X", help="the highest value of a continuous scale")


def _update_config(client: RootSignals, args: argparse.Namespace) -> Any:
    changes = {
        "name": args.name,
        "type": args.type,
        "categories": args.category,
        "min_value": args.min_value,
        "max_value": args.max_value,
    }
    if all(value is None for value in changes.values()):
        args.parser.error("nothing to change: give at least one field option")
    return client.score_configs.update(args.id, **changes)


def _annotations(leaf: Leaf) -> None:
    def annotations(client: RootSignals, args: argparse.Namespace) -> Any:
        return client.annotations.list(
            dataset=args.dataset,
            score_config=args.score_config,
            status=args.status,
            dataset_item=args.dataset_item,
            execution_log=args.execution_log,
            limit=args.limit,
        )

    listing = leaf("list", _listing(annotations, "status", "value", "category"), "List annotations, newest first.")
    listing.add_argument("--dataset", metavar="ID", help="only annotations of this dataset's items")
    listing.add_argument("--dataset-item", metavar="ID", help="only annotations of this dataset item")
    listing.add_argument("--execution-log", metavar="ID", help="only annotations of this execution log")
    listing.add_argument("--score-config", metavar="ID", help="only annotations on this score config")
    listing.add_argument("--status", choices=_STATUSES, help="only published or only draft annotations")
    _limit_option(listing, "annotations")
    _json_option(listing)

    get = leaf("get", _showing(lambda c, a: c.annotations.get(a.id)), "Show one annotation.")
    get.add_argument("id", metavar="ID")
    _json_option(get)

    def create_annotation(client: RootSignals, args: argparse.Namespace) -> Any:
        return client.annotations.create(
            dataset_item_id=args.dataset_item,
            execution_log_id=args.execution_log,
            value=args.value,
            category=args.category,
            rationale=args.rationale,
            status=args.status,
            score_config_id=args.score_config,
        )

    create = leaf("create", _creating(create_annotation), "Label a dataset item or an execution log; print the id.")
    target = create.add_mutually_exclusive_group(required=True)
    target.add_argument("--dataset-item", metavar="ID", help="the dataset item to label")
    target.add_argument("--execution-log", metavar="ID", help="the execution log to label")
    create.add_argument(
        "--score-config", metavar="ID", help="the scale (default: the service's continuous Score config)"
    )
    _label_options(create)
    create.add_argument("--rationale", default="", metavar="TEXT", help="why, in free text")
    create.add_argument("--status", choices=_STATUSES, default="published", help="default: published")

    update = leaf("update", _showing(_update_annotation), "Change the given fields of an annotation, and show it.")
    update.add_argument("id", metavar="ID")
    _label_options(update)
    update.add_argument("--rationale", metavar="TEXT", help="why, in free text")
    update.add_argument("--status", choices=_STATUSES, help="publish, or make a draft again")
    _json_option(update)

    delete = leaf(
        "delete",
        _deleting("annotation", lambda c, a: c.annotations.delete(a.id)),
        "Delete an annotation (asks first on a terminal).",
    )
    _delete_options(delete)


def _label_options(parser: argparse.ArgumentParser) -> None:
    label = parser.add_mutually_exclusive_group()
    label.add_argument("--value", type=float, metavar="X", help="the label on a continuous scale")
    label.add_argument("--category", metavar="LABEL", help="the label on a binary or categorical scale")


def _update_annotation(client: RootSignals, args: argparse.Namespace) -> Any:
    changes = {"value": args.value, "category": args.category, "rationale": args.rationale, "status": args.status}
    if all(value is None for value in changes.values()):
        args.parser.error("nothing to change: give at least one field option")
    return client.annotations.update(args.id, **changes)
