"""E-mail to a section's editors when a story of their section is submitted for review.

Wagtail notifies the members of a group approval task's groups; the section review task has no groups, its
reviewers are the users who may publish the story (models.SectionReviewTask). This notifier sends Wagtail's own
"submitted" message (in each recipient's admin language) to exactly those users, through Django's e-mail
backend (the console in the demo). Superusers are included as Wagtail does, unless
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS is False.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier

from .models import SectionReviewTask


class SectionEditorsSubmissionNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    notification = "submitted"

    def can_handle(self, instance, **kwargs):
        return super(BaseGroupApprovalTaskStateEmailNotifier, self).can_handle(instance, **kwargs) and isinstance(
            instance.task.specific, SectionReviewTask
        )

    def get_recipient_users(self, task_state, **kwargs):
        task = task_state.task.specific
        obj = task_state.workflow_state.content_object
        ids = set(task.reviewers_of(obj).values_list("pk", flat=True))
        if getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
            ids |= set(get_user_model().objects.filter(is_superuser=True).values_list("pk", flat=True))
        triggering_user = kwargs.get("user")
        if triggering_user is not None:
            ids.discard(triggering_user.pk)
        return set(get_user_model().objects.filter(pk__in=ids, is_active=True))

section_editors_submission_notifier = SectionEditorsSubmissionNotifier()
