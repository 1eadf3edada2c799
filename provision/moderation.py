"""Moderation of listings: the "Listing approval" workflow, its emails, and submitting changes for approval.

* A Wagtail workflow, "Listing approval", with one GroupApprovalTask, "Lead approval", for the Inclusion lead
  group, is assigned to services and places (``ensure_listing_workflow``, run after every migrate and test
  database flush). Partner editors have no publish permission: what they save is a draft, and "Submit for
  moderation" starts the workflow. The public site keeps showing the live (last approved) version; approving
  publishes the submitted revision. Wagtail's own locking applies (a listing in moderation is locked to
  everyone but its reviewers).
* Wagtail's workflow notification emails would go straight to the mail server; ``connect_notifiers`` replaces
  its notifiers with ones that queue the same messages in our outbox (provision/outbox.py), and for services
  and places sends our own wording, with the reviewer's comment, to the person who submitted them.
"""

import contextlib
import contextvars
import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.admin import mail as wagtail_mail
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from provision.outbox import queue_email
from provision.permissions import LEAD_GROUP

logger = logging.getLogger(__name__)

WORKFLOW_NAME = "Listing approval"
TASK_NAME = "Lead approval"


def moderated_models():
    from locations.models import Location
    from provision.models import Service

    return (Service, Location)


def ensure_listing_workflow(**kwargs):
    """Create the workflow and assign it to services and places, unless an administrator has changed that.

    Connected to post_migrate: it runs after `migrate` and after a test database is flushed.
    """
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowContentType, WorkflowTask

    group, _ = Group.objects.get_or_create(name=LEAD_GROUP)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.add(group)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for model in moderated_models():
        content_type = ContentType.objects.get_for_model(model)
        WorkflowContentType.objects.get_or_create(content_type=content_type, defaults={"workflow": workflow})


# Submitting ------------------------------------------------------------------------------------------------


def save_and_submit(instance, *, user, created: bool):
    """Save `instance` as a draft revision by `user` and submit it to its workflow (as "Submit for moderation").

    A new record, or one never published, is saved as a draft row; a published one keeps its live row as it is
    (residents go on seeing it) and the change lives in the new revision until it is approved.
    """
    if created:
        instance.live = False
        instance.has_unpublished_changes = True
    if created or not instance.live:
        instance.save()
    revision = instance.save_revision(user=user, clean=False, log_action="wagtail.create" if created else True)
    workflow = instance.get_workflow()
    if workflow is not None and workflow.active:
        workflow.start(instance, user)
    return revision


# Emails ----------------------------------------------------------------------------------------------------

_quiet = contextvars.ContextVar("provision_quiet_workflow_emails", default=False)


@contextlib.contextmanager
def one_email_for_many_submissions():
    """No "submitted for approval" email per listing while this lasts: a bulk import sends one summary."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def admin_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def public_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


class OutboxEmailMixin:
    """Queue Wagtail's notification emails in our outbox instead of sending them there and then."""

    def send_emails(self, template_set, context, recipients, **kwargs):
        for recipient in recipients:
            context["user"] = recipient
            subject = render_to_string(template_set["subject"], context).strip()
            body = render_to_string(template_set["text"], context).strip()
            queue_email([recipient.email], " ".join(subject.split()), body)
        return True


def _is_listing(instance) -> bool:
    return isinstance(instance, moderated_models())


def _last_decision(workflow_state: WorkflowState):
    return (
        TaskState.objects.filter(workflow_state=workflow_state)
        .exclude(finished_at=None)
        .order_by("-finished_at", "-pk")
        .first()
    )


class ListingDecisionNotifierMixin:
    """Approved or changes requested: our wording for services and places, with the reviewer's comment."""

    listing_template = ""

    def get_template_set(self, instance, **kwargs):
        if _is_listing(instance.content_object):
            return {
                "subject": f"provision/emails/{self.listing_template}_subject.txt",
                "text": f"provision/emails/{self.listing_template}.txt",
            }
        return super().get_template_set(instance, **kwargs)

    def get_context(self, workflow_state, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        listing = workflow_state.content_object
        if _is_listing(listing):
            decision = _last_decision(workflow_state)
            context.update(
                listing=listing.get_latest_revision_as_object(),
                comment=decision.get_comment() if decision else "",
                reviewer=decision.finished_by if decision else None,
                edit_url=admin_url(reverse(listing.snippet_viewset.get_url_name("edit"), args=[listing.pk])),
                public_url=public_url(listing.get_absolute_url()) if listing.live else "",
            )
        return context


class ApprovalNotifier(ListingDecisionNotifierMixin, OutboxEmailMixin, wagtail_mail.WorkflowStateApprovalEmailNotifier):
    listing_template = "moderation_approved"


class RejectionNotifier(
    ListingDecisionNotifierMixin, OutboxEmailMixin, wagtail_mail.WorkflowStateRejectionEmailNotifier
):
    listing_template = "moderation_rejected"


class QuietMixin:
    def __call__(self, instance=None, **kwargs):
        if _quiet.get():
            return True
        return super().__call__(instance=instance, **kwargs)


class SubmissionNotifier(QuietMixin, OutboxEmailMixin, wagtail_mail.WorkflowStateSubmissionEmailNotifier):
    pass


class TaskSubmissionNotifier(QuietMixin, OutboxEmailMixin, wagtail_mail.GroupApprovalTaskStateSubmissionEmailNotifier):
    def get_template_set(self, instance, **kwargs):
        if _is_listing(instance.workflow_state.content_object):
            return {
                "subject": "provision/emails/moderation_submitted_subject.txt",
                "text": "provision/emails/moderation_submitted.txt",
            }
        return super().get_template_set(instance, **kwargs)

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        listing = task_state.workflow_state.content_object
        if _is_listing(listing):
            context.update(
                listing=listing.get_latest_revision_as_object(),
                requested_by=task_state.workflow_state.requested_by,
                edit_url=admin_url(reverse(listing.snippet_viewset.get_url_name("edit"), args=[listing.pk])),
                history_url=admin_url(reverse(listing.snippet_viewset.get_url_name("history"), args=[listing.pk])),
            )
        return context


# (signal, sender, Wagtail's dispatch_uid, our notifier): the same dispatch_uid, so whichever of Wagtail's
# admin app and ours connects first, only ours stays connected (see connect_notifiers).
NOTIFIERS = (
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification", TaskSubmissionNotifier()),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification", SubmissionNotifier()),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification", RejectionNotifier()),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification", ApprovalNotifier()),
)


def connect_notifiers():
    for signal, sender, dispatch_uid, notifier in NOTIFIERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(notifier, sender=sender, dispatch_uid=dispatch_uid, weak=False)


def notify_bulk_submission(user, services, organisation_names):
    """One email to the lead for a partner's CSV import, instead of one per listing."""
    from provision.notifications import lead_recipients

    if not services:
        return None
    context = {
        "user": user,
        "services": services,
        "organisations": organisation_names,
        "review_url": admin_url(reverse("wagtailadmin_home")),
    }
    return queue_email(
        lead_recipients(),
        f"{len(services)} listings from {', '.join(organisation_names) or user} are waiting for approval",
        render_to_string("provision/emails/moderation_bulk_submitted.txt", context),
    )
