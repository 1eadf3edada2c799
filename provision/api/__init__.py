"""The Open Referral UK (HSDS-UK 3.0) read API: the published directory as open data, at /api/oruk/.

ids.py          stable UUIDs for our integer keys (uuid5), and looking them up again
taxonomies.py   our vocabularies (types of help, audiences, facilities) as HSDS taxonomies and terms
params.py       reading and checking query parameters (400 with a JSON problem for bad ones)
queries.py      what the public may see, the filters, and the prefetching that keeps query counts flat
serializers.py  model instances to HSDS-UK dicts (public fields only)
openapi.py      our OpenAPI document, derived from the Open Referral UK profile's
views.py        the endpoints, with CORS, throttling and JSON errors

Settings, all optional (read with getattr, so none has to be in the settings files):

    ORUK_API_RATE_LIMIT = 600      requests per address per window, then 429 with Retry-After
    ORUK_API_RATE_WINDOW = 60      seconds
    ORUK_ID_NAMESPACE = "<uuid>"   fixes the identifiers for good (otherwise derived from COUNCIL_NAME)
    ORUK_STATE_PROVINCE = "Greater London"   the state_province of every address

Behind a proxy, the throttle counts the proxy's address unless RATE_LIMIT_TRUST_X_FORWARDED_FOR is on
(provision/ratelimit.py).
"""
