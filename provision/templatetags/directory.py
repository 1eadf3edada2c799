from django import template

from locations.formatting import clock_time

register = template.Library()


@register.filter
def clock(value):
    """A time as GOV.UK writes it: 9am, 5:30pm, 12 noon."""
    return clock_time(value) if value else ""
