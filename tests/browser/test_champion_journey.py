"""The whole Digital Champions journey in a real browser: apply, approval, training, rota, help logged, figures.

A resident applies on a campaign page; the inclusion lead approves them in the Wagtail admin, records their
training (they become active) and puts them on a session's rota; the champion sets a password from the
invitation email, signs in to the portal and logs the help they gave, which then shows in the lead's figures.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from borough_site import roles
from champions.factories import CampaignPageFactory, ChampionTypeFactory, CourseFactory, HelpSessionFactory
from champions.models import Application, Champion, State
from locations.factories import LocationFactory
from provision.models import QueuedEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

PASSWORD = "a long and memorable passphrase"


@pytest.fixture
def setting_the_scene(home_page, settings):
    # Wagtail shows Gravatar pictures of users unless told not to, which would send requests elsewhere.
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None
    courses = [
        CourseFactory(name="Champion essentials (test)", validity_months=36),
        CourseFactory(name="Safeguarding adults (test)", validity_months=24),
    ]
    champion_type = ChampionTypeFactory(
        name="Library volunteer", slug="library-volunteer-test", required_courses=courses
    )
    campaign = CampaignPageFactory(parent=home_page, title="Volunteer in your library", slug="volunteer")
    library = LocationFactory(name="Tooting Library")
    session = HelpSessionFactory(title="Digital drop-in", location=library, is_published=True)
    lead = UserFactory(username="lead", first_name="Lena", last_name="Lead")
    lead.groups.add(Group.objects.get(name=roles.INCLUSION_LEAD))
    return {
        "courses": courses,
        "type": champion_type,
        "campaign": campaign,
        "library": library,
        "session": session,
        "lead": lead,
    }


def check_admin(page):
    """axe on an admin page, less Wagtail's own flash message (its white-on-green fails contrast; not ours)."""
    page.check(exclude=[".messages"])


def apply(page, campaign):
    page.goto(campaign.url)
    page.get_by_label("First name").fill("Amina")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Email address").fill("amina@example.org")
    page.get_by_label("Phone number").fill("07700 900 982")
    page.get_by_label("Home postcode").fill("SW18 2PU")
    page.get_by_label("Library volunteer").check()
    page.get_by_label("Using a smartphone or tablet").check()
    page.get_by_role("group", name="Tuesday").get_by_label("Morning").check()
    page.get_by_role("group", name="Saturday").get_by_label("Afternoon").check()
    page.get_by_label("Tooting Library").check()
    page.get_by_label("I am 18 or over").check()
    page.get_by_label(re.compile(r"I have read the privacy notice")).check()
    page.get_by_label(re.compile(r"I agree to the Digital Champion agreement")).check()
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", level=1, name="Application sent")).to_be_visible()
    page.check()


def test_from_campaign_page_to_the_leads_figures(new_browser_page, setting_the_scene):
    scene = setting_the_scene
    resident = new_browser_page()
    apply(resident, scene["campaign"])
    application = Application.objects.get(email="amina@example.org")
    assert application.campaign == scene["campaign"]

    # The lead approves the application in the admin.
    lead = new_browser_page()
    lead.log_in(scene["lead"])
    lead.goto("/admin/champions/application/")
    lead.get_by_role("link", name="Amina Okafor").click()
    expect(lead.locator("#application-status")).to_have_text("In review")
    check_admin(lead)
    lead.get_by_role("link", name="Approve").click()
    check_admin(lead)
    lead.get_by_label("Reason").fill("Lives near Tooting Library and is free on Tuesdays.")
    lead.get_by_role("button", name="Approve").click()
    expect(lead.locator("#champion-state")).to_have_text("Approved")
    check_admin(lead)

    # ... records the training they need; the second course makes them active.
    champion = Champion.objects.get(email="amina@example.org")
    for course in scene["courses"]:
        lead.get_by_role("link", name="Record training").click()
        check_admin(lead)
        # Wagtail labels each panel as well as its control, so the controls are found by their ids.
        lead.locator("#id_course").select_option(label=course.name)
        lead.locator("#id_completed_on").fill(timezone.localdate().isoformat())
        lead.keyboard.press("Escape")  # close the date picker
        lead.locator("#id_evidence").select_option(label="Attended a session")
        lead.get_by_role("button", name="Create").click()
        check_admin(lead)
        lead.goto(f"/admin/champions/champion/inspect/{champion.pk}/")
    expect(lead.locator("#champion-state")).to_have_text("Active")
    assert champion.state == State.ACTIVE

    # ... and puts them on the rota of the drop-in at Tooting Library.
    lead.goto(f"/admin/champions/helpsession/edit/{scene['session'].pk}/")
    lead.get_by_role("checkbox", name="Amina Okafor").check()
    lead.get_by_role("button", name="Save").click()
    check_admin(lead)
    assert list(scene["session"].champions.all()) == [champion]

    # The champion sets a password from the invitation email and signs in to the portal.
    invitation = QueuedEmail.objects.get(recipients=["amina@example.org"], subject__startswith="Welcome")
    link = re.search(r"https?://\S+(/champions/set-password/\S+)", invitation.body).group(1)
    resident.goto(link, check=False)
    expect(resident.get_by_role("heading", level=1)).to_have_text("Choose a password")
    resident.check()
    resident.get_by_label("Choose a password").fill(PASSWORD)
    resident.get_by_label("Type the password again").fill(PASSWORD)
    resident.get_by_role("button", name="Save password").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Password saved")
    resident.check()
    resident.get_by_role("link", name="Sign in").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Sign in to your Digital Champion account")
    resident.check()
    resident.get_by_label("Email address").fill("amina@example.org")
    resident.get_by_label("Password").fill(PASSWORD)
    resident.get_by_role("button", name="Sign in").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Amina Okafor")
    expect(resident.get_by_text("Digital drop-in, Tooting Library")).to_be_visible()
    resident.check()

    # ... and logs the help they gave at the session.
    resident.get_by_role("link", name="Log help given").first.click()
    resident.check()
    resident.get_by_label("Place").select_option(label="Tooting Library")
    resident.get_by_label("How many minutes did you spend helping?").fill("120")
    resident.get_by_label("How many people did you help?").fill("6")
    resident.get_by_label("How many of them were new to you?").fill("4")
    resident.get_by_label("Email").check()
    resident.get_by_label("Online safety and scams").check()
    resident.get_by_role("button", name="Log help given").click()
    expect(resident.get_by_text("We have logged 6 people helped at Tooting Library")).to_be_visible()
    resident.check()

    # The lead's figures include it.
    lead.goto("/admin/champions/")
    expect(lead.locator("#people-helped-total")).to_have_text("6")
    expect(lead.locator("#people-helped-per-place")).to_contain_text("Tooting Library")
