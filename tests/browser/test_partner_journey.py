"""A partner's whole journey in a real browser, through the public site and the Wagtail admin.

An organisation asks to list its services; the inclusion lead approves it; the invitation's link sets a
password and the partner signs in to the admin; their new service stays private until the lead approves it;
their next change waits too while residents see the approved version; another organisation's records are out
of their reach; and the daily reminder command asks them once to check the listing, and marks it as possibly
out of date after a year.
"""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from borough_site import roles
from provision.factories import OrganisationFactory, ServiceFactory
from provision.models import QueuedEmail, Service
from provision.models.services import months_before
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

PASSWORD = "a long and memorable passphrase"


def check_admin(page):
    """axe on an admin page, less Wagtail's own flash messages: their white text fails colour contrast while
    they fade in (axe measures 1.6:1 on the green), which is Wagtail's to fix, not ours."""
    page.check(exclude=[".messages"])


@pytest.fixture
def scene(home_page, borough):
    lead = UserFactory(username="lead", first_name="Lena", last_name="Lead", email="lead@example.gov.uk")
    lead.groups.add(Group.objects.get(name=roles.INCLUSION_LEAD))
    other = ServiceFactory(name="Phone help", organisation=OrganisationFactory(name="Tooting Tech Club"))
    return {"lead": lead, "other_service": other}


def emails(to: str, subject_start: str):
    return [e for e in QueuedEmail.objects.order_by("pk") if to in e.recipients and e.subject.startswith(subject_start)]


def apply(page):
    page.goto("/list-your-service/")
    page.get_by_label("Name of your organisation").fill("Balham Digital Hub")
    page.get_by_label("Charity or voluntary group").check()
    page.get_by_label("Organisation email address").fill("hello@balhamhub.example.org")
    page.get_by_label("What digital help do you offer?").fill("Weekly drop-in help with phones and tablets.")
    page.get_by_label("Full name").fill("Dee Okafor")
    page.get_by_label("Email address", exact=True).fill("dee@balhamhub.example.org")
    page.get_by_label(re.compile(r"I agree that the council may keep these details")).check()
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    page.check()


def approve_application(page, lead):
    page.log_in(lead)
    page.goto("/admin/provision/applications/", check=False)
    check_admin(page)
    page.get_by_role("link", name="Balham Digital Hub").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Application to list services")
    check_admin(page)
    page.get_by_role("link", name="Approve").click()
    check_admin(page)
    page.get_by_label("Message to the applicant (optional)").fill("Welcome! Add your drop-in first.")
    page.get_by_role("button", name="Approve and send the invitation").click()
    expect(page.locator(".messages")).to_contain_text("has been sent an invitation")
    check_admin(page)


def set_password_and_sign_in(page):
    (invitation,) = emails("dee@balhamhub.example.org", "You can now keep")
    link = re.search(r"https?://\S+?(/partners/set-password/\S+)", invitation.body).group(1)
    page.goto(link, check=False)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a password")
    page.check()
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password saved")
    page.check()
    page.get_by_role("link", name="Sign in").click()
    page.locator("#id_username").fill("dee@balhamhub.example.org")
    page.locator("#id_password").fill(PASSWORD)
    check_admin(page)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("You keep the listings of Balham Digital Hub")).to_be_visible()
    check_admin(page)


def submit_for_moderation(page):
    """The editor's action menu: "Save draft" is the main button; submitting is in its menu."""
    page.locator("footer").get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile(r"^(Submit to Listing approval|Resubmit)")).click()


def test_a_partner_joins_lists_a_service_and_keeps_it_up_to_date(new_browser_page, scene):
    resident = new_browser_page()
    apply(resident)

    lead = new_browser_page()
    approve_application(lead, scene["lead"])

    partner = new_browser_page()
    set_password_and_sign_in(partner)

    # The partner adds a service: it is saved as a draft and sent to the lead.
    partner.goto("/admin/snippets/provision/service/add/", check=False)
    check_admin(partner)
    partner.locator("#id_name").fill("Tablet lending")
    partner.locator("#id_summary").fill("Borrow a tablet for a month.")
    partner.locator("#id_description").fill("Borrow a tablet with data for a month, and learn how to use it.")
    partner.get_by_role("checkbox", name="One-to-one and drop-in help").check()
    submit_for_moderation(partner)
    expect(partner.locator(".messages")).to_contain_text("submitted for moderation")
    check_admin(partner)
    service = Service.objects.get(name="Tablet lending")
    assert service.organisation.name == "Balham Digital Hub" and not service.live

    # Residents cannot see it yet: not its page, not in the search.
    resident.goto(f"/services/{service.slug}/", status=404)
    resident.goto("/find-help/?postcode=SW18+2PU")
    expect(resident.get_by_text("Phone help")).to_be_visible()
    expect(resident.get_by_text("Tablet lending")).to_have_count(0)

    # The lead compares, approves with a comment, and the partner is told, with the comment.
    lead.goto(f"/admin/snippets/provision/service/edit/{service.pk}/", check=False)
    check_admin(lead)
    lead.locator("footer .w-dropdown__toggle").first.click()
    lead.get_by_role("button", name="Approve with comment").click()
    lead.get_by_role("dialog").get_by_label("Comment").fill("Lovely. Please add where it runs next.")
    lead.get_by_role("dialog").get_by_role("button", name="Approve with comment").click()
    expect(lead.locator(".messages")).to_contain_text("Tablet lending")
    check_admin(lead)
    service.refresh_from_db()
    assert service.live and not service.workflow_in_progress
    (approved,) = emails("dee@balhamhub.example.org", "Approved")
    assert "Lovely. Please add where it runs next." in approved.body

    resident.goto(f"/services/{service.slug}/")
    expect(resident.get_by_role("heading", level=1)).to_contain_text("Tablet lending")
    resident.goto("/find-help/?postcode=SW18+2PU")
    expect(resident.get_by_role("link", name="Tablet lending")).to_be_visible()

    # The partner changes it again: residents keep seeing the approved version until the lead approves.
    partner.goto(f"/admin/snippets/provision/service/edit/{service.pk}/", check=False)
    check_admin(partner)
    partner.locator("#id_summary").fill("Borrow a tablet for two months.")
    submit_for_moderation(partner)
    expect(partner.locator(".messages")).to_contain_text("submitted for moderation")
    check_admin(partner)
    resident.goto(f"/services/{service.slug}/")
    expect(resident.get_by_text("Borrow a tablet for a month.")).to_be_visible()
    expect(resident.get_by_text("two months")).to_have_count(0)

    # Another organisation's records are out of reach, whatever the address.
    other = scene["other_service"]
    for path in (
        f"/admin/snippets/provision/service/edit/{other.pk}/",
        f"/admin/snippets/provision/service/history/{other.pk}/",
        f"/admin/snippets/provision/organisation/inspect/{other.organisation.pk}/",
    ):
        partner.goto(path, status=404, check=False)
        expect(partner.get_by_role("heading", level=1)).to_contain_text("Error 404")
        # Wagtail's own admin 404 page has a "Skip to main content" link to #main, which it lacks, and so
        # content outside landmarks: Wagtail's markup (wagtailadmin/404.html), not ours.
        partner.check(disable_rules=["region", "skip-link"])
    partner.goto("/admin/")  # (so that the final check at teardown is not on that 404 page)

    # Six months on, the reminder asks once; a year on, residents are warned.
    Service.objects.filter(pk=service.pk).update(last_reviewed=months_before(timezone.localdate(), 6))
    call_command("send_review_reminders")
    call_command("send_review_reminders")
    (reminder,) = emails("hello@balhamhub.example.org", "Is your listing still correct?")
    assert "/partners/still-correct/" in reminder.body
    Service.objects.filter(pk=service.pk).update(
        last_reviewed=months_before(timezone.localdate(), 12) - dt.timedelta(days=1)
    )
    call_command("send_review_reminders")
    resident.goto(f"/services/{service.slug}/")
    expect(resident.locator("#out-of-date-warning")).to_contain_text("This information may be out of date")
