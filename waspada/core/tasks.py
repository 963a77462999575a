"""The one place the rest of Waspada touches the task framework.

django-tasks is the backport of Django 6's ``django.tasks``; when the project moves to
Django 6 only this module changes.
"""

from __future__ import annotations

from django_tasks import TaskResult, TaskResultStatus, default_task_backend, task

__all__ = ["TaskResult", "TaskResultStatus", "default_task_backend", "task"]
