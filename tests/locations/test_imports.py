"""The import commands load the real open data, can be run again safely, and refuse malformed files whole."""

import csv
import datetime as dt
import json
import shutil
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from locations import geometry
from locations.management.commands.import_libraries import parse_hours
from locations.models import LocalAuthority, Location, LocationKind, OutcodeCentroid, Postcode, SmallArea, Ward
from tests.locations.conftest import DATA_DIR

pytestmark = pytest.mark.django_db

REQUIRED_AND_OPTIONAL_FILES = (
    "wards_2022.geojson",
    "postcodes_cpo2025.csv",
    "outcode_centroids_cpo2025.csv",
    "lsoa21_ward24_deri.csv",
)


def run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count() for model in (LocalAuthority, Ward, Postcode, OutcodeCentroid, SmallArea)
    }


def test_load_geography_loads_the_seed_boroughs_and_running_it_again_changes_nothing():
    run("load_geography")
    first = counts()
    run("load_geography")

    assert counts() == first
    assert first == {
        "LocalAuthority": 3,
        "Ward": 63,
        "Postcode": 17_739,
        "OutcodeCentroid": 2_863,
        "SmallArea": 474,
    }
    assert set(LocalAuthority.objects.values_list("name", flat=True)) == {
        "Richmond upon Thames",
        "Southwark",
        "Wandsworth",
    }


def test_postcodes_are_linked_to_their_ward_and_borough(geography):
    postcode = Postcode.objects.get(postcode="SW18 2PU")

    assert postcode.ward.name == "Wandsworth Town"
    assert postcode.local_authority.name == "Wandsworth"
    assert not Postcode.objects.filter(ward=None).exists()


def test_a_wards_deri_score_is_the_mean_of_its_lsoas_scores_from_the_csv(geography):
    with (DATA_DIR / "lsoa21_ward24_deri.csv").open() as file:
        roehampton_rows = [row for row in csv.DictReader(file) if row["ward24_name"] == "Roehampton"]
    scores = [Decimal(row["deri_score_v1_6_national_mean_of_lsoa11"]) for row in roehampton_rows]
    by_hand = (sum(scores) / len(scores)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)

    roehampton = Ward.objects.get(name="Roehampton", local_authority__name="Wandsworth")

    assert len(scores) == 10
    assert roehampton.deri_score == by_hand == Decimal("2.873")
    assert roehampton.deri_lsoa_count == 10
    assert roehampton.small_areas.count() == 10


def test_roehampton_falconbrook_and_furzedown_are_wandsworths_most_at_risk_wards(geography):
    wandsworth = Ward.objects.filter(local_authority__name="Wandsworth").order_by("-deri_score")

    assert [ward.name for ward in wandsworth[:3]] == ["Roehampton", "Falconbrook", "Furzedown"]
    assert [str(ward.deri_score) for ward in wandsworth[:3]] == ["2.873", "2.858", "2.801"]
    assert not Ward.objects.filter(deri_score=None).exists()


def test_wards_have_a_boundary_and_a_centre_inside_it(geography):
    roehampton = Ward.objects.get(name="Roehampton")

    assert roehampton.boundary["type"] == "MultiPolygon"
    assert geometry.contains(roehampton.boundary, roehampton.centroid_latitude, roehampton.centroid_longitude)
    assert SmallArea.objects.exclude(boundary=None).count() == 474


def write_borough_folder(folder) -> None:
    """A neighbouring borough's files, in the shared data's formats, without an outward-code file."""
    ring = [[-0.12, 51.46], [-0.10, 51.46], [-0.10, 51.47], [-0.12, 51.47], [-0.12, 51.46]]
    ward = {
        "type": "Feature",
        "properties": {"WD22CD": "E05999901", "WD22NM": "Brixton Test", "LAD_CD": "E09000022", "LAD_NM": "Lambeth"},
        "geometry": {"type": "MultiPolygon", "coordinates": [[ring]]},
    }
    (folder / "wards_2022.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [ward]}))
    (folder / "postcodes_cpo2025.csv").write_text(
        "postcode,latitude,longitude,eastings,northings,pqi,lad_code,lad_name,ward_code\n"
        "SW2 1JQ,51.461104,-0.114723,531000,175000,10,E09000022,Lambeth,E05999901\n"
        "SW2 1AA,51.465,-0.11,531200,175300,10,E09000022,Lambeth,E05999901\n"
    )
    (folder / "lsoa21_ward24_deri.csv").write_text(
        "lsoa21_code,lsoa21_name,ward24_code,ward24_name,lad_code,lad_name,deri_score_v1_6_national_mean_of_lsoa11\n"
        "E01999901,Lambeth 999A,E05999901,Brixton Test,E09000022,Lambeth,2.5\n"
        "E01999902,Lambeth 999B,E05999901,Brixton Test,E09000022,Lambeth,3.0\n"
    )


def test_a_council_can_add_a_borough_from_its_own_folder_without_an_outcode_file(geography, tmp_path):
    write_borough_folder(tmp_path)

    output = run("load_geography", data_dir=tmp_path)

    assert "Skipped outward codes" in output
    assert "Skipped LSOA boundaries" in output
    assert Postcode.objects.get(postcode="SW2 1JQ").ward.name == "Brixton Test"
    assert Ward.objects.get(name="Brixton Test").deri_score == Decimal("2.750")
    # The seed boroughs are still there, scores and all.
    assert Ward.objects.filter(local_authority__name="Wandsworth").count() == 22
    assert Ward.objects.get(name="Roehampton").deri_score == Decimal("2.873")
    assert Postcode.objects.count() == 17_739 + 2


def test_a_malformed_postcode_file_names_the_file_row_and_problem_and_writes_nothing(tmp_path):
    lines = (DATA_DIR / "postcodes_cpo2025.csv").read_text().splitlines()[:10]
    cells = lines[6].split(",")
    cells[1] = "not-a-number"  # the latitude
    lines[6] = ",".join(cells)
    broken = tmp_path / "postcodes.csv"
    broken.write_text("\n".join(lines) + "\n")

    with pytest.raises(CommandError) as error:
        run("import_postcodes", broken)

    assert str(error.value) == f"{broken}, row 7: latitude “not-a-number” is not a number. Nothing was imported."
    assert Postcode.objects.count() == 0
    assert LocalAuthority.objects.count() == 0


@pytest.mark.parametrize(
    ("file_name", "damage", "message"),
    [
        ("wards_2022.geojson", lambda text: text[:-50], "line 1: the file is not valid JSON"),
        (
            "wards_2022.geojson",
            lambda text: text.replace('"WD22NM":"Balham",', ""),
            "feature 42: the feature has no WD22NM",
        ),
        ("outcode_centroids_cpo2025.csv", lambda text: text.replace("AB10,", "AB1000,", 1), "row 2: outcode “AB1000”"),
        ("lsoa21_ward24_deri.csv", lambda text: text.replace(",2.157", ",12.157", 1), "row 2: deri_score_v1_6"),
        (
            "postcodes_cpo2025.csv",
            lambda text: text.replace("ward_code", "ward", 1),
            "row 1: the header has no ward_code",
        ),
    ],
)
def test_load_geography_stops_at_a_malformed_file_and_loads_nothing_at_all(tmp_path, file_name, damage, message):
    for name in REQUIRED_AND_OPTIONAL_FILES:
        shutil.copy(DATA_DIR / name, tmp_path / name)
    (tmp_path / file_name).write_text(damage((tmp_path / file_name).read_text()))

    with pytest.raises(CommandError) as error:
        run("load_geography", data_dir=tmp_path)

    assert f"{tmp_path / file_name}, {message}" in str(error.value)
    assert str(error.value).endswith("Nothing was imported.")
    assert counts() == dict.fromkeys(counts(), 0)


def test_load_geography_says_which_required_file_is_missing(tmp_path):
    shutil.copy(DATA_DIR / "postcodes_cpo2025.csv", tmp_path)

    with pytest.raises(CommandError, match="has no wards_2022.geojson: nothing was loaded"):
        run("load_geography", data_dir=str(tmp_path))


# Libraries -------------------------------------------------------------------------------------------------


def library_rows() -> list[dict]:
    with (DATA_DIR / "libraries_librarieshacked.csv").open() as file:
        return list(csv.DictReader(file))


def test_import_libraries_creates_the_open_libraries_with_their_staffed_hours(geography):
    output = run("import_libraries", DATA_DIR / "libraries_librarieshacked.csv")

    open_rows = [row for row in library_rows() if not row["year_closed"]]
    libraries = Location.objects.filter(kind=LocationKind.LIBRARY)
    assert libraries.count() == len(open_rows) == 36
    assert "36 added" in output

    balham = libraries.get(name="Balham Library")
    csv_row = next(row for row in library_rows() if row["name"] == "Balham Library")
    assert [str(period) for period in balham.opening_periods.all()] == [
        "Monday 09:00-20:00",
        "Wednesday 09:00-20:00",
        "Thursday 09:00-20:00",
        "Friday 09:00-17:00",
        "Saturday 10:00-18:00",
    ]
    hours_in_csv = [
        f"{day.title()} {row_hours}"
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        if (row_hours := csv_row[day])
    ]
    assert len(hours_in_csv) == balham.opening_periods.count()
    assert (balham.address_line_1, balham.address_line_2, balham.town, balham.postcode) == (
        "16 Ramsden Road",
        "Balham",
        "London",
        "SW12 8QY",
    )
    assert (balham.latitude, balham.longitude) == (51.445897, -0.15255)
    assert balham.email == "balham.library@gll.org"
    assert balham.ward.name == "Balham"
    assert balham.local_authority.name == "Wandsworth"
    assert not balham.needs_attention


def test_imported_libraries_are_real_published_reviewed_and_have_no_invented_facilities(geography):
    run("import_libraries", DATA_DIR / "libraries_librarieshacked.csv")

    libraries = Location.objects.filter(kind=LocationKind.LIBRARY)
    assert all(library.live and library.live_revision_id and not library.is_sample for library in libraries)
    assert set(libraries.values_list("last_reviewed", flat=True)) == {timezone.localdate()}
    assert not libraries.filter(has_free_wifi=True).exists()
    assert not libraries.filter(public_computers__gt=0).exists()
    # Richmond's libraries are listed by place alone; they are named as residents know them.
    assert libraries.filter(name="Castelnau Library", uprn="").exists()


def test_sample_extras_give_libraries_free_wifi_and_computers(geography):
    run("import_libraries", DATA_DIR / "libraries_librarieshacked.csv", sample_extras=True)

    libraries = Location.objects.filter(kind=LocationKind.LIBRARY)
    assert libraries.filter(has_free_wifi=True, public_computers=8).count() == 36
    assert not libraries.filter(is_sample=True).exists()


def test_closed_libraries_are_skipped_with_a_message(geography):
    output = run("import_libraries", DATA_DIR / "libraries_librarieshacked.csv")

    assert "Skipped Rotherhithe Library (SE16 7JD): closed in 2011." in output
    assert not Location.objects.filter(name="Rotherhithe Library").exists()
    # Camberwell Library moved: the old building closed in 2016, the new one is open.
    assert list(Location.objects.filter(name="Camberwell Library").values_list("postcode", flat=True)) == ["SE5 7AL"]


def test_importing_libraries_again_changes_nothing_and_keeps_editors_changes(geography):
    run("import_libraries", DATA_DIR / "libraries_librarieshacked.csv")
    balham = Location.objects.get(name="Balham Library")
    balham.description = "Written by an editor."
    balham.has_free_wifi = True
    balham.save()
    revisions = balham.revisions.count()

    output = run("import_libraries", DATA_DIR / "libraries_librarieshacked.csv")

    assert "0 added, 0 updated, 36 unchanged" in output
    assert Location.objects.filter(kind=LocationKind.LIBRARY).count() == 36
    balham.refresh_from_db()
    assert (balham.description, balham.has_free_wifi) == ("Written by an editor.", True)
    assert balham.revisions.count() == revisions


def test_changed_hours_in_the_file_update_the_library(geography, tmp_path):
    source = (DATA_DIR / "libraries_librarieshacked.csv").read_text()
    run("import_libraries", DATA_DIR / "libraries_librarieshacked.csv")
    # Balham Library starts closing for lunch on Mondays.
    changed = source.replace("SW12 8QY,,Yes,CL,,09:00-20:00,", 'SW12 8QY,,Yes,CL,,"09:00-13:00,14:00-20:00",', 1)
    (tmp_path / "libraries.csv").write_text(changed)

    output = run("import_libraries", tmp_path / "libraries.csv")

    assert "1 updated, 35 unchanged" in output
    balham = Location.objects.get(name="Balham Library")
    assert [str(period) for period in balham.opening_periods.filter(weekday=0)] == [
        "Monday 09:00-13:00",
        "Monday 14:00-20:00",
    ]
    assert balham.revisions.count() == 2


def test_a_library_with_malformed_hours_stops_the_import_with_the_row_and_day(geography, tmp_path):
    source = (DATA_DIR / "libraries_librarieshacked.csv").read_text()
    (tmp_path / "libraries.csv").write_text(
        source.replace("SW12 8QY,,Yes,CL,,09:00-20:00,", "SW12 8QY,,Yes,CL,,9 till 8,")
    )

    with pytest.raises(CommandError) as error:
        run("import_libraries", tmp_path / "libraries.csv")

    assert "libraries.csv, row 33: mon “9 till 8” is not opening hours like 09:30-18:00" in str(error.value)
    assert not Location.objects.exists()


@pytest.mark.parametrize(
    ("cell", "spans"),
    [
        ("", []),
        ("09:30-18:00", [(dt.time(9, 30), dt.time(18, 0))]),
        ("09:30-13:00,14:00-18:00", [(dt.time(9, 30), dt.time(13, 0)), (dt.time(14, 0), dt.time(18, 0))]),
        ("14:00-18:00; 9.30-13.00", [(dt.time(9, 30), dt.time(13, 0)), (dt.time(14, 0), dt.time(18, 0))]),
        ("10:00 – 14:30", [(dt.time(10, 0), dt.time(14, 30))]),
    ],
)
def test_parse_hours_reads_each_days_spans(cell, spans):
    assert parse_hours(cell) == spans


@pytest.mark.parametrize("cell", ["9-5", "18:00-09:00", "25:00-26:00", "closed"])
def test_parse_hours_rejects_what_is_not_opening_hours(cell):
    with pytest.raises(ValueError, match=cell):
        parse_hours(cell)


def test_the_commands_are_quiet_at_verbosity_zero_as_the_demo_loader_runs_them(geography):
    assert run("load_geography", verbosity=0) == ""
    assert run("import_libraries", DATA_DIR / "libraries_librarieshacked.csv", verbosity=0) == ""
