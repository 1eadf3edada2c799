"""Production settings for the benchmark, with the few differences a loopback run needs.

Everything else (DEBUG off, whitenoise's compressed manifest storage, the database cache, persistent
connections, the API's rate limit counted in the database) is exactly what production runs.
"""

import os
from pathlib import Path

from borough_site.settings.production import *  # noqa: F403

# collectstatic into a throwaway folder rather than the repository's staticfiles/.
STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
