"""Background work: a matching run started from the pages, done by ``amends db_worker``."""

from django.tasks import task


@task
def run_linkage(run_id: int) -> None:
    from amends.rosters.models import LinkageRun
    from amends.rosters.services import linkage_run_execute

    linkage_run_execute(run=LinkageRun.objects.get(pk=run_id))
