"""Wartime rosters, today's applications, earlier programmes' payments, and the runs that link them.

A roster entry keeps where it was found (archive, roster, page, line). A linkage run keeps its model's
parameters and threshold; each candidate pair keeps its evidence (the agreement level of each field
and the score). A caseworker's decision on a pair is the label the next run learns from.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonRecord(models.Model):
    """The columns every import shares (all optional but ``ref``)."""

    ref = models.CharField(_("reference"), max_length=64, unique=True)
    name_hangul = models.CharField(_("name in Hangul"), max_length=100, blank=True)
    name_hanja = models.CharField(_("name in Hanja"), max_length=100, blank=True)
    name_japanese = models.CharField(_("Japanese-style name"), max_length=100, blank=True)
    name_japanese_reading = models.CharField(
        _("reading of the Japanese-style name"), max_length=100, blank=True
    )
    name_romanized = models.CharField(_("romanised name"), max_length=100, blank=True)
    birth_date = models.CharField(
        _("birth date"), max_length=20, blank=True, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD")
    )
    hometown = models.CharField(_("hometown"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return (
            f"{self.ref} {self.name_hangul or self.name_japanese or self.name_hanja or self.name_romanized}"
        )


class ImportBatch(models.Model):
    """One import of a file: what it held and who brought it in (the subject of its audit event)."""

    class Kind(models.TextChoices):
        ROSTER = "roster", _("roster")
        APPLICATIONS = "applications", _("applications")
        PAYMENTS = "payments", _("earlier-programme payments")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=200, blank=True)
    file_name = models.CharField(_("file"), max_length=300)
    rows = models.PositiveIntegerField(_("rows"))
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    # Issue 16: how a CSV was read (utf-8, or cp949 for Korean Excel's files; empty for XLSX), and
    # whether the file corrected rows of earlier imports (--update) rather than only adding rows.
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    update = models.BooleanField(_("update of earlier rows"), default=False)
    added = models.PositiveIntegerField(_("rows added"), default=0)
    updated = models.PositiveIntegerField(_("rows changed"), default=0)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.rows})"


class ImportJob(models.Model):
    """An import started from the upload page and done by the background worker (``amends
    db_worker``). The file waits in ``content`` (emptied when the job ends: it holds personal data);
    ``report`` is the refusal's report, worded in ``language``, the uploader's."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("imported")
        REFUSED = "refused", _("refused, nothing imported")
        FAILED = "failed", _("failed, nothing imported")

    kind = models.CharField(_("kind"), max_length=20, choices=ImportBatch.Kind.choices)
    source = models.CharField(_("source"), max_length=200, blank=True)
    file_name = models.CharField(_("file"), max_length=300)
    content = models.BinaryField(_("content"), blank=True)
    mapping = models.JSONField(_("mapping"), default=dict, blank=True)
    header_row = models.PositiveIntegerField(_("header row"), default=1)
    update = models.BooleanField(_("update of earlier rows"), default=False)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=20, blank=True)
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    report = models.TextField(_("report"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The worker doing the job holds it until ``lease_expires_at``, renewed at each step; a running job
    # whose lease ran out lost its worker and is failed by whoever next looks
    # (``amends.rosters.imports.import_jobs_reclaim``).
    worker = models.CharField(_("worker"), max_length=200, blank=True)
    lease_expires_at = models.DateTimeField(_("lease expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"import {self.pk} {self.file_name} ({self.status})"


class RosterEntry(PersonRecord):
    """A line of a wartime roster (labour roster, pension or deposit record, ship manifest)."""

    employer = models.CharField(_("employer"), max_length=200, blank=True)
    worksite = models.CharField(_("worksite"), max_length=200, blank=True)
    source_name = models.CharField(_("roster source"), max_length=200, help_text=_("as given on import"))
    source = models.CharField(_("citation"), max_length=300, blank=True)
    archive = models.CharField(_("archive"), max_length=200, blank=True)
    roster = models.CharField(_("roster"), max_length=200, blank=True)
    page = models.CharField(_("page"), max_length=20, blank=True)
    line = models.CharField(_("line"), max_length=20, blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster entries")


class Application(PersonRecord):
    """An application for verification of forced mobilisation, with the flags that must be cleared
    before any decision on it: a duplicate of another application, or already paid before."""

    employer = models.CharField(_("employer"), max_length=200, blank=True)
    worksite = models.CharField(_("worksite"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="+")
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("possible duplicate of"),
    )  # fmt: skip
    duplicate_probability = models.FloatField(null=True, blank=True)
    earlier_payment = models.ForeignKey(
        "EarlierPayment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("possibly paid by an earlier programme"),
    )  # fmt: skip
    earlier_payment_probability = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    @property
    def flagged(self) -> bool:
        return self.duplicate_of_id is not None or self.earlier_payment_id is not None


class EarlierPayment(PersonRecord):
    """Consolation money paid by an earlier programme (2004-2015 commissions): nobody is paid twice."""

    programme = models.CharField(_("programme"), max_length=200, blank=True)
    paid_on = models.CharField(_("paid on"), max_length=20, blank=True)
    amount = models.BigIntegerField(_("amount (won)"), null=True, blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("earlier-programme payment")
        verbose_name_plural = _("earlier-programme payments")


class LinkageRun(models.Model):
    """A matching job: applications against rosters, against each other and against earlier payments.

    The worker running it holds a lease (``worker``, ``lease_expires_at``) that it renews with each
    heartbeat; a run whose lease has expired has lost its worker and is failed by whoever next looks
    (``amends.rosters.services.linkage_runs_reclaim``). ``reason`` says why a run failed or was
    cancelled (``{"code": …, …}``, worded by the page); ``warnings`` what a finished run did other
    than planned (a training rule skipped, fixed priors used: ``amends.linkage.model.LinkWarning``)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    threshold = models.FloatField(_("threshold"))
    normalised = models.BooleanField(_("normalised names"), default=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    parameters = models.JSONField(_("model parameters"), default=dict, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    reason = models.JSONField(_("reason"), default=dict, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    lease_expires_at = models.DateTimeField(_("lease expires at"), null=True, blank=True)
    cancel_requested_at = models.DateTimeField(_("cancellation requested at"), null=True, blank=True)
    cancel_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("linkage run")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"run {self.pk} ({self.status})"


class CandidatePair(models.Model):
    """An application and a roster entry the model scored at or above the run's threshold."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="pairs")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="candidates")
    roster_entry = models.ForeignKey(RosterEntry, on_delete=models.CASCADE, related_name="candidates")
    probability = models.FloatField(_("match probability"))
    match_weight = models.FloatField(_("match weight"))
    evidence = models.JSONField(_("evidence"), default=dict, help_text=_("agreement level per field"))

    class Meta:
        verbose_name = _("candidate pair")
        indexes = [models.Index(fields=["run", "-probability"])]
        constraints = [
            models.UniqueConstraint(fields=["run", "application", "roster_entry"], name="one_pair_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} ~ {self.roster_entry_id} ({self.probability:.3f})"


class BulkDecision(models.Model):
    """One decision on many pairs of a run by a rule (issue 16): every undecided pair of an unflagged
    application at or above ``threshold`` accepted, or at or below it rejected, optionally of one
    roster source. Each pair gets its own :class:`ReviewDecision` referring to this row, so that any
    of them can be decided again one by one; the rule is audited once."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="bulk_decisions")
    verdict = models.CharField(_("verdict"), max_length=10)
    threshold = models.FloatField(_("threshold"))
    source = models.CharField(_("roster source"), max_length=200, blank=True)
    pairs = models.PositiveIntegerField(_("pairs decided"))
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("bulk decision")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"bulk {self.verdict} >= {self.threshold} ({self.pairs})"


class ReviewDecision(models.Model):
    """A caseworker's verdict on a candidate pair; the latest one per pair counts, and feeds the next
    run as a label. ``bulk`` is the rule it was decided by, if it was decided in bulk."""

    class Verdict(models.TextChoices):
        ACCEPT = "accept", _("same person")
        REJECT = "reject", _("different people")
        UNSURE = "unsure", _("unsure")

    pair = models.ForeignKey(CandidatePair, on_delete=models.CASCADE, related_name="decisions")
    application_ref = models.CharField(max_length=64)
    roster_ref = models.CharField(max_length=64)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    bulk = models.ForeignKey(
        BulkDecision, null=True, blank=True, on_delete=models.CASCADE, related_name="decisions"
    )

    class Meta:
        verbose_name = _("review decision")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application_ref} ~ {self.roster_ref}: {self.verdict}"
