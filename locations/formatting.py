"""How times and distances read on the page, in GOV.UK style ('10am', '5:30pm', '12 noon', '0.4 miles')."""

import datetime as dt


def clock_time(value: dt.time) -> str:
    if value.hour == 12 and value.minute == 0:
        return "12 noon"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def miles(distance_in_miles: float) -> str:
    if distance_in_miles < 0.1:
        return "less than 0.1 miles"
    if distance_in_miles < 10:
        return f"{distance_in_miles:.1f} miles"
    return f"{distance_in_miles:.0f} miles"
