"""The photo or scan of a paper signature: the limits and the words for it (the checks
themselves are ``mediasi.uploads``)."""

from __future__ import annotations

from mediasi.errors import FieldErrors
from mediasi.i18n import Translatable, _
from mediasi.uploads import CheckedUpload, UploadedFile, check_file

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# The route's body limit: the file plus room for the other fields and the multipart framing.
ROUTE_BODY_LIMIT = MAX_UPLOAD_BYTES + 256 * 1024
FIELD = "scan"


def check_upload(filename: str | None, data: bytes | None) -> CheckedUpload:
    """Accept a JPEG, PNG or PDF of at most 5 MB; refuse anything else with a reason."""
    return check_file(
        UploadedFile(filename, data),
        field=FIELD,
        max_bytes=MAX_UPLOAD_BYTES,
        fallback="tanda-tangan",
        missing=_("Pilih berkas foto atau pindaian lembar yang ditandatangani."),
        wrong_kind=_("Berkas harus foto JPEG atau PNG, atau PDF hasil pindaian."),
    )


def signed_scan(
    upload: UploadedFile, *, confirmed: bool, unconfirmed: Translatable
) -> CheckedUpload:
    """The scan of a signed paper with the officer's word that it is that paper: the file
    checked and the confirmation asked for, every refusal at once."""
    errors: dict[str, Translatable] = {}
    if not confirmed:
        errors["confirm"] = unconfirmed
    try:
        checked = check_upload(upload.filename, upload.data)
    except FieldErrors as exc:
        errors.update(exc.errors)
    if errors:
        raise FieldErrors(errors)
    return checked
