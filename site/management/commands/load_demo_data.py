"""Build a believable demo borough site: real open data (libraries, postcodes, wards, DERI) plus labelled samples."""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Site

from borough_site import roles
from borough_site.demo.content import SAMPLE_ORGANISATIONS, SAMPLE_PLACES, SAMPLE_SERVICES
from borough_site.home.models import HomePage
from borough_site.models import HelpContactSettings
from borough_site.pages.models import EventPage, GuideIndexPage, GuidePage, NewsIndexPage, NewsPage, StandardPage
from locations.models import Location, OpeningPeriod
from provision.models import (
    Audience,
    FundingSource,
    Language,
    Organisation,
    Service,
    ServiceLocation,
    ServiceSchedule,
    ServiceSession,
    ServiceType,
)

LOCATIONS_DATA = Path(settings.BASE_DIR) / "locations" / "data"
DEMO_PASSWORD = "digital-help-demo"  # noqa: S105 - printed on purpose: demo accounts only
DEMO_ACCOUNTS = [
    ("admin", "Ada", "Administrator", None, True),
    ("lead", "Lena", "Inclusion Lead", roles.INCLUSION_LEAD, False),
    ("editor", "Sam", "Site Editor", roles.SITE_EDITOR, False),
    ("partner", "Priya", "Partner Editor", roles.PARTNER_EDITOR, False),
    ("champion", "Chidi", "Champion", roles.CHAMPION, False),
]


class Command(BaseCommand):
    help = "Load the demo: real libraries, postcodes, wards and DERI scores, and clearly labelled sample services."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if places are already loaded.")
        parser.add_argument(
            "--allow-without-demo-mode",
            action="store_true",
            help="Load even though DEMO_MODE is off (the 'sample data' banner will then not show).",
        )

    def handle(self, *args, if_empty=False, allow_without_demo_mode=False, **options):
        if if_empty and Location.objects.exists():
            self.stdout.write("Demo data already loaded: nothing to do.")
            self._print_accounts()
            return
        if not settings.DEMO_MODE and not allow_without_demo_mode:
            raise CommandError("DEMO_MODE is off: demo data would not be labelled as such. Set DEMO_MODE=true.")

        self.stdout.write("Loading geography (postcodes, wards, DERI scores)...")
        call_command("load_geography", data_dir=str(LOCATIONS_DATA), verbosity=0)
        self.stdout.write("Loading the real public libraries...")
        call_command(
            "import_libraries", str(LOCATIONS_DATA / "libraries_librarieshacked.csv"), sample_extras=True, verbosity=0
        )
        # The demo approves a champion and records training, which emails them: keep those emails off the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            admin = self._create_accounts()
            self._create_pages()
            organisations = self._create_organisations()
            self._link_demo_partner(organisations)
            self._create_places(admin)
            self._create_services(organisations, admin)
            self._create_champions_network(home=HomePage.objects.first(), lead=admin)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self._print_accounts()

    def _create_accounts(self):
        User = get_user_model()
        admin = None
        for username, first_name, last_name, role, is_superuser in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@example.gov.uk",
                    "is_superuser": is_superuser,
                    "is_staff": is_superuser,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            if role:
                user.groups.add(Group.objects.get(name=role))
            if is_superuser:
                admin = user
        return admin

    def _print_accounts(self):
        self.stdout.write("Demo accounts (sign in at /admin/), all with the password " + DEMO_PASSWORD + ":")
        for username, _first, _last, role, _superuser in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<9} {role or 'Administrator'}")

    def _create_pages(self):
        home = HomePage.objects.first()
        site = Site.objects.get(is_default_site=True)
        HelpContactSettings.objects.update_or_create(
            site=site,
            defaults={
                "phone": "020 7946 0000",
                "phone_hours": "Monday to Friday, 9am to 5pm (sample number)",
                "email": "digital-help@example.gov.uk",
                "notification_email": "inclusion-lead@example.gov.uk",
            },
        )
        for title, summary, body in PAGES:
            if StandardPage.objects.filter(slug=slugify(title)).exists():
                continue
            page = StandardPage(
                title=title,
                slug=slugify(title),
                summary=summary,
                body=[("paragraph", paragraph) for paragraph in body],
                show_in_footer=True,
                last_reviewed=timezone.localdate(),
            )
            home.add_child(instance=page)
            page.save_revision().publish()
        self._create_guides_and_news(home)

    def _create_guides_and_news(self, home):
        today = timezone.localdate()
        if not GuideIndexPage.objects.exists():
            guides = GuideIndexPage(
                title="Guides",
                slug="guides",
                introduction="Step-by-step help with common questions about getting online.",
            )
            home.add_child(instance=guides)
            guides.save_revision().publish()
            for title, summary, paragraphs in GUIDES:
                guide = GuidePage(
                    title=title,
                    slug=slugify(title),
                    summary=summary,
                    body=[("paragraph", paragraph) for paragraph in paragraphs],
                    last_reviewed=today,
                )
                guides.add_child(instance=guide)
                guide.save_revision().publish()
        if not NewsIndexPage.objects.exists():
            news = NewsIndexPage(
                title="News and events", slug="news", introduction="What is new in digital help.", show_in_menus=True
            )
            home.add_child(instance=news)
            news.save_revision().publish()
            item = NewsPage(
                title="Sample news: free SIM cards now at more libraries",
                slug="free-sims-at-more-libraries",
                date=today,
                summary="This is a sample news story for the demonstration site.",
                body=[("paragraph", "<p>Free SIM cards with data are now available at more places (sample news).</p>")],
            )
            news.add_child(instance=item)
            item.save_revision().publish()
            library = Location.objects.filter(kind="library", name__icontains="Tooting").first()
            starts = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=10), dt.time(10)))
            event = EventPage(
                title="Sample event: Get online week drop-in",
                slug="get-online-week-drop-in",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=3),
                place=library,
                summary="A sample event for the demonstration site: drop in with any question about getting online.",
                booking_details="No need to book.",
            )
            news.add_child(instance=event)
            event.save_revision().publish()

    def _create_champions_network(self, home, lead):
        """A public recruitment campaign, and the demo champion's profile, training, session and help logs."""
        from champions import lifecycle
        from champions.models import Application, CampaignPage, ChampionType, HelpLog, HelpSession, PolicyVersion
        from champions.models.policies import PolicyKind
        from champions.models.training import Evidence

        if not CampaignPage.objects.exists():
            campaign = CampaignPage(
                title="Become a Digital Champion",
                slug="become-a-digital-champion",
                introduction="Give an hour a week to help your neighbours get online. Full training given. (Sample campaign.)",
                show_in_menus=True,
            )
            home.add_child(instance=campaign)
            campaign.save_revision().publish()
        User = get_user_model()
        champion_user = User.objects.get(username="champion")
        if Application.objects.filter(email=champion_user.email).exists():
            return
        resident_type = ChampionType.objects.get(slug="resident-volunteer")
        application = Application.objects.create(
            first_name=champion_user.first_name,
            last_name=champion_user.last_name,
            email=champion_user.email,
            home_postcode="SW17 0BP",
            champion_type=resident_type,
            skills=["email", "online_safety"],
            availability=["tue-morning"],
            age_confirmed=True,
            campaign=CampaignPage.objects.first(),
            privacy_notice=PolicyVersion.current(PolicyKind.PRIVACY_NOTICE),
            agreement=PolicyVersion.current(PolicyKind.AGREEMENT),
        )
        champion = lifecycle.approve(application, lead, reason="Sample champion for the demonstration.")
        today = timezone.localdate()
        for course in resident_type.required_courses.all():
            lifecycle.record_training(champion, course, today - dt.timedelta(days=40), Evidence.ATTENDED, user=lead)
        library = _place("Tooting Library")
        session = HelpSession.objects.create(
            title="Digital drop-in (sample)",
            description="Sample champion session: bring any question about your phone, tablet or computer.",
            location=library,
            weekday=1,
            starts=dt.time(10),
            ends=dt.time(12),
            is_published=True,
        )
        session.champions.add(champion)
        session.save()
        for weeks_ago, helped, new, topics in ((1, 4, 3, ["email", "benefits"]), (2, 3, 1, ["online_safety"])):
            HelpLog.objects.create(
                champion=champion,
                session=session,
                date=today - dt.timedelta(weeks=weeks_ago),
                location=library,
                minutes=120,
                people_helped=helped,
                new_people=new,
                returning_people=helped - new,
                topics=topics,
            )

    def _create_organisations(self):
        organisations = {}
        for data in SAMPLE_ORGANISATIONS:
            organisation, _ = Organisation.objects.update_or_create(
                name=data["name"], defaults={**data, "is_sample": True}
            )
            organisations[organisation.name] = organisation
        return organisations

    def _link_demo_partner(self, organisations):
        """The demo partner editor keeps one sample charity's listings (their reach: provision/permissions.py)."""
        from provision.models import OrganisationMembership

        partner = get_user_model().objects.filter(username="partner").first()
        charity = organisations.get("Wandle Digital Skills Trust (sample)")
        if partner and charity:
            OrganisationMembership.objects.get_or_create(user=partner, organisation=charity)

    def _create_places(self, user):
        for data in SAMPLE_PLACES:
            data = dict(data)
            hours = data.pop("hours")
            if Location.objects.filter(name=data["name"]).exists():
                continue
            location = Location(**data, is_sample=True, last_reviewed=timezone.localdate())
            location.opening_periods = [
                OpeningPeriod(weekday=weekday, opens=_time(span.split("-")[0]), closes=_time(span.split("-")[1]))
                for weekday, spans in hours.items()
                for span in spans
            ]
            location.save()
            location.save_revision(user=user).publish(user=user)

    def _create_services(self, organisations, user):
        today = timezone.localdate()
        for data in SAMPLE_SERVICES:
            organisation = organisations[data["organisation"]]
            if Service.objects.filter(name=data["name"], organisation=organisation).exists():
                continue
            service = Service(
                name=data["name"],
                organisation=organisation,
                summary=data["summary"],
                description=data["description"],
                how_to_access=data["how_to_access"],
                access_notes=data.get("access_notes", ""),
                booking_url=data.get("booking_url", ""),
                booking_phone=data.get("booking_phone", ""),
                phone=data.get("phone", organisation.phone),
                email=organisation.email,
                offered_by_phone=data.get("offered_by_phone", False),
                is_sample=True,
                last_reviewed=today - dt.timedelta(days=30),
                annual_cost=data.get("annual_cost"),
                commissioner=organisations.get(data.get("commissioner", "")),
                lead_contact_name="Sample Lead Contact",
                lead_contact_role="Service manager",
                lead_contact_email="lead.contact@example.org",
            )
            service.types = [_term(ServiceType, slug) for slug in data["types"]]
            service.audiences = [_term(Audience, slug) for slug in data["audiences"]]
            service.languages = list(Language.objects.filter(code__in=data["languages"]))
            places = [_place(name) for name in data["places"]]
            service.service_locations = [ServiceLocation(location=place) for place in places]
            first_place = places[0] if places else None
            service.schedules = [
                ServiceSchedule(weekday=weekday, starts=_time(start), ends=_time(end), location=place)
                for place in places or [None]
                for weekday, start, end in data.get("weekly", [])
            ] + [
                ServiceSchedule(
                    frequency="monthly",
                    week_of_month=week,
                    weekday=weekday,
                    starts=_time(start),
                    ends=_time(end),
                    location=place,
                )
                for place in places or [None]
                for week, weekday, start, end in data.get("monthly", [])
            ]
            service.sessions = [
                ServiceSession(
                    date=today + dt.timedelta(days=days), starts=_time(start), ends=_time(end), location=place
                )
                for days, start, end in data.get("dated", [])
                for place in [first_place]
            ]
            service.funding_sources = [
                FundingSource(
                    funder=organisations.get(funder),
                    funder_name="" if funder in organisations else funder,
                    programme=programme,
                    annual_amount=amount,
                    ends_on=today + dt.timedelta(days=days_left),
                )
                for funder, programme, amount, days_left in data.get("funding", [])
            ]
            service.full_clean()
            service.save()
            service.save_revision(user=user).publish(user=user)


def _time(value: str) -> dt.time:
    return dt.datetime.strptime(value, "%H:%M").time()  # noqa: DTZ007 - a clock time, not a moment


def _term(model, slug):
    try:
        return model.objects.get(slug=slug)
    except model.DoesNotExist as error:
        raise CommandError(f"The demo needs the {model._meta.verbose_name} '{slug}', which is missing.") from error


def _place(name: str) -> Location:
    place = (
        Location.objects.filter(name__iexact=name).first()
        or Location.objects.filter(name__iexact=f"{name} Library").first()
    )
    if place is None:
        raise CommandError(f"The demo needs the place '{name}', which is not loaded.")
    return place


PAGES = [
    (
        "Accessibility statement",
        "How accessible this service is, and how to tell us about a problem.",
        [
            "<p>This service is run by the council. We want as many people as possible to be able to use it. "
            "You should be able to change colours, contrast levels and fonts, zoom in up to 400% without the "
            "text spilling off the screen, and navigate the whole service using just a keyboard or a screen "
            "reader.</p>",
            "<p>We test every page with automated accessibility checks (axe-core) and by keyboard. This service "
            "aims to meet the Web Content Accessibility Guidelines version 2.2 AA standard.</p>",
            "<p>If you find a problem or need information in a different format, email "
            "digital-help@example.gov.uk or call 020 7946 0000 (sample contact details).</p>",
        ],
    ),
    (
        "Privacy notice",
        "What personal information we keep, why, and your rights.",
        [
            "<p>You can search for help without giving us any personal information. This service does not set "
            "cookies for people searching it.</p>",
            "<p>If you report a problem with a listing, we keep your message and, if you give them, your name "
            "and email address so we can reply. Digital Champions' details are seen only by the council's "
            "digital inclusion team. You can ask for a copy of your data or ask us to delete it.</p>",
        ],
    ),
    (
        "About this service",
        "Why the council runs this directory of free digital help.",
        [
            "<p>Many people in the borough cannot get online, or lack the skills or confidence to. This "
            "directory brings together free Wi-Fi, public computers, devices, data and help from the library "
            "service, Family Hubs, charities and local partners, so that anyone can find help near them.</p>",
            "<p>This is a demonstration site: the libraries, postcodes and wards are real open data, but the "
            "services and Family Hubs marked 'Sample' are invented.</p>",
        ],
    ),
]

GUIDES = [
    (
        "How to get a free SIM card with data",
        "Free mobile data, calls and texts if you cannot afford to get online.",
        [
            "<p>The National Databank gives free SIM cards with mobile data, texts and calls to people on a low "
            "income. You do not need ID or a credit check.</p>",
            "<p>Ask at a library or Family Hub that offers free SIMs: search for <b>Free SIMs and data</b> on "
            "this site. A Digital Champion can help you put the SIM in your phone.</p>",
        ],
    ),
    (
        "Cheaper broadband and mobile: social tariffs",
        "If you get Universal Credit or some other benefits you can pay less for broadband.",
        [
            "<p>A social tariff is a cheaper broadband or phone deal for people on some benefits, such as "
            "Universal Credit or Pension Credit. Most large providers offer one, from about £12 to £20 a month.</p>",
            "<p>You can usually switch without paying a fee to leave your contract. Search for <b>Social tariff "
            "advice</b> to find someone who can check what you can get.</p>",
        ],
    ),
    (
        "Staying safe online",
        "How to spot scams and keep your accounts safe.",
        [
            "<p>Be wary of messages that rush you, ask for bank details or passwords, or offer something that "
            "seems too good to be true. Your bank will never ask for your PIN.</p>",
            "<p>Use a different strong password for your email, and turn on two-step verification. Search for "
            "<b>Online safety</b> to find a friendly session near you.</p>",
        ],
    ),
]
