"""Form fields shared by the apps."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError

# The largest id a database integer holds. SQLite raises OverflowError for a larger one in `IN (...)`, and in
# a lookup through a page's link to its parent page, which Django's choice fields do not catch: a 500.
MAX_ID = 2**63 - 1


def _fits(value) -> bool:
    try:
        return abs(int(str(value).strip())) <= MAX_ID
    except ValueError:
        return True  # not a number at all: the field's own checks turn it away


class IdsThatFitMixin:
    """For a choice of records by id: an id too large for any record is simply not one of the choices."""

    def _check_ids(self, values):
        if self.to_field_name:
            return
        for value in values:
            if not _fits(value):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
                )


class ModelChoiceField(IdsThatFitMixin, forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values:
            self._check_ids([value])
        return super().to_python(value)


class ModelMultipleChoiceField(IdsThatFitMixin, forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if isinstance(value, list | tuple):
            self._check_ids(value)
        return super()._check_values(value)


class _FilterChoiceField(IdsThatFitMixin, django_filters.fields.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values:
            self._check_ids([value])
        return super().to_python(value)


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _FilterChoiceField
