"""Background work: a matching run and an uploaded import started from the pages, done by ``amends
db_worker``."""

import logging

from django.tasks import task

logger = logging.getLogger(__name__)


@task
def run_linkage(run_id: int) -> None:
    """Do the run. It ends done, failed with its reason, or cancelled, and says so on its page: nothing
    is raised to the worker (whose own record of a task is no place for a caseworker to look)."""
    from amends.rosters.models import LinkageRun
    from amends.rosters.services import linkage_run_execute

    run = LinkageRun.objects.filter(pk=run_id).first()
    if run is None:
        logger.warning("linkage run %s is gone; nothing to do", run_id)
        return
    try:
        linkage_run_execute(run=run)
    except Exception:
        # linkage_run_execute records every failure on the run; this is what is left (the database
        # gone while it did), for the log.
        logger.exception("linkage run %s could not record its end", run_id)


@task
def run_import(job_id: int) -> None:
    """Do an import uploaded on the page (issue 16). It ends imported, refused with its report, or
    failed, and says so on its page; nothing is raised to the worker."""
    from amends.rosters.imports import import_job_execute
    from amends.rosters.models import ImportJob

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("import job %s is gone; nothing to do", job_id)
        return
    try:
        import_job_execute(job=job)
    except Exception:
        logger.exception("import job %s could not record its end", job_id)
