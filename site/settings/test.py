"""Test runs: fast hashing, in-memory email and cache, the same database engine as DATABASE_URL says."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DEMO_MODE = True
GEOCODER = ""
MAP_TILE_URL = ""
WAGTAILADMIN_BASE_URL = "http://testserver"
