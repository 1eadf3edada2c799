"""Fault: the database fails part of the way through an import. Nothing from the file is kept, the person
importing is told plainly, and running the same import again afterwards imports everything once.

The fault is real: a database execute wrapper raises OperationalError on the Nth INSERT into a table, as a
dropped connection or a full disk would, after the earlier rows have been written in the same transaction.
How imports treat bad files is tested in tests/provision/test_csv_import.py and tests/locations/test_imports.py.
"""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection
from django.urls import reverse
from wagtail.models import ModelLogEntry, Revision

from locations.management.commands.import_libraries import COLUMNS as LIBRARY_COLUMNS
from locations.models import Location, LocationKind
from provision.models import Organisation, Service
from tests.provision.test_csv_import import make_csv, service_row, services_csv

pytestmark = pytest.mark.django_db

POLITE = "The database could not save the file just now, so nothing from it was saved."


class FailOnInsert:
    """A database execute wrapper: the `nth` INSERT into `table` fails as if the server had gone away."""

    def __init__(self, table: str, nth: int):
        self.table, self.nth, self.inserts = table, nth, 0

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and f'"{self.table}"' in sql:
            self.inserts += 1
            if self.inserts == self.nth:
                raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


def organisations_csv(count=3) -> str:
    return make_csv(
        ["name", "kind", "email"],
        *({"name": f"Helping Hands {n}", "kind": "Charity", "email": f"hello{n}@example.org"} for n in range(count)),
    )


def check(client, dataset: str, text: str):
    upload = SimpleUploadedFile(f"{dataset}.csv", text.encode(), "text/csv")
    checked = client.post(reverse("provision_csv:import", args=[dataset]), {"csv_file": upload})
    assert checked.status_code == 200
    return checked


def check_and_confirm(client, dataset: str, text: str, fault: FailOnInsert | None = None):
    """Upload a file, see the check, press the import button (with the database failing, if a fault is given)."""
    checked = check(client, dataset, text)
    token = checked.context["token"]
    assert token, checked.context["report"].messages()
    confirm_url = reverse("provision_csv:confirm", args=[dataset])
    if fault is None:
        return client.post(confirm_url, {"token": token}, follow=True)
    with connection.execute_wrapper(fault):
        response = client.post(confirm_url, {"token": token}, follow=True)
    assert fault.inserts >= fault.nth, "the fault was never reached"
    return response


def history_counts() -> tuple[int, int]:
    return Revision.objects.count(), ModelLogEntry.objects.count()


def test_organisations_file_failing_on_its_second_row_keeps_nothing_and_imports_whole_when_run_again(
    lead_client, caplog
):
    before = history_counts()

    response = check_and_confirm(
        lead_client, "organisations", organisations_csv(), FailOnInsert("provision_organisation", nth=2)
    )

    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert "Nothing was imported from organisations.csv" in page
    assert POLITE in page
    assert "Correct the file" not in page
    assert not Organisation.objects.exists()
    assert history_counts() == before
    assert "failed in the database" in caplog.text

    again = check_and_confirm(lead_client, "organisations", organisations_csv())

    assert "Imported organisations.csv: 3 new, 0 updated, 0 unchanged" in again.content.decode()
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [f"Helping Hands {n}" for n in range(3)]
    assert Revision.objects.count() == before[0] + 3


def test_services_saved_in_bulk_are_rolled_back_when_their_revisions_cannot_be_written(
    lead_client, organisations, libraries
):
    text = services_csv(*(service_row(name=f"Computer club {n}") for n in range(5)))
    before = history_counts()

    # The services themselves are inserted first, in one batch; the revisions come after, and fail.
    response = check_and_confirm(lead_client, "services", text, FailOnInsert("wagtailcore_revision", nth=1))

    assert response.status_code == 200
    assert POLITE in " ".join(response.content.decode().split())
    assert not Service.objects.exists()
    assert history_counts() == before

    again = check_and_confirm(lead_client, "services", text)
    twice = check(lead_client, "services", text)

    assert "Imported services.csv: 5 new, 0 updated, 0 unchanged" in again.content.decode()
    assert "Every row matches what is already here: there is nothing to import." in twice.content.decode()
    assert Service.objects.count() == 5
    assert all(service.live and service.live_revision_id for service in Service.objects.all())


def test_the_libraries_command_failing_on_its_third_library_keeps_none_and_says_so(tmp_path):
    file = tmp_path / "libraries.csv"
    file.write_text(
        make_csv(
            LIBRARY_COLUMNS,
            *(
                {
                    "name": f"Test {n} Library",
                    "address": f"{n} High Street, London",
                    "postcode": f"SW18 {n}AA",
                    "mon": "09:00-17:00",
                    "latitude": "51.45",
                    "longitude": f"-0.19{n}",
                }
                for n in range(1, 5)
            ),
        )
    )

    with connection.execute_wrapper(FailOnInsert("locations_location", nth=3)), pytest.raises(CommandError) as error:
        call_command("import_libraries", file, stdout=StringIO())

    assert "The database could not save the import" in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert not Location.objects.exists()
    assert not Revision.objects.exists()

    out = StringIO()
    call_command("import_libraries", file, stdout=out)
    call_command("import_libraries", file, stdout=out)
    assert "4 added, 0 updated, 0 unchanged" in out.getvalue()
    assert "0 added, 0 updated, 4 unchanged" in out.getvalue()
    assert Location.objects.filter(kind=LocationKind.LIBRARY).count() == 4
