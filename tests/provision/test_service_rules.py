"""The rules an editor meets when saving a service (the CSV import applies the same ones)."""

import pytest
from django.core.exceptions import ValidationError

from provision.factories import ServiceFactory
from provision.models import AccessMethod, CostKind

pytestmark = pytest.mark.django_db


def errors_for(service) -> dict:
    with pytest.raises(ValidationError) as raised:
        service.full_clean()
    return raised.value.message_dict


def test_a_free_drop_in_service_is_valid():
    ServiceFactory().full_clean()


def test_low_cost_needs_a_description_of_the_cost():
    service = ServiceFactory(cost=CostKind.LOW_COST, cost_description="")
    assert "Say what it costs" in errors_for(service)["cost_description"][0]

    service.cost_description = "£1 a session"
    service.full_clean()


def test_the_maximum_age_cannot_be_below_the_minimum():
    service = ServiceFactory(minimum_age=65, maximum_age=18)
    assert "maximum age" in errors_for(service)["maximum_age"][0]

    service.maximum_age = 65
    service.full_clean()


def test_booking_needs_a_way_to_book():
    service = ServiceFactory(how_to_access=AccessMethod.BOOK, booking_url="", booking_phone="", phone="")
    assert "booking link or phone number" in errors_for(service)["booking_url"][0]

    service.booking_phone = "020 7946 0000"
    service.full_clean()
