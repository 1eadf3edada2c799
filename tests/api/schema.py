"""Validate API responses against the vendored Open Referral UK schemas (see schemas/README.md).

assert_valid("/services/{id}", body)        # the profile's response schema for that path
assert_valid("/services", body)             # the paging object, each item checked too
assert_only_declared(body, "service.json")  # and no property the profile does not declare
"""

import datetime as dt
import json
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).parent / "schemas"
COMPILED_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/"
SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OPENAPI_URI = "https://openreferraluk.org/tests/vendored/openapi.json"
# openapi.json points list items at these; the compiled profile has the whole objects (see the README).
LIST_SCHEMAS = {"service_list.json": "service.json", "service_at_location_list.json": "service_at_location.json"}

# Properties we publish that the draft UK profile does not declare, each with what it must hold: HSDS 3.0
# properties the profile drops (a language's name and code, a service's phones), and the `service` of a
# service_at_location list item (in HSDS 3.0's service_at_location_list.json, which the profile's
# openapi.json names). Nothing else may appear.
UNDECLARED_BUT_ALLOWED = {
    "language.json": {"name": {"type": "string"}, "code": {"type": "string"}},
    "service.json": {"phones": {"type": "array", "items": {"$ref": COMPILED_BASE + "phone.json"}}},
    "service_at_location.json": {"service": {"$ref": COMPILED_BASE + "service.json"}},
}


def schema_files() -> dict[str, object]:
    return {path.name: json.loads(path.read_text()) for path in sorted(SCHEMA_DIR.glob("*.json"))}


@cache
def registry() -> Registry:
    resources = []
    for name, contents in schema_files().items():
        if name == "openapi.json":
            resources.append((OPENAPI_URI, DRAFT202012.create_resource(contents)))
            continue
        # A file the UK profile removed is null: nothing may match it.
        resource = DRAFT202012.create_resource(False if contents is None else contents)
        resources += [(COMPILED_BASE + name, resource), (SCHEMA_BASE + name, resource)]
    for alias, name in LIST_SCHEMAS.items():
        resources.append((COMPILED_BASE + alias, Resource.from_contents(schema_files()[name], DRAFT202012)))
    return Registry().with_resources(resources)


def format_checker() -> FormatChecker:
    """jsonschema's checks (uuid, email, date) plus strict ones for uri and date-time, which would otherwise
    need packages we do not install."""
    checker = FormatChecker()

    @checker.checks("uri", raises=ValueError)
    def is_uri(value) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme in ("http", "https") and parts.netloc) and not any(c.isspace() for c in value)

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value) -> bool:
        if not isinstance(value, str):
            return True
        return "T" in value and dt.datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None

    return checker


def validator(schema) -> Draft202012Validator:
    return Draft202012Validator(schema, registry=registry(), format_checker=format_checker())


def response_schema(path: str) -> dict:
    """The 200 response schema the profile's openapi.json gives for a path, e.g. "/services/{id}"."""
    pointer = (
        "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/get/responses/200/content/application~1json/schema"
    )
    return {"$ref": OPENAPI_URI + "#" + pointer}


def errors(path: str, body) -> list[str]:
    return [
        f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in validator(response_schema(path)).iter_errors(body)
    ]


def assert_valid(path: str, body):
    problems = errors(path, body)
    assert not problems, f"{path} does not match the Open Referral UK profile:\n" + "\n".join(problems)


def declared_properties(schema_name: str) -> dict:
    return schema_files()[schema_name]["properties"]


def undeclared(instance, schema_name: str, where: str = "") -> list[str]:
    """Properties in the instance (at any depth) that the profile does not declare and we have not allowed."""
    found = []
    if not isinstance(instance, dict):
        return found
    declared = declared_properties(schema_name)
    allowed = UNDECLARED_BUT_ALLOWED.get(schema_name, {})
    for key, value in instance.items():
        here = f"{where}.{key}" if where else key
        if key in declared:
            definition = declared[key]
        elif key in allowed:
            problems = [error.message for error in validator(allowed[key]).iter_errors(value)]
            found += [f"{here}: {problem}" for problem in problems]
            definition = allowed[key]
        else:
            found.append(f"{here} (not in {schema_name})")
            continue
        ref = definition.get("$ref") or (definition.get("items") or {}).get("$ref")
        if not ref:
            continue
        child = ref.rsplit("/", 1)[-1]
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            found += undeclared(item, child, f"{here}[{index}]" if isinstance(value, list) else here)
    return found


def assert_only_declared(instance, schema_name: str):
    problems = undeclared(instance, schema_name)
    assert not problems, "Properties the Open Referral UK profile does not declare:\n" + "\n".join(problems)


# Which schema each endpoint's objects are, for assert_only_declared.
ITEM_SCHEMAS = {
    "/services": "service.json",
    "/services/{id}": "service.json",
    "/service_at_locations": "service_at_location.json",
    "/taxonomies": "taxonomy.json",
    "/taxonomies/{id}": "taxonomy.json",
    "/taxonomy_terms": "taxonomy_term.json",
    "/taxonomy_terms/{id}": "taxonomy_term.json",
}
PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def check_response(path: str, body):
    """Everything we check of a 200 response: the profile's schema, and only declared properties."""
    assert_valid(path, body)
    schema_name = ITEM_SCHEMAS.get(path)
    if schema_name is None:
        return
    if "{id}" in path:
        assert_only_declared(body, schema_name)
    else:
        assert set(body) == PAGE_KEYS, f"{path}: the paging object has {sorted(body)}"
        for item in body["contents"]:
            assert_only_declared(item, schema_name)
