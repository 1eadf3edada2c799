"""Readable, unique addresses for records: "tooting-library", then "tooting-library-2"."""

from django.utils.text import slugify


def unique_slug(instance, text: str, fallback: str, max_length: int = 200) -> str:
    base = slugify(text)[:max_length] or fallback
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    slug, counter = base, 2
    while others.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug
