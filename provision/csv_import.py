"""The machinery behind the CSV imports and exports (organisations, services, places).

It sits on django-import-export and adds what our users need from it:

* spreadsheet-friendly columns: names instead of ids, "yes"/"no", labels or values for choices, UK dates;
* errors in plain English, attached to the column they are about;
* the model's own ``full_clean()``, so an import obeys the same rules as the admin form;
* "unchanged" rows detected (and not saved), so exporting and re-importing a file changes nothing;
* lookups by name served from one query per list, not one per row;
* records that keep a history: each imported row is saved with a revision by the importing user and, for
  models with drafts, published straight away (imports come from the inclusion lead, who may publish).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import tablib
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify
from import_export import fields as import_fields
from import_export import resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Revision,
    RevisionMixin,
    WorkflowMixin,
    WorkflowState,
)
from wagtail.search.backends import get_search_backends_with_name
from wagtail.search.index import class_is_indexed
from wagtail.signals import published

from provision.geojson import directory_changed

logger = logging.getLogger(__name__)

LIST_SEPARATOR = ";"

# Header spellings people use in spreadsheets ("Cost description", "cost-description") map to field names.
_HEADER_TRANSLATION = str.maketrans({" ": "_", "-": "_"})


def normalise_header(header: str) -> str:
    return (header or "").strip().lstrip("\ufeff").lower().translate(_HEADER_TRANSLATION)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


# A spreadsheet runs a cell starting with one of these as a formula ("CSV injection"). Exports put an
# apostrophe in front, which spreadsheets hide, and imports take it off again, so a round trip is exact.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def undefuse(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


# --- Widgets -----------------------------------------------------------------------------------------------
# Each raises ValueError with a message that makes sense to someone looking at their spreadsheet; the
# resource attaches it to the column.


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return undefuse(_text(value))

    def render(self, value, obj=None, **kwargs):
        return defuse("" if value is None else str(value))


class OptionalTextWidget(TextWidget):
    """Blank means "leave it as it is" (with ``saves_null_values=False`` on the field)."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or None


def slug_column():
    """The `slug` column: names a record exactly. Blank keeps the current one, which is in web addresses."""
    return import_fields.Field(
        attribute="slug", column_name="slug", widget=OptionalTextWidget(), saves_null_values=False
    )


class ChoiceWidget(widgets.Widget):
    """Accepts a choice's stored value or its label, in any case; exports the label."""

    def __init__(self, choices, **kwargs):
        self.choices = [(str(value), str(label)) for value, label in choices]
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = _text(value).casefold()
        if not text:
            return None
        for stored, label in self.choices:
            if text in (stored.casefold(), label.casefold(), stored.replace("_", " ").casefold()):
                return stored
        options = ", ".join(label for _, label in self.choices)
        raise ValueError(f"'{_text(value)}' is not one of the choices: {options}.")

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(str(value), "" if value is None else str(value))


class YesNoWidget(widgets.Widget):
    TRUE = {"yes", "y", "true", "1"}
    FALSE = {"no", "n", "false", "0"}

    def clean(self, value, row=None, **kwargs):
        text = _text(value).casefold()
        if not text:
            return None
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(f"'{_text(value)}' should be yes or no.")

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class DateWidget(widgets.Widget):
    FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.date):
            return value
        text = _text(value)
        if not text:
            return None
        for date_format in self.FORMATS:
            try:
                return dt.datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        raise ValueError(f"'{text}' is not a date. Write it like 2025-03-31 or 31/03/2025.")

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class WholeNumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value).replace(",", "")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or number != number.to_integral_value():
            raise ValueError(f"'{_text(value)}' is not a whole number.")
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class NumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a number.") from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else repr(value)


class MoneyWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value).replace("£", "").replace(",", "")
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(f"'{_text(value)}' is not an amount of money. Write it like 1250.00.") from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value:.2f}"


class LookupWidget(widgets.Widget):
    """A related record named by any of its `lookup_fields` (case-insensitive): slug, name, code...

    The whole list is read once per import (the lists are short: organisations, types, places) and lookups
    are served from memory; ``reset()`` forgets it so that the next import sees newly added records.
    """

    def __init__(self, model, noun: str, lookup_fields=("slug", "name"), display_field="name", hint="", plural=""):
        self.model = model
        self.noun = noun
        self.plural = plural or str(model._meta.verbose_name_plural)
        self.lookup_fields = lookup_fields
        self.display_field = display_field
        self.hint = hint
        #: The records a row may name (None: all of them), for an importer who may only use some.
        self.queryset = None
        self._index = None
        super().__init__()

    def reset(self):
        self._index = None

    def index(self) -> dict[str, list]:
        if self._index is None:
            index = defaultdict(list)
            for obj in self.model._default_manager.all() if self.queryset is None else self.queryset:
                for key in {_text(getattr(obj, name)).casefold() for name in self.lookup_fields}:
                    if key:
                        index[key].append(obj)
            self._index = index
        return self._index

    def find(self, text: str):
        matches = self.index().get(text.casefold(), [])
        if not matches:
            raise ValueError(f"'{text}' is not on the list of {self.plural}.{self.hint}")
        if len(matches) > 1:
            raise ValueError(
                f"more than one {self.noun} is called '{text}'. Use its short name (slug) instead: "
                + ", ".join(getattr(obj, "slug", str(obj.pk)) for obj in matches)
                + "."
            )
        return matches[0]

    def clean(self, value, row=None, **kwargs):
        text = undefuse(_text(value))
        return self.find(text) if text else None

    def label(self, obj) -> str:
        """What to write in a file: the display field, or the slug where the display name is ambiguous."""
        shown = _text(getattr(obj, self.display_field))
        if len(self.index().get(shown.casefold(), [])) > 1 and getattr(obj, "slug", ""):
            return obj.slug
        return defuse(shown)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else self.label(value)

    def comparable(self, value):
        return None if value is None else value.pk


class MultiLookupWidget(LookupWidget):
    """Several related records in one cell, separated by semicolons: ``free-wifi; Public computers``."""

    def clean(self, value, row=None, **kwargs):
        found, unknown = [], []
        for text in (undefuse(_text(part)) for part in _text(value).split(LIST_SEPARATOR)):
            if not text:
                continue
            try:
                obj = self.find(text)
            except ValueError as error:
                unknown.append(str(error))
                continue
            if obj not in found:
                found.append(obj)
        if unknown:
            raise ValueError(" ".join(unknown))
        return found

    @staticmethod
    def _objects(value):
        if value is None:
            return []
        return list(value.all()) if hasattr(value, "all") else list(value)

    def render(self, value, obj=None, **kwargs):
        return f"{LIST_SEPARATOR} ".join(self.label(item) for item in self._objects(value))

    def comparable(self, value):
        return frozenset(item.pk for item in self._objects(value))


# --- Resources ---------------------------------------------------------------------------------------------


class KeyedInstanceLoader(BaseInstanceLoader):
    """Finds the existing record for each row, in a few queries for the whole file.

    The resource says how a record is identified (``instance_keys``, from its ``identity_fields``) and
    which key a row gives (``row_key``). The identities of all records are read in one light query; then
    only the records the file names are loaded in full, with what the import compares. A key that fits
    more than one record is reported, not guessed.
    """

    chunk_size = 2000  # records per query, well within every database's limit on query parameters

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.pk_for_key = {}
        self.ambiguous = set()
        for record in resource.identity_queryset():
            for key in resource.instance_keys(record):
                if self.pk_for_key.setdefault(key, record.pk) != record.pk:
                    self.ambiguous.add(key)
        wanted = sorted({self.pk_for_key[key] for key in self._keys_in(dataset) if key in self.pk_for_key})
        self.instances = {}
        for start in range(0, len(wanted), self.chunk_size):
            records = list(resource.get_import_queryset().filter(pk__in=wanted[start : start + self.chunk_size]))
            if resource._meta.use_bulk:
                load_relations_into_memory(resource._meta.model, records)
            self.instances.update((record.pk, record) for record in records)

    def _keys_in(self, dataset):
        for values in dataset or []:
            try:
                key = self.resource.row_key(dict(zip(dataset.headers, values, strict=False)))
            except (ValueError, ValidationError):
                continue
            if key is not None:
                yield key

    def get_instance(self, row):
        try:
            key = self.resource.row_key(row)
        except ValueError:
            return None  # a new record, then; the row's import reports what is wrong with the value
        if key is None:
            return None
        if key in self.ambiguous:
            raise ValidationError(self.resource.ambiguous_row_message(row))
        return self.instances.get(self.pk_for_key.get(key))


def load_relations_into_memory(model, instances):
    """Give each record its many-to-many links and child rows as modelcluster's in-memory values.

    One query per relation; prefetch_related gets the same in about ten times the time, as it builds a
    queryset per record and relation. BulkPublisher relies on this: a revision holds every relation.
    """
    by_pk = {instance.pk: instance for instance in instances}
    for m2m_field in get_all_child_m2m_relations(model):
        through = m2m_field.remote_field.through
        source, target = f"{m2m_field.m2m_field_name()}_id", f"{m2m_field.m2m_reverse_field_name()}_id"
        links = list(
            through._default_manager.filter(**{f"{source}__in": list(by_pk)}).order_by("pk").values_list(source, target)
        )
        related = m2m_field.related_model._default_manager.in_bulk({target_pk for _, target_pk in links})
        grouped = defaultdict(list)
        for source_pk, target_pk in links:
            grouped[source_pk].append(related[target_pk])
        for pk, instance in by_pk.items():
            setattr(instance, m2m_field.name, grouped[pk])
    for relation in get_all_child_relations(model):
        parent_attname = relation.field.attname
        grouped = defaultdict(list)
        for child in relation.related_model._default_manager.filter(**{f"{parent_attname}__in": list(by_pk)}):
            grouped[getattr(child, parent_attname)].append(child)
        for pk, instance in by_pk.items():
            setattr(instance, relation.get_accessor_name(), grouped[pk])


# Wagtail's own bookkeeping fields: never in a file and never changed by an import.
WAGTAIL_FIELDS = tuple(
    sorted(
        {
            f.name
            for mixin in (RevisionMixin, DraftStateMixin, LockableMixin, WorkflowMixin)
            for f in mixin._meta.get_fields()
            if getattr(f, "concrete", False)
        }
    )
)


class CSVModelResource(resources.ModelResource):
    """Base for our CSV resources; see the module docstring for what it adds to a ModelResource.

    Subclasses list their columns in ``Meta.fields`` (model field names become the headers), declare
    relations with the lookup widgets above, and say which columns a file must have.

    Two ways of saving: row by row through the model's own save() and Wagtail's publish (the default, for
    short lists such as organisations and places), or, with ``Meta.use_bulk = True``, in batches through
    ``BulkPublisher`` (for services, where a file may have thousands of rows).
    """

    #: Columns a file must have; checked before any row is read.
    required_columns: tuple[str, ...] = ("name",)
    #: Fields already checked by the import (lookups come from the database) or that the import never sets;
    #: excluded from full_clean() to save a query per row and field.
    trusted_fields: tuple[str, ...] = ()
    #: The word a slug is made of when a name has no letters or digits (as the model's save() does).
    slug_fallback = "record"

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        store_row_values = True
        skip_diff = True  # see after_init_instance()
        use_transactions = True
        instance_loader_class = KeyedInstanceLoader
        batch_size = 1000

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.duplicate_of = {}
        self.columns_in_file = set()
        self.in_moderation = set()
        self.slug_owners = {}
        self.values_before = None
        self.changed_attributes = {}

    # Columns ---------------------------------------------------------------------------------------------

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if f.choices:
            return lambda **kwargs: ChoiceWidget(f.choices)
        if isinstance(f, models.BooleanField):
            return YesNoWidget
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            return DateWidget
        if isinstance(f, models.DecimalField):
            return MoneyWidget
        if isinstance(f, models.FloatField):
            return NumberWidget
        if isinstance(f, models.IntegerField):
            return WholeNumberWidget
        if isinstance(f, models.CharField | models.TextField):
            return TextWidget
        return super().widget_from_django_field(f, default)

    @classmethod
    def column_names(cls) -> list[str]:
        return [field.column_name for field in cls().get_import_fields()]

    def column_for_attribute(self, attribute: str) -> str | None:
        for resource_field in self.get_import_fields():
            if resource_field.attribute == attribute:
                return resource_field.column_name
        return None

    def lookup_widgets(self):
        return [f.widget for f in self.fields.values() if isinstance(f.widget, LookupWidget)]

    def imported_attributes(self) -> set[str]:
        """The model attributes this file sets: those whose column is in it."""
        return {f.attribute for f in self.get_import_fields() if f.column_name in self.columns_in_file}

    # Identity: how a row finds the record it updates -----------------------------------------------------

    #: The fields ``instance_keys`` reads.
    identity_fields: tuple[str, ...] = ("slug", "name")

    def identity_queryset(self):
        return self._meta.model._default_manager.only(*self.identity_fields)

    def get_import_queryset(self):
        return self.get_queryset()

    def instance_keys(self, instance) -> list:
        raise NotImplementedError

    def row_key(self, row):
        raise NotImplementedError

    def ambiguous_row_message(self, row) -> str:
        return "More than one existing record matches this row. Add the slug column to say which one."

    def duplicate_row_message(self, first_row_number: int) -> str:
        return f"This is the same record as row {first_row_number}. Each record should be in the file once."

    # Import steps ----------------------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        model = self._meta.model
        self.columns_in_file = set(dataset.headers or [])
        for widget in self.lookup_widgets():
            widget.reset()
        if issubclass(model, WorkflowMixin):
            self.in_moderation = set(
                WorkflowState.objects.active()
                .filter(base_content_type=model.get_base_content_type())
                .values_list("object_id", flat=True)
            )
        if self._meta.use_bulk:
            self.slug_owners = dict(model._default_manager.values_list("slug", "pk"))
        self.find_duplicate_rows(dataset)

    def find_duplicate_rows(self, dataset):
        first_row_for_key = {}
        self.duplicate_of = {}
        for number, values in enumerate(dataset, 1):
            try:
                key = self.row_key(dict(zip(dataset.headers, values, strict=False)))
            except (ValueError, ValidationError):
                continue  # the row's own import will report what is wrong with it
            if key is None:
                continue
            if key in first_row_for_key:
                self.duplicate_of[number] = first_row_for_key[key]
            else:
                first_row_for_key[key] = number

    def before_import_row(self, row, row_number=None, **kwargs):
        if row_number in self.duplicate_of:
            raise ValidationError(self.duplicate_row_message(spreadsheet_row(self.duplicate_of[row_number])))

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for attribute, message in self.check_row(instance, row).items():
            errors.setdefault(attribute, [message])  # the column's own error says more
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, row) -> dict:
        """Rules an import needs beyond the model's clean(); returns {attribute: message}. Extend with super()."""
        errors = {}
        noun = self._meta.model._meta.verbose_name
        if instance.pk is not None:
            if isinstance(instance, LockableMixin) and instance.locked and instance.locked_by_id != self.user_pk:
                errors[NON_FIELD_ERRORS] = f"This {noun} is locked by someone editing it. Unlock it first."
            elif str(instance.pk) in self.in_moderation:
                errors[NON_FIELD_ERRORS] = f"This {noun} is waiting for approval. Approve or cancel that first."
        if self._meta.use_bulk and instance.slug:
            owner = self.slug_owners.get(instance.slug, instance.pk)
            if owner != instance.pk:
                errors["slug"] = f"'{instance.slug}' is already the slug of another {noun}."
        return errors

    @property
    def user_pk(self):
        return getattr(self.user, "pk", None)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            # In bulk the slug is checked from memory (check_row); row by row, the database is asked.
            instance.full_clean(exclude=set(errors) | set(self.trusted_fields), validate_unique=not self._meta.use_bulk)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    # "Unchanged" detection. import-export would compare with a deep copy of the record, but copying a
    # model instance drops its prefetched relations (and costs a query per relation and row), so the
    # values are noted before the row is applied instead.

    def after_init_instance(self, instance, new, row, **kwargs):
        self.values_before = None if new else self.comparable_values(instance, row)

    def comparable_values(self, instance, row) -> dict:
        values = {}
        for resource_field in self.get_import_fields():
            if resource_field.column_name not in row:
                continue
            if hasattr(resource_field, "comparable_value"):
                values[resource_field.column_name] = resource_field.comparable_value(instance)
            elif isinstance(self.model_field(resource_field.attribute), models.ForeignKey):
                # The id will do: fetching the related record would cost a query per row.
                values[resource_field.column_name] = getattr(instance, f"{resource_field.attribute}_id")
            else:
                value = resource_field.get_value(instance)
                comparable = getattr(resource_field.widget, "comparable", None)
                values[resource_field.column_name] = comparable(value) if comparable else value
        return values

    def model_field(self, attribute):
        try:
            return self._meta.model._meta.get_field(attribute)
        except FieldDoesNotExist:
            return None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged when every column in the file holds what the record already had."""
        if import_validation_errors or self.values_before is None:
            return False
        values_after = self.comparable_values(instance, row)
        changed_columns = {column for column, value in values_after.items() if value != self.values_before[column]}
        self.changed_attributes[instance.pk] = {
            f.attribute for f in self.get_import_fields() if f.column_name in changed_columns
        }
        return not changed_columns

    def before_save_instance(self, instance, row, **kwargs):
        if self._meta.use_bulk:
            # The model's save() is not called in bulk, so do what it would.
            if not instance.slug:
                instance.slug = self.unique_slug(instance)
            self.slug_owners[instance.slug] = instance.pk

    def unique_slug(self, instance) -> str:
        base = slugify(str(instance))[:200] or self.slug_fallback
        slug, counter = base, 2
        while slug in self.slug_owners:
            slug = f"{base}-{counter}"
            counter += 1
        return slug

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        if not self._meta.use_bulk and not kwargs.get("dry_run"):
            self.record_revision(instance, is_create)

    def record_revision(self, instance, is_create):
        """Give the saved record a revision by the importing user, and publish it if it has drafts."""
        if not isinstance(instance, RevisionMixin):
            return
        revision = instance.save_revision(
            user=self.user, clean=False, log_action="wagtail.create" if is_create else True
        )
        if isinstance(instance, DraftStateMixin):
            instance.publish(revision, user=self.user, skip_permission_checks=True)

    # Bulk saving (Meta.use_bulk) -------------------------------------------------------------------------
    # import-export collects the rows and calls these once per batch. A dry run writes nothing at all:
    # every check has been made on the rows already.

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._bulk_save(self.create_instances, created=True, dry_run=dry_run, raise_errors=raise_errors, result=result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._bulk_save(self.update_instances, created=False, dry_run=dry_run, raise_errors=raise_errors, result=result)

    def _bulk_save(self, instances, *, created, dry_run, raise_errors, result):
        if not instances:
            return
        try:
            if not dry_run:
                publisher = BulkPublisher(self._meta.model, user=self.user, relations=self.imported_attributes())
                publisher.save(instances, changed_attributes=None if created else self.changed_attributes)
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            instances.clear()

    # Export ----------------------------------------------------------------------------------------------

    def get_export_queryset(self):
        return self.get_queryset()


class BulkPublisher:
    """Saves and publishes a batch of records in a few queries per batch rather than a few dozen per row.

    It does what, row by row, ``save()`` followed by ``save_revision()`` and ``publish()`` would do:
    the rows themselves, their many-to-many links and child rows (those the file sets), a revision of each
    by the importing user, live/draft bookkeeping, "created"/"edited"/"published" history entries, the
    search index and the ``published`` signal. New records are inserted in bulk; a changed record is
    updated with one UPDATE of just what changed (Django's bulk_update is far slower for wide rows).
    """

    def __init__(self, model, *, user, relations):
        self.model = model
        self.user = user
        self.relations = relations
        self.now = timezone.now()
        self.draft_state = issubclass(model, DraftStateMixin)
        self.concrete_fields = {f.name: f for f in model._meta.concrete_fields}

    def save(self, instances, *, changed_attributes=None):
        """Save new records (changed_attributes=None) or existing ones ({pk: attributes that changed})."""
        created = changed_attributes is None
        self._prepare(instances, created)
        if created:
            self.model._default_manager.bulk_create(instances)
            relations_changed = {id(instance): self.relations for instance in instances}
        else:
            # Existing records come from KeyedInstanceLoader with every relation in memory.
            relations_changed = {
                id(instance): changed_attributes.get(instance.pk, set()) & self.relations for instance in instances
            }
        self._save_many_to_many(instances, created, relations_changed)
        self._save_children(instances, created, relations_changed)
        revisions = self._save_revisions(instances, created)
        if not created:
            for instance in instances:
                values = self._changed_values(instance, changed_attributes.get(instance.pk, set()))
                self.model._default_manager.filter(pk=instance.pk).update(**values)
        self._log(instances, revisions, created)
        if created:
            self._index(instances)
        else:
            searched = {f.field_name for f in self.model.get_search_fields() if hasattr(f, "field_name")}
            self._index([i for i in instances if changed_attributes.get(i.pk, set()) & searched])
        if self.draft_state:
            for instance, revision in zip(instances, revisions, strict=True):
                published.send(sender=self.model, instance=instance, revision=revision)
        # Bulk writes send no post_save, which is what retires the cached map feed, search pages and figures.
        directory_changed()

    def _untouched_relations(self) -> list[str]:
        names = [field.name for field in get_all_child_m2m_relations(self.model)]
        names += [relation.get_accessor_name() for relation in get_all_child_relations(self.model)]
        return [name for name in names if name not in self.relations]

    def _publishing_fields(self) -> list[str]:
        if not self.draft_state:
            return []
        return ["live", "has_unpublished_changes", "first_published_at", "last_published_at", "expired"]

    def _changed_values(self, instance, attributes) -> dict:
        names = [name for name in attributes if name in self.concrete_fields]
        names += [name for name, f in self.concrete_fields.items() if getattr(f, "auto_now", False)]
        names += self._publishing_fields()
        return {name: getattr(instance, self.concrete_fields[name].attname) for name in names}

    def _prepare(self, instances, created):
        untouched_relations = self._untouched_relations()
        for instance in instances:
            if created:
                # A new record has none of these yet; saying so spares its revision a query for each.
                for name in untouched_relations:
                    setattr(instance, name, [])
            for f in self.concrete_fields.values():
                if getattr(f, "auto_now", False) or (created and getattr(f, "auto_now_add", False)):
                    setattr(instance, f.attname, self.now)
            if self.draft_state:
                instance.live = True
                instance.has_unpublished_changes = False
                instance.expired = False
                instance.last_published_at = self.now
                instance.first_published_at = instance.first_published_at or self.now

    def _save_many_to_many(self, instances, created, relations_changed):
        for m2m_field in get_all_child_m2m_relations(self.model):
            changed = [instance for instance in instances if m2m_field.name in relations_changed[id(instance)]]
            if not changed:
                continue
            through = m2m_field.remote_field.through
            source, target = m2m_field.m2m_field_name(), m2m_field.m2m_reverse_field_name()
            if not created:
                through._default_manager.filter(**{f"{source}__in": changed}).delete()
            through._default_manager.bulk_create(
                [
                    through(**{f"{source}_id": instance.pk, f"{target}_id": related.pk})
                    for instance in changed
                    for related in getattr(instance, m2m_field.name).all()
                ]
            )

    def _save_children(self, instances, created, relations_changed):
        for relation in get_all_child_relations(self.model):
            accessor = relation.get_accessor_name()
            changed = [instance for instance in instances if accessor in relations_changed[id(instance)]]
            if not changed:
                continue
            child_model, parent_field = relation.related_model, relation.field
            sort_field = getattr(child_model, "sort_order_field", None)
            kept, new = [], []
            for instance in changed:
                for position, child in enumerate(getattr(instance, accessor).all()):
                    setattr(child, parent_field.attname, instance.pk)
                    if sort_field:
                        setattr(child, sort_field, position)
                    (kept if child.pk else new).append(child)
            if not created:
                child_model._default_manager.filter(**{f"{parent_field.name}__in": changed}).exclude(
                    pk__in=[child.pk for child in kept]
                ).delete()
                if kept and sort_field:
                    child_model._default_manager.bulk_update(kept, [sort_field])
            child_model._default_manager.bulk_create(new)

    def _save_revisions(self, instances, created):
        if not issubclass(self.model, RevisionMixin):
            return [None] * len(instances)
        content_type = self.model.get_content_type()
        base_content_type = self.model.get_base_content_type()
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=str(instance.pk),
                    created_at=self.now,
                    user=self.user,
                    object_str=str(instance),
                    content=instance.serializable_data(),
                )
                for instance in instances
            ]
        )
        for instance, revision in zip(instances, revisions, strict=True):
            instance.latest_revision = revision
            if self.draft_state:
                instance.live_revision = revision
        # Point every record at its new revision in one UPDATE for the batch.
        newest = (
            Revision.objects.filter(
                base_content_type=base_content_type, object_id=Cast(OuterRef("pk"), models.CharField())
            )
            .order_by("-created_at", "-pk")
            .values("pk")[:1]
        )
        pointers = {"latest_revision": Subquery(newest)}
        if self.draft_state:
            pointers["live_revision"] = Subquery(newest)
        self.model._default_manager.filter(pk__in=[instance.pk for instance in instances]).update(**pointers)
        if self.draft_state and not created:
            # Publishing now overrides a publication scheduled for later, as Wagtail's publish does.
            Revision.objects.filter(
                base_content_type=base_content_type, object_id__in=[str(instance.pk) for instance in instances]
            ).exclude(approved_go_live_at=None).update(approved_go_live_at=None)
        return revisions

    def _log(self, instances, revisions, created):
        log_model = log_registry.get_log_model_for_model(self.model)
        if log_model is None:
            return
        content_type = ContentType.objects.get_for_model(self.model, for_concrete_model=False)
        uuid = get_active_log_context().uuid
        actions = ["wagtail.create" if created else "wagtail.edit"]
        if self.draft_state:
            actions.append("wagtail.publish")
        log_model._default_manager.bulk_create(
            [
                log_model(
                    content_type=content_type,
                    object_id=str(instance.pk),
                    label=log_model.objects.get_instance_title(instance),
                    action=action,
                    timestamp=self.now,
                    data={},
                    user=self.user,
                    uuid=uuid,
                    revision=revision,
                    content_changed=True,
                )
                for instance, revision in zip(instances, revisions, strict=True)
                for action in actions
            ]
        )

    def _index(self, instances):
        if not instances or not class_is_indexed(self.model):
            return
        for backend_name, backend in get_search_backends_with_name(with_auto_update=True):
            try:
                backend.add_bulk(self.model, instances)
            except Exception:
                # As modelsearch does on save: an external search service being down must not lose the data.
                if not backend.catch_indexing_errors:
                    raise
                logger.exception("Could not add imported %s to the '%s' search index", self.model, backend_name)


def spreadsheet_row(data_row_number: int) -> int:
    """The row number a spreadsheet shows for the nth data row (the headings are row 1)."""
    return data_row_number + 1


# --- Reading files -----------------------------------------------------------------------------------------


class CSVFileError(ValueError):
    """The file as a whole cannot be imported (not a CSV, missing columns...)."""


def decode_csv(raw: bytes) -> str:
    """Text from an uploaded file: UTF-8 (with or without Excel's byte order mark), UTF-16 with its byte order
    mark (Excel's "Unicode text"), else Windows-1252."""
    encodings = ("utf-8-sig", "cp1252")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CSVFileError("The file is not a text CSV file. Save it from your spreadsheet as 'CSV UTF-8'.")


def load_dataset(text: str) -> tablib.Dataset:
    """A Dataset with normalised headers and stripped cells; blank lines are dropped."""
    rows = []
    # newline="": the csv module finds the ends of rows itself, including old Mac files' bare carriage returns.
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            # PostgreSQL cannot store NUL, and no spreadsheet writes it: the file is binary or UTF-16.
            if any("\x00" in cell for cell in row):
                raise CSVFileError(
                    f"Row {len(rows) + 1} has a NUL character, so this is not a text CSV file. "
                    "Save it from your spreadsheet as 'CSV UTF-8'."
                )
            if any(cell.strip() for cell in row):
                rows.append(row)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise CSVFileError(
                f"Row {len(rows) + 1} has a cell longer than {csv.field_size_limit():,} characters. "
                "Check that this is the right file."
            ) from None
        raise CSVFileError(f"Row {len(rows) + 1} could not be read as CSV: {error}.") from None
    if not rows:
        raise CSVFileError("The file is empty.")
    headers = [normalise_header(header) for header in rows[0]]
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    for number, row in enumerate(rows[1:], 2):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise CSVFileError(f"Row {number} has more cells than there are column headings.")
        cells = [cell.strip() for cell in row[:width]]
        dataset.append(cells + [""] * (width - len(cells)))
    return dataset


# --- Reports -----------------------------------------------------------------------------------------------

OUTCOME_LABELS = {
    RowResult.IMPORT_TYPE_NEW: "New",
    RowResult.IMPORT_TYPE_UPDATE: "Updated",
    RowResult.IMPORT_TYPE_SKIP: "Unchanged",
    RowResult.IMPORT_TYPE_INVALID: "Error",
    RowResult.IMPORT_TYPE_ERROR: "Error",
}


@dataclass
class Problem:
    column: str | None
    value: str
    message: str

    def __str__(self):
        if self.column is None:
            return self.message
        if self.value and not self.message_names_the_value:
            return f"{self.column} '{self.value}': {self.message}"
        return f"{self.column}: {self.message}"

    @property
    def message_names_the_value(self) -> bool:
        """Our own messages quote the bad value (or the bad item of a list); Django's don't."""
        return any(f"'{part.strip()}'" in self.message for part in self.value.split(LIST_SEPARATOR))


@dataclass
class RowReport:
    number: int
    outcome: str
    label: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome, self.outcome)

    @property
    def is_error(self) -> bool:
        return self.outcome in (RowResult.IMPORT_TYPE_INVALID, RowResult.IMPORT_TYPE_ERROR)

    def messages(self) -> list[str]:
        return [f"Row {self.number}: {problem}" for problem in self.problems]


DATABASE_PROBLEM = (
    "The database could not save the file just now, so nothing from it was saved. The file itself may be fine: "
    "upload it again in a few minutes, and tell the site's administrators if this keeps happening."
)


@dataclass
class ImportReport:
    rows: list[RowReport] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    committed: bool = False
    # The database failed (not the file): the whole import was rolled back and can simply be tried again.
    database_failed: bool = False

    def count(self, outcome) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def new(self) -> int:
        return self.count(RowResult.IMPORT_TYPE_NEW)

    @property
    def updated(self) -> int:
        return self.count(RowResult.IMPORT_TYPE_UPDATE)

    @property
    def unchanged(self) -> int:
        return self.count(RowResult.IMPORT_TYPE_SKIP)

    @property
    def error_rows(self) -> list[RowReport]:
        return [row for row in self.rows if row.is_error]

    @property
    def has_errors(self) -> bool:
        return bool(self.file_problems or self.error_rows)

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.updated)

    def messages(self) -> list[str]:
        return self.file_problems + [message for row in self.error_rows for message in row.messages()]


def _problems_from_validation_error(resource, error: ValidationError, row) -> list[Problem]:
    problems = []
    error_dict = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    for attribute, messages in error_dict.items():
        column = None if attribute == NON_FIELD_ERRORS else resource.column_for_attribute(attribute) or attribute
        value = _text(row.get(column, "")) if column else ""
        problems.extend(Problem(column, value, message) for message in messages)
    return problems


def build_report(resource, result, dataset) -> ImportReport:
    report = ImportReport()
    report.file_problems = [f"The file could not be read: {error.error}" for error in result.base_errors]
    label_column = "name" if "name" in (dataset.headers or []) else None
    for number, row_result in enumerate(result.rows, 1):
        row = row_result.row_values or {}
        row_report = RowReport(
            number=spreadsheet_row(number),
            outcome=row_result.import_type,
            label=_text(row.get(label_column, "")) if label_column else "",
        )
        if row_result.validation_error is not None:
            row_report.problems = _problems_from_validation_error(resource, row_result.validation_error, row)
        for error in row_result.errors:
            row_report.problems.append(Problem(None, "", f"This row could not be saved: {error.error}"))
        report.rows.append(row_report)
    return report


def check_columns(resource_class, dataset) -> tuple[list[str], list[str]]:
    """(problems, ignored columns) for a file's headings."""
    known = set(resource_class.column_names())
    headers = [header for header in dataset.headers or [] if header]
    missing = [column for column in resource_class.required_columns if column not in headers]
    problems = [f"The file needs a '{column}' column." for column in missing]
    duplicated = sorted({header for header in headers if headers.count(header) > 1})
    problems += [f"The file has more than one '{column}' column." for column in duplicated]
    ignored = [header for header in headers if header not in known]
    return problems, ignored


def run_import(resource_class, text: str, *, user, dry_run: bool) -> ImportReport:
    """Import a CSV's text with `resource_class`; with dry_run nothing is kept whatever happens.

    A real run is one transaction: if any row fails, every row is rolled back and the report says so.
    """
    try:
        dataset = load_dataset(text)
    except CSVFileError as error:
        return ImportReport(file_problems=[str(error)])
    problems, ignored = check_columns(resource_class, dataset)
    if problems:
        return ImportReport(file_problems=problems, ignored_columns=ignored)

    resource = resource_class(user=user)
    try:
        with transaction.atomic():
            result = resource.import_data(
                dataset,
                dry_run=dry_run,
                raise_errors=False,
                use_transactions=True,
                rollback_on_validation_errors=True,
            )
            if (error := _database_error(result)) is not None:
                # import-export reports it against a row or the file; it is neither's fault.
                raise error
            report = build_report(resource, result, dataset)
            report.ignored_columns = ignored
            if report.has_errors or dry_run:
                transaction.set_rollback(True)
            else:
                report.committed = True
    except DatabaseError as error:
        # Leaving the atomic block with the error rolled back every row of the file.
        logger.error("A CSV import (%s) failed in the database: %r", resource_class.__name__, error, exc_info=error)
        return ImportReport(file_problems=[DATABASE_PROBLEM], ignored_columns=ignored, database_failed=True)
    return report


def _database_error(result) -> DatabaseError | None:
    errors = [*result.base_errors, *(error for row in result.rows for error in row.errors)]
    return next((error.error for error in errors if isinstance(error.error, DatabaseError)), None)


def export_csv(resource, queryset) -> str:
    return resource.export(queryset=queryset).csv
