"""The inclusion lead signed in to the admin, with organisations and places to import services for."""

from tests.provision.conftest import lead, lead_client, libraries, organisations  # noqa: F401
