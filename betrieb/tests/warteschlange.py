"""For tests of the real queue: the database backend of django-tasks-db
instead of the test settings' immediate one, and `manage.py db_worker --batch`
as the worker (it does every waiting task, then stops)."""

from unittest import mock

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

WARTESCHLANGE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "sofort": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}


def abarbeiten():
    """Run the worker once over the queue; returns the number of tasks it did."""
    vorher = DBTaskResult.objects.filter(finished_at__isnull=False).count()
    # The worker closes stale connections between tasks: not the test's own,
    # which holds the test's transaction.
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections"
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    return DBTaskResult.objects.filter(finished_at__isnull=False).count() - vorher
