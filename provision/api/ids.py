"""HSDS identifiers: UUIDs derived from our integer keys, so that no column has to be added or kept in step.

    make_id("provision.service", 12)  -> the same UUID for service 12 on every request and every server
    object_id(service)                -> the same, from an instance

They are uuid5 names in a namespace of this directory's own, so two boroughs running this platform publish
different identifiers for their service 12. Set ORUK_ID_NAMESPACE (a UUID) to fix the namespace for good;
otherwise it is derived from COUNCIL_NAME, and renaming the council changes every identifier.
"""

import uuid
from collections.abc import Iterable

from django.conf import settings

NAMESPACE_SEED = "https://schemas.digital-inclusion-platform/oruk/"


def namespace() -> uuid.UUID:
    configured = getattr(settings, "ORUK_ID_NAMESPACE", "")
    if configured:
        return uuid.UUID(str(configured))
    return uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE_SEED + getattr(settings, "COUNCIL_NAME", ""))


def make_id(*parts) -> str:
    return str(uuid.uuid5(namespace(), ":".join(str(part) for part in parts)))


def object_id(instance) -> str:
    return make_id(instance._meta.label_lower, instance.pk)


def parse_uuid(value) -> str | None:
    """The canonical (lower-case, hyphenated) form of a UUID, or None when it is not one."""
    text = str(value or "").strip()
    if len(text) > 45:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def find_pk(label: str, wanted: str, candidate_pks: Iterable) -> object | None:
    """The key among `candidate_pks` whose identifier is `wanted`. uuid5 is one-way, so we try each in turn:
    a borough's directory has hundreds of records, and the hashing costs microseconds each."""
    ns = namespace()
    for pk in candidate_pks:
        if str(uuid.uuid5(ns, f"{label}:{pk}")) == wanted:
            return pk
    return None
