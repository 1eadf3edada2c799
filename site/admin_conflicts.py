"""Two editors, one CMS page: the same stale-save check as for places and services (locations/admin_conflicts.py).

Wagtail 8 refuses an out-of-date page form only when it autosaves; a form posted without JavaScript, or with the
Save, Publish or Submit buttons, silently replaces whatever another editor saved after it was opened. This view
takes the place of Wagtail's page edit view (site/urls.py routes to it first) and refuses such a save, keeping the
editor's changes in the form with the newer revision's id, so saving again is a deliberate choice.
"""

from django.contrib import messages
from wagtail.admin.views.pages.edit import EditView

from locations.admin_conflicts import conflict_message


class ConflictCheckingPageEditView(EditView):
    def post(self, request, *args, **kwargs):
        # Autosaves, locked pages and aliases get Wagtail's own answer; cancelling a workflow changes no content.
        if (
            self.expects_json_response
            or self.page.alias_of_id
            or self.locked_for_user
            or self.is_cancelling_workflow
            or not self.is_out_of_date
        ):
            return super().post(request, *args, **kwargs)
        self.form = self.form_class(
            request.POST,
            request.FILES,
            instance=self.page,
            subscription=self.subscription,
            parent_page=self.parent,
            for_user=request.user,
        )
        messages.error(request, conflict_message(self.latest_revision, "page"))
        self.has_unsaved_changes = True
        return self.render_to_response(self.get_context_data())
