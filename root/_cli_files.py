"""``rootsignals files upload`` and ``rootsignals datasets items ...|update``: files and dataset items.

The conventions of :mod:`root._cli_resources`: a listing prints an aligned table on a terminal and one
JSON object per line otherwise; ``get`` and ``update`` print the fields (or JSON); ``upload`` and ``add``
print the new id alone. ``datasets items add-many`` reads a JSON array of items from standard input (or
``--file``) and prints the new ids, one a line. Like the other command modules it loads only the standard
library at import time.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from root._cli_common import read_text
from root._cli_resources import _creating, _json_option, _limit_option, _listing, _showing

if TYPE_CHECKING:
    from root.client import RootSignals

__all__ = ["add_files_commands"]


def add_files_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``files`` to the top-level subparsers, and ``items`` and ``update`` to the ``datasets`` command."""
    text = "upload files (PDFs and images) that evaluator and judge runs reference"
    files = commands.add_parser("files", help=text, description=text, allow_abbrev=False)
    upload = _leaf(files, common, "upload", _creating(_upload), "Upload a file and print its id.")
    upload.add_argument("path", metavar="FILE", help="a PDF or an image (pdf, png, jpg, jpeg, webp, svg; 20 MB)")
    upload.add_argument("--filename", metavar="NAME", help="the file name to send (default: FILE's)")

    datasets = commands.choices["datasets"]
    update = _leaf(datasets, common, "update", _showing(_rename), "Rename a dataset, and show it.")
    update.add_argument("id", metavar="ID")
    update.add_argument("--name", required=True, help="the dataset's new name")
    _json_option(update)

    text = "list, get, add, update and archive the items (rows) of a dataset"
    items = _subcommands(datasets).add_parser("items", help=text, description=text, allow_abbrev=False)
    _items(items, common)


def _subcommands(parser: argparse.ArgumentParser) -> Any:
    """The ``ACTION`` subparsers of a command, made on first use."""
    found = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return found[0] if found else parser.add_subparsers(dest="action", metavar="ACTION", required=True)


def _leaf(
    parent: argparse.ArgumentParser, common: argparse.ArgumentParser, action: str, handler: Any, text: str
) -> argparse.ArgumentParser:
    sub: argparse.ArgumentParser = _subcommands(parent).add_parser(
        action, help=text, description=text, parents=[common], allow_abbrev=False
    )
    sub.set_defaults(handler=handler, parser=sub)
    return sub


def _items(items: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    listing = _leaf(
        items,
        common,
        "list",
        _listing(_list_items, "request", "response"),
        "List the latest version of each item of a dataset.",
    )
    listing.add_argument("dataset_id", metavar="DATASET_ID")
    listing.add_argument("--archived", action="store_true", help="list archived items too")
    _limit_option(listing, "items")
    _json_option(listing)

    get = _leaf(items, common, "get", _showing(_get_item), "Show one item of a dataset.")
    get.add_argument("dataset_id", metavar="DATASET_ID")
    get.add_argument("id", metavar="ITEM_ID")
    _json_option(get)

    add = _leaf(items, common, "add", _creating(_add_item), "Add an item to a dataset and print its id.")
    add.add_argument("dataset_id", metavar="DATASET_ID")
    add.add_argument("--response", required=True, metavar="TEXT", help="the answer the item holds")
    _item_options(add)

    many = _leaf(
        items,
        common,
        "add-many",
        _add_items,
        "Add the items of a JSON array (standard input, or --file) to a dataset; print their ids.",
    )
    many.add_argument("dataset_id", metavar="DATASET_ID")
    many.add_argument("--file", metavar="FILE", help="read the JSON array from FILE instead of standard input")

    update = _leaf(items, common, "update", _showing(_update_item), "Edit an item (a new version of it), and show it.")
    update.add_argument("dataset_id", metavar="DATASET_ID")
    update.add_argument("id", metavar="ITEM_ID")
    update.add_argument("--response", metavar="TEXT", help="the answer the item holds")
    _item_options(update)
    _json_option(update)

    archive = _leaf(items, common, "archive", _archive_item, "Archive an item (it stays readable by id).")
    archive.add_argument("dataset_id", metavar="DATASET_ID")
    archive.add_argument("id", metavar="ITEM_ID")


def _item_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--request", metavar="TEXT", help="what was asked")
    parser.add_argument("--expected-output", metavar="TEXT", help="what the answer should have been")
    parser.add_argument("--context", action="append", metavar="TEXT", help="a context document (repeat for more)")
    parser.add_argument("--change-note", metavar="TEXT", help="why the item was written")


def _item_fields(args: argparse.Namespace) -> dict[str, Any]:
    fields = {
        "response": args.response,
        "request": args.request,
        "expected_output": args.expected_output,
        "contexts": args.context,
        "change_note": args.change_note,
    }
    return {k: v for k, v in fields.items() if v is not None}


# -- handlers --------------------------------------------------------------------------------------------


def _upload(client: RootSignals, args: argparse.Namespace) -> Any:
    return client.files.upload(args.path, args.filename)


def _rename(client: RootSignals, args: argparse.Namespace) -> Any:
    return client.datasets.update(args.id, name=args.name)


def _list_items(client: RootSignals, args: argparse.Namespace) -> Iterable[Any]:
    return client.datasets.list_items(args.dataset_id, include_archived=args.archived, limit=args.limit)


def _get_item(client: RootSignals, args: argparse.Namespace) -> Any:
    return client.datasets.get_item(args.dataset_id, args.id)


def _add_item(client: RootSignals, args: argparse.Namespace) -> Any:
    return client.datasets.add_item(args.dataset_id, **_item_fields(args))


def _update_item(client: RootSignals, args: argparse.Namespace) -> Any:
    fields = _item_fields(args)
    if not fields:
        args.parser.error("nothing to change: give at least one field option")
    return client.datasets.update_item(args.dataset_id, args.id, **fields)


def _add_items(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import json

    from root._cli_common import client_from_options

    text = read_text(parser, "--file", args.file)
    try:
        items = json.loads(text)
    except ValueError as exc:
        parser.error(f"the items are not JSON: {exc}")
    if not isinstance(items, list):
        parser.error("the items must be a JSON array of objects")
    with client_from_options(args, parser) as client:
        added = client.datasets.add_items(args.dataset_id, items)
    for item in added:
        print(item.id, flush=True)
    return 0


def _archive_item(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from root._cli_common import client_from_options

    with client_from_options(args, parser) as client:
        client.datasets.archive_item(args.dataset_id, args.id)
    return 0
