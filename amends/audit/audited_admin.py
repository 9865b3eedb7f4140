"""The audited admin: Django's admin held to the services' rules, the role they check and the audit
event they append, so that the admin is no back door around either.

:class:`RoleGatedAdmin`, for a ``ModelAdmin`` or an inline, lets only holders of ``required_role``
(the caseworker by default; a superuser holds every role) add, change or delete, and runs "Delete
selected" object by object in one transaction, so that each deletion goes through ``delete_model``.

:class:`AuditedAdmin` adds the audit trail, in the admin's own transaction (the change form and the
delete page run in ``transaction.atomic()``; each hook here also joins or opens one), so that a row and
its event are saved together or not at all (``save_model``, whose event ``save_related`` appends,
refuses to run outside a transaction). Its events, with ``<model>`` the model's lower-case name
(``Model._meta.model_name``: ``award``, ``accrualterm``, ``creditor``, ``person``, ``parentchild``):

- ``<model>.admin_create``: a row added, in the form or in an inline; ``before`` is ``None``,
  ``after`` its snapshot;
- ``<model>.admin_change``: a row changed; ``before`` is the row as it was in the database, ``after``
  as saved. A row saved unchanged appends nothing;
- ``<model>.admin_delete``: a row deleted, on the delete page, by "Delete selected" or in an inline;
  ``before`` is its snapshot, ``after`` ``None``. The rows that the deletion takes with it by
  ``on_delete=CASCADE`` (an award's creditors and accrual terms, a person's family links) are each
  recorded the same way, before the deletion.

The snapshot holds the fields ``audit_fields`` names (of the admin, or of the inline for its rows),
by default every concrete field but the automatic primary key and the ``auto_now``/``auto_now_add``
timestamps, and the many-to-many fields (as sorted primary keys). ``actor`` is the signed-in user.

Audit sits below every app that writes: this module imports Django and :mod:`amends.core` only.
"""

from django.db import models, router, transaction
from django.db.models.deletion import Collector

from amends.audit.services import audit_append, snapshot
from amends.core.roles import CASEWORKER, has_role

# Where the change form keeps the parent row's state between ``save_model`` and ``save_related``.
_PENDING = "_audited_admin_pending"


class RoleGatedAdmin:
    """Only holders of ``required_role`` add, change or delete (on top of Django's permissions); who
    may only view sees the pages read-only, and a write they post is refused (403)."""

    required_role: str = CASEWORKER

    def has_add_permission(self, request, *args) -> bool:
        return has_role(request.user, self.required_role) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None) -> bool:
        return has_role(request.user, self.required_role) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return has_role(request.user, self.required_role) and super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        """The "Delete selected" action: each object through ``delete_model``, all in one transaction."""
        with transaction.atomic(using=router.db_for_write(queryset.model)):
            for obj in queryset:
                self.delete_model(request, obj)


class ViewOnlyAdmin:
    """Seen in the admin, never written there, not even by a superuser: what a change to it decides
    (who is owed what) goes through its services, with four eyes (issue 15). A write posted is refused
    (403) and no action deletes."""

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AuditedAdmin(RoleGatedAdmin):
    """Role-gated, and every row saved or deleted here, or in an inline, appends its audit event.

    Use it on the ``ModelAdmin`` and on each of its inlines (the inline's ``audit_fields`` and
    ``required_role`` apply to its rows). A subclass that overrides ``save_model``, ``save_related``,
    ``save_formset`` or ``delete_model`` calls ``super()``.
    """

    audit_fields: list[str] | None = None

    def get_audit_fields(self) -> list[str]:
        return list(self.audit_fields) if self.audit_fields is not None else default_audit_fields(self.model)

    # The form: its row --------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change) -> None:
        # The event is appended in save_related, once the many-to-many fields are saved too: both must
        # run in the one transaction the admin opens around them (the change form, the change list).
        using = router.db_for_write(type(obj), instance=obj)
        if not transaction.get_connection(using).in_atomic_block:
            raise RuntimeError(
                "AuditedAdmin.save_model() must run inside the admin's transaction.atomic(), with "
                "save_related(), which appends its audit event"
            )
        fields = self.get_audit_fields()
        before = _stored_snapshot(obj, fields) if change and obj.pk is not None else None
        super().save_model(request, obj, form, change)
        setattr(form, _PENDING, (before, fields))

    def save_related(self, request, form, formsets, change) -> None:
        # Django's save_related, with the form's own event between its many-to-many fields and the
        # inlines, so that a new row's event comes before those of its inline rows.
        with _atomic(form.instance):
            form.save_m2m()
            try:
                before, fields = getattr(form, _PENDING)
            except AttributeError:
                raise RuntimeError(
                    f"{type(self).__name__}.save_model() did not call super(): its row is not audited"
                ) from None
            delattr(form, _PENDING)
            _audit_saved(request, form.instance, before, fields)
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj) -> None:
        with _atomic(obj):
            _audit_deletion(request, obj, self.get_audit_fields())
            super().delete_model(request, obj)

    # The inlines: their rows --------------------------------------------------------------------------

    def get_formsets_with_inlines(self, request, obj=None):
        # Each inline's formset class is made afresh for the request: let it carry its inline, whose
        # audit_fields name what its rows' events hold.
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.audited_inline = inline
            yield formset, inline

    def save_formset(self, request, form, formset, change) -> None:
        inline = getattr(formset, "audited_inline", None)
        if isinstance(inline, AuditedAdmin):
            fields = inline.get_audit_fields()
        else:
            fields = default_audit_fields(formset.model)
        with _atomic(form.instance):
            saved = formset.save(commit=False)
            for obj in formset.deleted_objects:
                _audit_deletion(request, obj, fields)
                obj.delete()
            befores = [_stored_snapshot(obj, fields) if obj.pk is not None else None for obj in saved]
            for obj in saved:
                obj.save()
            formset.save_m2m()
            for obj, before in zip(saved, befores, strict=True):
                _audit_saved(request, obj, before, fields)


def default_audit_fields(model: type[models.Model]) -> list[str]:
    """Every concrete field but the automatic primary key and the automatic timestamps, then the
    many-to-many fields."""
    fields = [
        field.name
        for field in model._meta.concrete_fields
        if not isinstance(field, models.AutoField)  # Big- and SmallAutoField too
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    ]
    return fields + [field.name for field in model._meta.many_to_many]


def admin_action(model: type[models.Model], verb: str) -> str:
    """``admin_action(Award, "change") == "award.admin_change"``."""
    return f"{model._meta.model_name}.admin_{verb}"


def _atomic(obj: models.Model):
    # Joins the admin's transaction (no savepoint: an error rolls all of it back), or opens one when a
    # hook is called outside it, so that a row is never saved or deleted without its event.
    return transaction.atomic(using=router.db_for_write(type(obj), instance=obj), savepoint=False)


def _stored_snapshot(obj: models.Model, fields: list[str]) -> dict | None:
    """The row as the database holds it, not as the form has already changed the instance."""
    stored = (
        type(obj)
        ._base_manager.using(router.db_for_write(type(obj), instance=obj))
        .select_for_update()
        .filter(pk=obj.pk)
        .first()
    )
    return snapshot(stored, fields) if stored is not None else None


def _audit_saved(request, obj: models.Model, before: dict | None, fields: list[str]) -> None:
    after = snapshot(obj, fields)
    if before == after:
        return
    verb = "create" if before is None else "change"
    audit_append(
        actor=request.user, action=admin_action(type(obj), verb), subject=obj, before=before, after=after
    )


class _EveryRow(Collector):
    # As the admin's own NestedObjects: load every row a deletion takes with it, not delete in bulk.
    def can_fast_delete(self, *args, **kwargs) -> bool:
        return False


def _audit_deletion(request, obj: models.Model, fields: list[str]) -> None:
    """Record ``obj``'s deletion, and that of each row it takes with it, before they are deleted."""
    # An inline's form has already written its fields onto a row marked for deletion: read the row.
    before = _stored_snapshot(obj, fields)
    audit_append(
        actor=request.user,
        action=admin_action(type(obj), "delete"),
        subject=obj,
        before=before if before is not None else snapshot(obj, fields),
    )
    collector = _EveryRow(using=router.db_for_write(type(obj), instance=obj), origin=obj)
    collector.collect([obj])
    cascaded = sorted(
        (
            (model._meta.label, row.pk, row)
            for model, rows in collector.data.items()
            for row in rows
            if not (model._meta.concrete_model is obj._meta.concrete_model and row.pk == obj.pk)
        ),
        key=lambda item: item[:2],
    )
    for _label, _pk, row in cascaded:
        audit_append(
            actor=request.user,
            action=admin_action(type(row), "delete"),
            subject=row,
            before=snapshot(row, default_audit_fields(type(row))),
        )
