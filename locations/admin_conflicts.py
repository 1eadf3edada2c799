"""Two editors, one record: a save from a form opened before someone else saved is refused, with who and when.

Wagtail 8 checks the revision a form was opened from (``loaded_revision_id``) only for autosaves; a form
posted the ordinary way (no JavaScript, or the Save and Publish buttons) overwrites whatever was saved in
between, silently. This edit view applies the same check to every save. The refused form comes back with the
editor's changes and the newer revision's id, so pressing Save again is a deliberate choice to replace the
other person's version; a lock (Wagtail's own "Lock" button) stops other editors saving at all.
"""

from django.utils import timezone
from django.utils.formats import date_format
from wagtail.snippets.views.snippets import CreateView, EditView


class ConflictCheckingEditView(EditView):
    def is_valid(self, form):
        # Autosaves and locked records already get Wagtail's own answer.
        if self.expects_json_response or self.locked_for_user or not self.is_out_of_date:
            return super().is_valid(form)
        self.produced_error_code = "invalid_revision"
        self.produced_error_message = self.conflict_message()
        return False

    def conflict_message(self) -> str:
        return conflict_message(self.latest_revision, self.model._meta.verbose_name)


def conflict_message(revision, noun: str) -> str:
    """What an editor is told when someone else saved `revision` after they opened the form."""
    who = (revision.user.get_full_name() or revision.user.get_username()) if revision.user else "Someone"
    when = date_format(timezone.localtime(revision.created_at), "j F Y \\a\\t H:i")
    return (
        f"Your changes have not been saved: {who} saved this {noun} on {when}, after you opened it. Your "
        "changes are still in the form. Check them against theirs (History shows what they changed), then save "
        "again to replace their version with yours."
    )


class CreateViewWithoutAutosave(CreateView):
    """Wagtail 8 autosaves a new record soon after the form is touched, then turns the page into that record's
    edit form. A button pressed before the turn is complete posts the create form again and makes a second
    record (a partner's new service, twice, on a busy server). A new record is saved when its editor presses a
    button; autosave starts once it exists, on the edit form."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.autosave_enabled = False
