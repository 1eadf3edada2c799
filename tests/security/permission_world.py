"""The people and records the permissions matrix (test_permission_matrix.py) tries every URL with.

Built once per test module (``world`` fixture): two partner organisations, each with an editor, their services,
places and problem reports; two Digital Champions with training, help logged and (for one) a DBS check; the
inclusion lead, a site editor, an administrator, a resident with an account and nothing else, and the
applications, logs and settings behind the admin's other pages.

Organisation B ("Tooting Tech Club") holds the records the matrix guards: partner B owns them, partner A is the
other organisation guessing their ids. Champion Y ("Yasmin") holds the champion records champion X ("Xavier")
guesses at. Every piece of private or internal data carries a marker (SECRETS) that the matrix looks for in
each response it should not be in.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.documents.models import Document

from borough_site import roles
from borough_site.models import HelpContactSettings
from champions.factories import (
    ActiveChampionFactory,
    ApplicationFactory,
    ChampionTypeFactory,
    CourseFactory,
    DBSCheckFactory,
    HelpLogFactory,
    HelpSessionFactory,
    PolicyVersionFactory,
)
from champions.lifecycle import CHAMPION_GROUP
from champions.models import DBSAccess, DBSAccessLog, ExportLog, GroupEmail, PolicyKind
from locations.factories import LocationFactory, PostcodeFactory, WardFactory
from provision.factories import FundingSourceFactory, OrganisationFactory, ServiceFactory
from provision.models import PartnerApplication, PartnerLocation, ProblemReport, ServiceType
from provision.moderation import save_and_submit
from tests.factories import StandardPageFactory, SuperuserFactory, UserFactory
from tests.partners.conftest import partner_of, user_in
from tests.wagtail_tree import ensure_home_page

# Private or internal data, each a string found nowhere else in the world.
SECRETS = {
    "internal notes": "Funding ends in March; do not tell the partner",
    "lead contact": "Secret Sam Leadcontact",
    "annual cost": "987654",
    "reporter's email": "reporter.private@example.org",
    "staff notes": "Staff note: ring the caretaker",
    "applicant's email": "applicant.private@example.org",
    "champion Y's email": "yasmin.private@example.org",
    "champion Y's phone": "07700 900 456",
    "champion Y's lead notes": "Prefers mornings (lead note)",
    "champion Y's help log": "Behind the bandstand",
    "champion Y's certificate": "DC-Y0000001",
    "champion applicant's email": "zara.applicant@example.org",
    "DBS certificate": "009988776655",
    "draft service": "Unannounced pilot",
    "draft place": "Secret Draft Hall",
    "partner B's email": "ben@tootingtech.example.org",
}

# The role names, in the order of the matrix's columns.
ROLES = ("anonymous", "resident", "champion", "partner A", "partner B", "site editor", "lead", "admin")

# What each role may never see, in any response (the lead and administrators may see everything).
_EVERYTHING = frozenset(SECRETS)
NEVER_SEEN_BY = {
    "anonymous": _EVERYTHING,
    "resident": _EVERYTHING,
    "champion": _EVERYTHING,
    "partner A": _EVERYTHING,
    # Their own organisation's reports, drafts, funding and team; never the council's internal mapping or champions.
    "partner B": _EVERYTHING
    - {"annual cost", "reporter's email", "staff notes", "draft service", "draft place", "partner B's email"},
    "site editor": _EVERYTHING,
    "lead": frozenset(),
    "admin": frozenset(),
}


def build_world() -> SimpleNamespace:
    home = ensure_home_page()
    w = SimpleNamespace(home=home)
    w.draft_page = StandardPageFactory(title="Draft strategy page", parent=home, live=False)

    # People --------------------------------------------------------------------------------------------------
    w.org_a = OrganisationFactory(name="Age UK Wandsworth", email="hello@ageuk.example.org")
    w.org_b = OrganisationFactory(name="Tooting Tech Club", email="hello@tootingtech.example.org")
    w.partner_a = partner_of(w.org_a, username="priya", first_name="Priya", email="priya@ageuk.example.org")
    w.partner_b = partner_of(w.org_b, username="ben", first_name="Ben", email=SECRETS["partner B's email"])
    w.lead = user_in(roles.INCLUSION_LEAD, username="lead", first_name="Lena", last_name="Lead")
    w.site_editor = user_in(roles.SITE_EDITOR, username="editor", email="editor@example.gov.uk")
    w.admin = SuperuserFactory(username="admin", email="admin@example.gov.uk")
    w.resident = UserFactory(username="rosa", first_name="Rosa", email="rosa@example.org")

    # Places and services ---------------------------------------------------------------------------------------
    ward = WardFactory(name="Tooting Broadway")
    PostcodeFactory(postcode="SW17 0RG", ward=ward)
    w.ward = ward
    w.place_a = LocationFactory(name="Battersea Library", slug="battersea-library")
    w.place_b = LocationFactory(name="Tooting Community Hall", slug="tooting-community-hall")
    w.draft_place = LocationFactory(name=SECRETS["draft place"], slug="secret-draft-hall", publish=False)
    PartnerLocation.objects.create(organisation=w.org_b, location=w.draft_place, added_by=w.partner_b)

    w.service_a = ServiceFactory(
        name="Computer club", slug="computer-club", organisation=w.org_a, locations=[w.place_a]
    )
    w.service_b = ServiceFactory(
        name="Phone help",
        slug="phone-help",
        organisation=w.org_b,
        summary="Help with phones.",
        locations=[w.place_b],
        annual_cost=int(SECRETS["annual cost"]),
        internal_notes=SECRETS["internal notes"],
        lead_contact_name=SECRETS["lead contact"],
        commissioner=w.org_a,
    )
    FundingSourceFactory(service=w.service_b, funder_name="Lottery", funder=None, annual_amount=5000)
    # A second published revision, so that there are two to compare and one to revert to.
    w.service_b.summary = "Help with phones and tablets."
    w.service_b.save_revision(user=w.lead).publish(user=w.lead)
    w.revisions_b = list(w.service_b.revisions.order_by("created_at", "pk"))
    w.draft_service = ServiceFactory(
        name=SECRETS["draft service"], slug="unannounced-pilot", organisation=w.org_b, live=False
    )
    # A change partner B submitted, waiting for the lead's approval.
    w.pending_service = ServiceFactory(name="Tablet lending", slug="tablet-lending", organisation=w.org_b)
    w.pending_service.summary = "Borrow a tablet for a month."
    save_and_submit(w.pending_service, user=w.partner_b, created=False)
    w.pending_task = w.pending_service.current_workflow_task_state

    w.report_b = ProblemReport.objects.create(
        service=w.service_b,
        organisation=w.org_b,
        kind="times",
        details="The club meets on Wednesdays now.",
        reporter_email=SECRETS["reporter's email"],
        staff_notes=SECRETS["staff notes"],
    )
    w.application = PartnerApplication.objects.create(
        organisation_name="Roehampton Repair Cafe",
        organisation_email="hello@repair.example.org",
        help_offered="Fixing laptops.",
        contact_name="Ada Applicant",
        contact_email=SECRETS["applicant's email"],
        consented_at=timezone.now(),
    )
    w.membership_b = w.partner_b.organisation_memberships.get()
    w.service_type = ServiceType.objects.get(slug="one-to-one-help")
    # The file itself is never opened by the pages the matrix tries, so none is written.
    w.document = Document.objects.create(title="Volunteer handbook", file="documents/volunteer-handbook.pdf")
    w.help_settings = HelpContactSettings.objects.create(site=home.get_site(), email="help@example.gov.uk")

    # Digital Champions ---------------------------------------------------------------------------------------------
    PolicyVersionFactory(kind=PolicyKind.PRIVACY_NOTICE)
    w.policy = PolicyVersionFactory(kind=PolicyKind.AGREEMENT)
    w.course = CourseFactory(name="Champion essentials", validity_months=24)
    w.champion_type = ChampionTypeFactory(name="Community volunteer", required_courses=[w.course])
    w.champion_x = ActiveChampionFactory(
        first_name="Xavier", last_name="Xample", email="xavier@example.org", champion_type=w.champion_type
    )
    w.champion_x.user.groups.add(Group.objects.get(name=CHAMPION_GROUP))
    w.champion_y = ActiveChampionFactory(
        first_name="Yasmin",
        last_name="Private",
        email=SECRETS["champion Y's email"],
        phone=SECRETS["champion Y's phone"],
        lead_notes=SECRETS["champion Y's lead notes"],
        champion_type=w.champion_type,
    )
    w.champion_y.user.groups.add(Group.objects.get(name=CHAMPION_GROUP))
    w.completion_x = w.champion_x.completions.get()
    w.completion_y = w.champion_y.completions.get()
    type(w.completion_y).objects.filter(pk=w.completion_y.pk).update(
        certificate_reference=SECRETS["champion Y's certificate"]
    )
    w.completion_y.refresh_from_db()
    w.session = HelpSessionFactory(title="Tuesday drop-in", location=w.place_a, champions=[w.champion_y])
    w.log_x = HelpLogFactory(champion=w.champion_x, location=w.place_a, people_helped=4)
    w.log_y = HelpLogFactory(
        champion=w.champion_y, location=None, other_place=SECRETS["champion Y's help log"], people_helped=7
    )
    w.dbs_check = DBSCheckFactory(champion=w.champion_y, certificate_number=SECRETS["DBS certificate"])
    w.champion_application = ApplicationFactory(
        first_name="Zara", last_name="Applicant", email=SECRETS["champion applicant's email"]
    )
    w.export_log = ExportLog.objects.create(
        user=w.lead, username="lead", dataset="Champions", reason="Quarterly report", row_count=2
    )
    w.group_email = GroupEmail.objects.create(
        sent_by=w.lead, subject="Training dates", body="New dates are out.", recipient_count=2
    )
    w.dbs_log = DBSAccessLog.objects.create(
        user=w.lead, username="lead", check_record=w.dbs_check, champion=w.champion_y, action=DBSAccess.VIEWED
    )
    w.today = timezone.localdate()

    w.users = {
        "anonymous": None,
        "resident": w.resident,
        "champion": w.champion_x.user,
        "partner A": w.partner_a,
        "partner B": w.partner_b,
        "site editor": w.site_editor,
        "lead": w.lead,
        "admin": w.admin,
    }
    return w


@pytest.fixture(scope="module", name="world")
def world_fixture(django_db_setup, django_db_blocker):
    """The world, built once for the module in a transaction that is rolled back after its last test.

    Each test still runs in its own savepoint (pytest-django's ``db``), so a POST that is allowed to change
    something changes it for that test only.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
