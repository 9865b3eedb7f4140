"""How large an input may be: a request body, an uploaded file, a bank statement, an XLSX workbook.

Each bound is a setting read from the environment (``config/settings.py``, "Input limits"), checked
before the input is read whole, parsed or written: an upload is read in chunks and refused at the
first byte past its cap; a workbook is judged by its zip directory (each member's size and how much it
inflates) before any member is inflated, since an XLSX of 3 MB can inflate to gigabytes. A refusal is
a :class:`ValidationError` naming the field, or :class:`TooLarge` where the answer is HTTP 413.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class TooLarge(ValidationError):
    """An input over its size cap: answered 413 by a page or the API, naming the field."""


def megabytes(size: int) -> str:
    return f"{size / 1_048_576:,.1f} MB"


def read_upload(upload, name: str, *, limit: int | None = None) -> bytes:
    """The bytes of an uploaded file (a Django ``UploadedFile``), read chunk by chunk and refused
    (:class:`TooLarge`, naming ``name``) at the first chunk past ``limit`` (``AMENDS_MAX_UPLOAD_BYTES``
    by default), before the rest is read into memory."""
    limit = settings.AMENDS_MAX_UPLOAD_BYTES if limit is None else limit
    refusal = TooLarge(
        {name: _("The file is larger than %(limit)s: it is refused.") % {"limit": megabytes(limit)}}
    )
    if upload.size is not None and upload.size > limit:
        raise refusal
    chunks, read = [], 0
    for chunk in upload.chunks():
        read += len(chunk)
        if read > limit:
            raise refusal
        chunks.append(chunk)
    return b"".join(chunks)


# -- XLSX ---------------------------------------------------------------------------------------------

# The start of a member, inflated just far enough to read the counts the writer declares.
_PEEK = 4096
_SST_COUNT = re.compile(rb"<(?:\w+:)?sst\b[^>]*?\buniqueCount=\"(\d+)\"")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"[A-Z]+\d+:?[A-Z]*(\d*)\"")


def _peek(book: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    with book.open(info) as member:
        return member.read(_PEEK)


def check_xlsx(source: Path | IO[bytes], name: str = "file") -> None:
    """Refuse (:class:`ValidationError` naming ``name``) a workbook that would take more than its
    bounds to read, judged from the zip's directory and the first bytes of two members, before
    openpyxl inflates anything:

    - any member inflating more than ``AMENDS_XLSX_MAX_RATIO`` times (a zip bomb; small members are
      let be), or all of them together to more than ``AMENDS_XLSX_MAX_BYTES``;
    - the shared strings (which openpyxl holds in memory whole, even read-only) over
      ``AMENDS_XLSX_MAX_SHARED_STRINGS_BYTES`` inflated, or declaring more than
      ``AMENDS_XLSX_MAX_SHARED_STRINGS`` strings;
    - a sheet declaring more than ``AMENDS_XLSX_MAX_ROWS`` rows (its ``dimension``; the reader counts
      the rows it yields too, since a writer may leave the dimension out).

    A file that is not a zip at all is left to openpyxl, which says so."""
    try:
        book = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        return
    with book:
        total = 0
        for info in book.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 1_048_576 and ratio > settings.AMENDS_XLSX_MAX_RATIO:
                raise ValidationError(
                    {
                        name: _(
                            "%(member)s in the workbook inflates %(ratio)d times, to %(size)s: it is "
                            "refused as a zip bomb."
                        )
                        % {"member": info.filename, "ratio": ratio, "size": megabytes(info.file_size)}
                    }
                )
            if info.filename.endswith("sharedStrings.xml"):
                _check_shared_strings(book, info, name)
            elif info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                _check_dimension(book, info, name)
        if total > settings.AMENDS_XLSX_MAX_BYTES:
            raise ValidationError(
                {
                    name: _("The workbook inflates to %(size)s, more than %(limit)s: it is refused.")
                    % {"size": megabytes(total), "limit": megabytes(settings.AMENDS_XLSX_MAX_BYTES)}
                }
            )


def _check_shared_strings(book: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    if info.file_size > settings.AMENDS_XLSX_MAX_SHARED_STRINGS_BYTES:
        raise ValidationError(
            {
                name: _("The workbook's shared strings inflate to %(size)s, more than %(limit)s.")
                % {
                    "size": megabytes(info.file_size),
                    "limit": megabytes(settings.AMENDS_XLSX_MAX_SHARED_STRINGS_BYTES),
                }
            }
        )
    declared = _SST_COUNT.search(_peek(book, info))
    if declared and int(declared.group(1)) > settings.AMENDS_XLSX_MAX_SHARED_STRINGS:
        raise ValidationError(
            {
                name: _("The workbook declares %(count)s shared strings, more than %(limit)s.")
                % {
                    "count": f"{int(declared.group(1)):,}",
                    "limit": f"{settings.AMENDS_XLSX_MAX_SHARED_STRINGS:,}",
                }
            }
        )


def _check_dimension(book: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    declared = _DIMENSION.search(_peek(book, info))
    if declared and declared.group(1) and int(declared.group(1)) > settings.AMENDS_XLSX_MAX_ROWS:
        raise ValidationError({name: rows_refusal(int(declared.group(1)))})


def rows_refusal(rows: int | None = None) -> str:
    limit = f"{settings.AMENDS_XLSX_MAX_ROWS:,}"
    if rows is None:
        return _("The file has more than %(limit)s rows: split it.") % {"limit": limit}
    return _("The file has %(rows)s rows, more than %(limit)s: split it.") % {
        "rows": f"{rows:,}",
        "limit": limit,
    }
