"""Personal data at rest: encrypted fields and files, keyed hashes to find them, masks to show them.

Bank account numbers, IBANs, resident registration numbers (주민등록번호) and family certificates are
stored encrypted with Fernet (AES-128-CBC with an HMAC-SHA256, from ``cryptography``) under the keys
of ``settings.FIELD_KEYS`` (``AMENDS_FIELD_KEYS``): the first key encrypts, every key decrypts
(``MultiFernet``), so a new key is put first and ``amends keys rotate`` re-encrypts every value and
file under it (:func:`rotate_all`) before the old key is dropped.

Why a small field here rather than a package of encrypted fields: ``django-fernet-encrypted-fields``
derives its keys from ``SECRET_KEY`` and a salt (rotating the signing key would make the data
unreadable), rotates by loading and saving every model, and encrypts no files; what is needed is
MultiFernet over keys given as they are, and ``MultiFernet.rotate``, which keep this module short.

A Fernet token is different at every encryption, so the database cannot compare encrypted values: an
encrypted field allows no lookup but ``isnull`` (a filter on it would silently find nothing). A value
to be found by exact match has a :class:`KeyedHashField` beside it, an HMAC-SHA256 of the value under
``settings.SEARCH_KEY`` (``AMENDS_SEARCH_KEY``), which :func:`keyed_hash` computes for the query.

Every field of this module is *personal* (``field.personal``): :func:`amends.audit.services.snapshot`
writes ``field.mask(value)`` into an audit event, never the value (``***-***-7890``), so the
append-only trail holds masked values and references only, and erasing a value (clearing the field,
deleting the file) leaves nothing of it behind in the trail.

Sits in core: it knows no app.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from uuid import uuid4

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import connection, models

# Masks -----------------------------------------------------------------------------------------------


def mask_account(value: str) -> str:
    """All but the last four letters or digits starred, the separators kept: ``***-***-7890``; a value
    of four characters or fewer wholly starred."""
    characters = [c for c in value if c.isalnum()]
    keep = 4 if len(characters) > 4 else 0
    seen, masked = 0, []
    for c in value:
        if c.isalnum():
            seen += 1
            masked.append(c if seen > len(characters) - keep else "*")
        else:
            masked.append(c)
    return "".join(masked)


def mask_rrn(value: str) -> str:
    """A resident registration number as Korean practice shows it: the date of birth and the digit of
    sex and century, the rest starred (``900101-1******``)."""
    digits = "".join(c for c in value if c.isdigit())
    return f"{digits[:6]}-{digits[6:7]}******" if len(digits) == 13 else "*" * len(value)


def mask_hidden(value: str) -> str:
    """A keyed hash says nothing to a reader but can link records: shown only as being there."""
    return "********" if value else ""


# Keys ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("AMENDS_FIELD_KEYS holds no key.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            f"AMENDS_FIELD_KEYS: every key must be a Fernet key (32 bytes, URL-safe base64): {error}"
        ) from None


def _fernet() -> MultiFernet:
    # Looked up on every use (and cached by the keys), so that a change of settings takes effect.
    return _multi_fernet(tuple(settings.FIELD_KEYS))


def encrypt(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt(token: bytes) -> bytes:
    """Raises :class:`cryptography.fernet.InvalidToken` if no key opens ``token``."""
    return _fernet().decrypt(token)


def encrypt_text(value: str) -> str:
    return encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    return decrypt(token.encode("ascii")).decode("utf-8")


def is_encrypted(data: bytes) -> bool:
    """Whether ``data`` is a token one of the keys opens (a data migration's test of a row or file)."""
    try:
        decrypt(data)
    except InvalidToken:
        return False
    return True


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of ``value`` under ``settings.SEARCH_KEY``, hex: equal values, equal hashes; without
    the key, no dictionary of all 13-digit numbers finds the value again."""
    return hmac.new(settings.SEARCH_KEY.encode("utf-8"), value.encode("utf-8"), hashlib.sha256).hexdigest()


# Fields ----------------------------------------------------------------------------------------------


class EncryptedCharField(models.CharField):
    """A short text stored as a Fernet token (a ``text`` column); ``max_length`` is the plaintext's.
    The empty value is stored empty: it says no more than that nothing was given."""

    personal = True
    description = "Text encrypted at rest"

    def __init__(self, *args, mask=mask_account, **kwargs):
        self.mask = mask
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.mask is not mask_account:
            kwargs["mask"] = self.mask
        return name, path, args, kwargs

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(self, value, expression, connection):
        return decrypt_text(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt_text(value) if value else value

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise FieldError(
                f"{self.model._meta.label}.{self.name} is encrypted: it cannot be compared in the "
                f"database ({lookup_name!r}); find it by a keyed hash beside it."
            )
        return super().get_lookup(lookup_name)


class KeyedHashField(models.CharField):
    """The :func:`keyed_hash` of the field ``of`` of the same row, indexed, for finding it by exact
    match; computed whenever the row is saved with it. The model stores ``of`` in one canonical form
    (a query hashes the same form)."""

    personal = True
    mask = staticmethod(mask_hidden)

    def __init__(self, *args, of: str, **kwargs):
        self.of = of
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["of"] = self.of
        for key, default in (("max_length", 64), ("blank", True), ("editable", False), ("db_index", True)):
            if kwargs.get(key) == default:
                del kwargs[key]
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.of)
        hashed = keyed_hash(value) if value else ""
        setattr(model_instance, self.attname, hashed)
        return hashed


# Files -----------------------------------------------------------------------------------------------


class EncryptedFileSystemStorage(FileSystemStorage):
    """Files under ``MEDIA_ROOT`` stored as Fernet tokens, read back decrypted. A stored file is named
    at random (keeping its extension): an uploaded file's name may carry a person's name, and the name
    is what the audit trail records."""

    def get_valid_name(self, name: str) -> str:
        suffix = "".join(c for c in Path(name).suffix.lower() if c.isalnum() or c == ".")[:10]
        return f"{uuid4().hex}{suffix}"

    def _save(self, name, content):
        content.seek(0)
        return super()._save(name, ContentFile(encrypt(content.read())))

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode:
            raise ValueError("An encrypted file is written through save(), not opened for writing.")
        with super()._open(name, "rb") as stored:
            return ContentFile(decrypt(stored.read()), name=name)

    def size(self, name) -> int:
        with self._open(name) as opened:
            return opened.size

    def replace_raw(self, name: str, data: bytes) -> None:
        """Write ``data`` as the stored bytes of ``name`` at once (a temporary file renamed over it),
        for re-encrypting in place."""
        path = Path(self.path(name))
        handle, temporary = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)

    def read_raw(self, name: str) -> bytes:
        return Path(self.path(name)).read_bytes()


def encrypted_storage() -> EncryptedFileSystemStorage:
    """The storage of encrypted files (a callable, so that migrations name it and ``MEDIA_ROOT`` is
    read when files are, as tests change it)."""
    return EncryptedFileSystemStorage()


# Rotation --------------------------------------------------------------------------------------------


def _encrypted_columns():
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]
        if fields:
            yield model, fields


def rotate_all() -> dict[str, int]:
    """Re-encrypt every encrypted value and file under the first key (``MultiFernet.rotate``, which
    keeps each token's timestamp) and recompute every keyed hash under the current search key. Reads
    and writes the stored tokens themselves, not the models. In the caller's transaction. Returns how
    many values, files and hashes were written, by ``model.field``."""
    fernet = _fernet()
    written: dict[str, int] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, fields in _encrypted_columns():
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            for field in fields:
                column = quote(field.column)
                cursor.execute(f"SELECT {pk}, {column} FROM {table} WHERE {column} <> ''")
                rows = cursor.fetchall()
                for key, token in rows:
                    rotated = fernet.rotate(token.encode("ascii")).decode("ascii")
                    cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {pk} = %s", [rotated, key])
                written[f"{model._meta.label}.{field.name}"] = len(rows)
            for hashed in [f for f in model._meta.concrete_fields if isinstance(f, KeyedHashField)]:
                rows = model._base_manager.exclude(**{hashed.name: ""}).values_list("pk", hashed.of)
                for key, value in rows:
                    model._base_manager.filter(pk=key).update(**{hashed.name: keyed_hash(value)})
                written[f"{model._meta.label}.{hashed.name}"] = len(rows)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and isinstance(field.storage, EncryptedFileSystemStorage):
                count = 0
                for name in model._base_manager.exclude(**{field.name: ""}).values_list(
                    field.name, flat=True
                ):
                    storage = field.storage
                    storage.replace_raw(name, fernet.rotate(storage.read_raw(name)))
                    count += 1
                written[f"{model._meta.label}.{field.name}"] = count
    return written
