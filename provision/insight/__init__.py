"""Provision-mapping insight for the inclusion lead: gaps against need, duplication, funding, the scorecard."""
