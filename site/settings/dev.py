"""Local development: debug on, console email, demo banner, a throwaway secret key."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEMO_MODE = env_bool("DEMO_MODE", True)
# Static files come straight from the source folders; `collectstatic` is for production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
