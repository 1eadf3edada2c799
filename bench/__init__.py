"""Performance benchmark: a synthetic directory at a chosen scale, served by gunicorn, measured on loopback.

    .venv/bin/python -m bench --scale 1000 --database sqlite

See bench/README.md.
"""
