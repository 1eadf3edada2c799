"""Keeps the directory in step when a help session is deleted."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from champions.models import HelpSession
from provision.models import Service


@receiver(pre_delete, sender=HelpSession, dispatch_uid="champions.unlist_deleted_session")
def unlist_deleted_session(sender, instance, **kwargs):
    service = Service.objects.filter(pk=instance.service_id, live=True).first() if instance.service_id else None
    if service is not None:
        service.unpublish()
