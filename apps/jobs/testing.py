"""Running queued jobs in tests and in browser journeys: the worker's own code, in-process.

run_jobs() claims and runs every job that is ready, including the ones that jobs enqueue,
until none is left. Inside a test transaction, callbacks registered with on_commit() by the
jobs are run too (captured as TestCase does), since that transaction never commits.
"""

from django.test import TestCase


def run_jobs(*, limit: int = 500) -> int:
    """Run the jobs that are due now (run_after in the past); returns how many ran."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="in-process", excluded_queue_names=[])
    ran = 0
    while ran < limit:
        with TestCase.captureOnCommitCallbacks(execute=True):
            result = DBTaskResult.objects.ready().first()
            if result is None:
                return ran
            result.claim(worker.worker_id)
            worker.run_task(result)
        ran += 1
    raise RuntimeError(f"more than {limit} jobs: a job keeps enqueueing itself")


def queued_tasks(task_path: str = ""):
    """Jobs waiting in the queue (optionally of one task, e.g. "apps.jobs.tasks.deliver_message")."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(status="READY")
    return waiting.filter(task_path=task_path) if task_path else waiting
