"""Postcodes as people type them: normalised to the standard form, or rejected with a plain message."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from locations.postcodes import INVALID_POSTCODE_MESSAGE, as_outcode, normalise_postcode


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("sw182pu", "SW18 2PU"),
        ("SW18 2PU", "SW18 2PU"),
        ("  sw18   2pu ", "SW18 2PU"),
        ("Sw18\t2Pu", "SW18 2PU"),
        ("ec1a1bb", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("m11ae", "M1 1AE"),
        ("cr2 6xh", "CR2 6XH"),
        ("DN551PT", "DN55 1PT"),
        ("gir0aa", "GIR 0AA"),
        ("GIR 0AA", "GIR 0AA"),
    ],
)
def test_postcodes_are_normalised(typed, expected):
    assert normalise_postcode(typed) == expected


@pytest.mark.parametrize("typed", ["", "   ", "SW18", "SW18 2", "SW18 2P", "SW18 2PUU", "hello", "12345", "SW18-2PU"])
def test_things_that_are_not_postcodes_are_rejected_with_a_helpful_message(typed):
    with pytest.raises(ValidationError) as error:
        normalise_postcode(typed)
    assert error.value.messages == [INVALID_POSTCODE_MESSAGE]
    assert INVALID_POSTCODE_MESSAGE == "Enter a real postcode, like SW18 2PU"


@pytest.mark.parametrize(
    ("typed", "outcode"),
    [
        ("SW18 2PU", "SW18"),
        ("sw18", "SW18"),  # the district, not the sector "SW1 8"
        ("SW18 2", "SW18"),
        ("E1 6", "E1"),  # with a space, the last digit is the sector
        ("E16", "E16"),
        ("sw1a", "SW1A"),
        ("Putney", None),
    ],
)
def test_the_outward_code_of_a_full_or_partial_postcode(typed, outcode):
    assert as_outcode(typed) == outcode


LETTERS = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
DIGITS = st.sampled_from("0123456789")


@st.composite
def postcodes(draw) -> str:
    """A well-formed postcode in its standard form, such as "SW18 2PU" or "EC1A 1BB"."""
    area = draw(st.text(LETTERS, min_size=1, max_size=2))
    district = draw(DIGITS) + draw(st.one_of(st.just(""), LETTERS, DIGITS))
    inward = draw(DIGITS) + draw(LETTERS) + draw(LETTERS)
    return f"{area}{district} {inward}"


@st.composite
def as_people_type_them(draw, postcode: str) -> str:
    """The same postcode with any mix of upper and lower case and extra or missing spaces."""
    typed = ""
    for character in postcode.replace(" ", ""):
        typed += draw(st.sampled_from(["", " ", "  ", "\t"])) + draw(st.sampled_from([character.lower(), character]))
    return typed + draw(st.sampled_from(["", " ", "\n"]))


@given(st.data())
def test_any_valid_postcode_however_typed_normalises_to_its_standard_form(data):
    postcode = data.draw(postcodes())
    assert normalise_postcode(data.draw(as_people_type_them(postcode))) == postcode
    assert normalise_postcode(postcode) == postcode


@given(st.text())
def test_any_text_is_either_a_postcode_or_a_validation_error(text):
    try:
        result = normalise_postcode(text)
    except ValidationError as error:
        assert error.messages == [INVALID_POSTCODE_MESSAGE]
    else:
        assert result == normalise_postcode(result)
