"""The task queue's own admin (django-tasks-db) is not shown: its rows hold a
task's key and, on failure, a traceback; the people who ordered something see
its state on the order's page, operators read the worker's log (journald)."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
