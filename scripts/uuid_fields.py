"""Write the index of the contract's ids: every parameter and field that ``openapi.yaml`` types ``format: uuid``.

``scripts/generate.sh`` runs it. The generated models type ids as plain strings (as the official SDK's do),
so the form the contract gives an id is not in the generated code; the SDK reads it from this index
(``root/generated/uuid_fields.json``) to check every id before sending (``root._operations``).

The index holds, by ``operationId``, the parameters that are UUIDs (a multipart form's fields among them:
the generated method takes them as parameters), and by schema (the generated model's
class name), the properties that are UUIDs or lists of UUIDs::

    {"parameters": {"models_retrieve": ["id"], ...}, "schemas": {"EvaluatorReferenceRequest": ["id", ...], ...}}

Usage: uuid_fields.py SPEC OUTPUT
"""

from __future__ import annotations

import json
import sys
from typing import Any

import yaml


def _is_uuid(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    if schema.get("format") == "uuid":
        return True
    return schema.get("type") == "array" and _is_uuid(schema.get("items"))


def index(spec: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    parameters: dict[str, list[str]] = {}
    for item in spec.get("paths", {}).values():
        shared = item.get("parameters", [])
        for operation in item.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            names = [p["name"] for p in [*shared, *operation.get("parameters", [])] if _is_uuid(p.get("schema"))]
            # A multipart form's fields are parameters of the generated method, not fields of a model.
            form = operation.get("requestBody", {}).get("content", {}).get("multipart/form-data", {})
            form_schema = form.get("schema", {})
            if "$ref" in form_schema:
                form_schema = spec["components"]["schemas"][form_schema["$ref"].rsplit("/", 1)[-1]]
            names += [k for k, v in form_schema.get("properties", {}).items() if _is_uuid(v)]
            if names:
                parameters[operation["operationId"]] = sorted(set(names))
    schemas: dict[str, list[str]] = {}
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        fields = [k for k, v in schema.get("properties", {}).items() if _is_uuid(v)]
        if fields:
            schemas[name] = sorted(fields)
    return {"parameters": dict(sorted(parameters.items())), "schemas": dict(sorted(schemas.items()))}


def main() -> None:
    spec_path, output = sys.argv[1:3]
    with open(spec_path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    with open(output, "w", encoding="utf-8") as f:
        json.dump(index(spec), f, indent=1, sort_keys=False)
        f.write("\n")


if __name__ == "__main__":
    main()
