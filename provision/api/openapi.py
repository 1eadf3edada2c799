"""Our OpenAPI document: the Open Referral UK profile's (openapi.json of OpenReferralUK uk-profile, compiled
over HSDS 3.0; CC BY-SA 4.0), cut down to the endpoints we implement, with our server and parameters.

Kept from the profile: the paths, their descriptions, the `Page` schema and the response schemas, which
point at the HSDS 3.0 schema files as the profile's do. Changed: `servers` (this site), the operation ids of
the two taxonomy-term operations (swapped in the profile), the parameters we do not support are left out
(`/services` and `/service_at_locations` take no `minimal`, `full` or `format`), ones we add are described,
and every operation says what its errors look like. `/service_at_locations/{id}` is not implemented.
"""

import copy

from django.conf import settings

SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
LICENCE = {
    "name": "Creative Commons Attribution-ShareAlike 4.0",
    "url": "https://creativecommons.org/licenses/by-sa/4.0/",
}


def _query(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


PARAMETERS = {
    "search": _query("search", "Full text search.", {"type": "string"}),
    "text": _query("text", "Full text search (the name Open Referral UK 1.0 gave `search`).", {"type": "string"}),
    "page": _query("page", "Page number of paginated result.", {"type": "integer", "minimum": 1, "default": 1}),
    "per_page": _query(
        "per_page",
        "Number of results requested in a single page. At most 100: a larger number gives pages of 100.",
        {"type": "integer", "minimum": 1, "default": 50},
    ),
    "modified_after": _query(
        "modified_after",
        "Return all results modified on or after this datetime (ISO 8601; UK time when no offset is given).",
        {"type": "string", "format": "date-time"},
    ),
    "taxonomy_term_id": _query(
        "taxonomy_term_id",
        "Search for services with particular taxonomy_term. Several ids separated by commas must all match.",
        {"type": "string"},
    ),
    "taxonomy_id": _query(
        "taxonomy_id", "Search for services which contain any term with this taxonomy.", {"type": "string"}
    ),
    "organization_id": _query(
        "organization_id", "Search for services that this organization provides.", {"type": "string"}
    ),
    "postcode": _query(
        "postcode",
        "The postcode (or postcode district) of a point: results are in order of distance from its centroid. "
        "If `proximity` is provided, only show results within the proximity from the centroid of the postcode.",
        {"type": "string"},
    ),
    "proximity": _query(
        "proximity",
        "Return services that exist within meters from the centroid of the provided postcode (at most 100000).",
        {"type": "string"},
    ),
    "minimum_age": _query(
        "minimum_age", "Return services with a minimum age of at least the specified value.", {"type": "number"}
    ),
    "maximum_age": _query(
        "maximum_age",
        "Return services with a maximum age of at equal to or below the specified value.",
        {"type": "number"},
    ),
    "start_time": _query(
        "start_time",
        "Return services with a start time of at least the specified value (HH:MM).",
        {"type": "string", "format": "time"},
    ),
    "end_time": _query(
        "end_time",
        "Return services with a end time of at equal to or below the specified value (HH:MM).",
        {"type": "string", "format": "time"},
    ),
    "day": _query(
        "day",
        "Return services with a day equal to the specified value: an RFC 5545 BYDAY code (MO to SU) or the "
        "English name of the day.",
        {"type": "string"},
    ),
}

SERVICE_FILTERS = [
    "search",
    "text",
    "page",
    "per_page",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "minimum_age",
    "maximum_age",
    "start_time",
    "end_time",
    "day",
    "modified_after",
]

PAGE = {
    "type": "object",
    "properties": {
        "total_items": {
            "type": "integer",
            "description": "The total number of entities (e.g. services, organizations) returned",
        },
        "total_pages": {"type": "integer", "description": "Count of total pages."},
        "page_number": {"type": "integer", "description": "The number of the current page"},
        "size": {"type": "integer", "description": "The number of entities in the current page."},
        "first_page": {"type": "boolean", "description": "A Boolean value indicating if this is the first page"},
        "last_page": {"type": "boolean", "description": "A Boolean value indicating if this is the last page"},
        "empty": {"type": "boolean", "description": "A Boolean value indicating if there is an empty result set"},
    },
}

PROBLEM = {
    "type": "object",
    "description": "An error (RFC 9457 problem details).",
    "properties": {
        "status": {"type": "integer"},
        "title": {"type": "string"},
        "detail": {"type": "string"},
    },
    "required": ["status", "title", "detail"],
}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


ERRORS = {
    "400": _error("A query parameter could not be read."),
    "429": _error("Too many requests from one address: wait for the number of seconds in Retry-After."),
}
NOT_FOUND = {"404": _error("There is no published record with this id.")}


def _ok(description: str, schema: dict) -> dict:
    return {"200": {"description": description, "content": {"application/json": {"schema": schema}}}, **ERRORS}


def _paged(description: str, item_ref: str) -> dict:
    schema = {
        "properties": {"contents": {"type": "array", "items": {"$ref": item_ref}}},
        "allOf": [{"$ref": "#/components/schemas/Page"}],
    }
    return _ok(description, schema)


def _id_parameter(description: str) -> list[dict]:
    return [{"in": "path", "name": "id", "required": True, "description": description, "schema": {"type": "string"}}]


def _refs(names: list[str]) -> list[dict]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def _get(operation_id: str, summary: str, description: str, responses: dict, parameters=None) -> dict:
    operation = {"description": description, "summary": summary, "operationId": operation_id, "responses": responses}
    if parameters:
        operation["parameters"] = _refs(parameters)
    return {"get": operation}


PATHS = {
    "/": _get(
        "getAPIMetaInformation",
        "Retrieve information about this API and its relationship with HSDS.",
        "Retrieve information about this API and its relationship with HSDS.",
        _ok(
            "A JSON response providing information about this API.",
            {
                "type": "object",
                "properties": {
                    "version": {"type": "string", "description": "HSDS version of this API."},
                    "profile": {
                        "type": "string",
                        "format": "uri",
                        "description": "URL of the information on the HSDS profile of this API.",
                    },
                    "openapi_url": {
                        "type": "string",
                        "format": "uri",
                        "description": "URL of the openapi JSON file which defines this API.",
                    },
                },
            },
        ),
    ),
    "/services": _get(
        "getPaginatedListOfServices",
        "Retrieves paginated listings of services that only have one-to-one fields in them.",
        "Paginated listing of published services, with their one-to-one fields and their organization. "
        "Filters combine with AND.",
        _paged(
            "A paginated list of services that only have one-to-one fields in them.",
            SCHEMA_BASE + "compiled/service_list.json",
        ),
        SERVICE_FILTERS,
    ),
    "/services/{id}": {
        "parameters": _id_parameter("The id of the service that the request is intended to retrieve."),
        **_get(
            "getFullyNestedServiceById",
            "Retrieves a fully nested service with all related data with id.",
            "Retrieve fully nested service with all related data with id.",
            {
                **_ok(
                    "A Service matching the {id}, with all related data according to the HSDS Specification for "
                    "Service.",
                    {"$ref": SCHEMA_BASE + "compiled/service.json"},
                ),
                **NOT_FOUND,
            },
        ),
    },
    "/service_at_locations": _get(
        "getPaginatedListOfServiceAtLocation",
        "Retrieve paginated listings of service_at_location that only have one-to-one fields in them.",
        "Paginated listing of published services at published locations, with the location and the service. "
        "With `postcode`, nearest first. Filters combine with AND.",
        _paged(
            "Retrieve paginated listings of service_at_location that only have one-to-one fields in them.",
            SCHEMA_BASE + "compiled/service_at_location_list.json",
        ),
        [*SERVICE_FILTERS, "postcode", "proximity"],
    ),
    "/taxonomies": _get(
        "getPaginatedListOfTaxonomies",
        "Paginated listing of taxonomies.",
        "Paginated listing of taxonomies.",
        _paged("Paginated listing of taxonomies.", SCHEMA_BASE + "taxonomy.json"),
        ["page", "per_page"],
    ),
    "/taxonomies/{id}": {
        "parameters": _id_parameter("The id of the taxonomy that the request is intended to retrieve."),
        **_get(
            "getTaxonomyById",
            "Retrieves full information on a taxonomy by {id}.",
            "Full information on taxonomy, with its terms.",
            {**_ok("Full information on taxonomy.", {"$ref": SCHEMA_BASE + "taxonomy.json"}), **NOT_FOUND},
        ),
    },
    "/taxonomy_terms": _get(
        "getPaginatedListOfTaxonomyTerms",
        "Paginated listing of taxonomy terms",
        "Paginated listing of taxonomy terms, optionally of one taxonomy.",
        _paged("Paginated listing of taxonomy terms", SCHEMA_BASE + "taxonomy_term.json"),
        ["page", "per_page", "taxonomy_id"],
    ),
    "/taxonomy_terms/{id}": {
        "parameters": _id_parameter("The id of the taxonomy terms that the request is intended to retrieve."),
        **_get(
            "getTaxonomyTermById",
            "Full information on a taxonomy term.",
            "Full information on a taxonomy term.",
            {**_ok("Full information on a taxonomy term.", {"$ref": SCHEMA_BASE + "taxonomy_term.json"}), **NOT_FOUND},
        ),
    },
}


def openapi_document(server_url: str) -> dict:
    service_name = getattr(settings, "SERVICE_NAME", "Find digital help")
    council = getattr(settings, "COUNCIL_NAME", "")
    return {
        "openapi": "3.0.0",
        "info": {
            "title": f"{service_name}: Open Referral UK API",
            "version": "3.0",
            "description": (
                f"The published directory of free digital help{f' of {council}' if council else ''}, as Open "
                "Referral UK (HSDS-UK 3.0). Read only, no API key, CORS open to every origin, and throttled per "
                "address (429 with Retry-After). Derived from the Open Referral UK profile's OpenAPI document "
                "(OpenReferralUK uk-profile), licensed CC BY-SA 4.0; so is this document."
            ),
            "license": LICENCE,
        },
        "servers": [{"url": server_url}],
        "paths": copy.deepcopy(PATHS),
        "components": {
            "schemas": {"Page": copy.deepcopy(PAGE), "Problem": copy.deepcopy(PROBLEM)},
            "parameters": copy.deepcopy(PARAMETERS),
        },
    }
