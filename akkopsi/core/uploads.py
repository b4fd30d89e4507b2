"""Upload limits enforced while the request streams in, before any view reads a file.

Django reads a multipart body in the CSRF middleware, for anonymous requests too, and would
write any file to a temporary file before a form could check its size. SizeLimitUploadHandler,
first in FILE_UPLOAD_HANDLERS, stops that early:
- a request whose declared Content-Length exceeds the limit is not read at all (anonymous
  requests: any multipart body above ANONYMOUS_MAX_BYTES), and the view sees empty data;
- a file is cut off as soon as its bytes exceed UPLOAD_MAX_BYTES (a lying or missing
  Content-Length), without reading the rest of the body.
``upload_refused(request)`` gives the message a view shows instead of "required".
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

#: room for the form's other fields and the multipart boundaries around the file
FORM_OVERHEAD = 64 * 1024


def upload_max_bytes() -> int:
    return int(settings.UPLOAD_MAX_BYTES)


def upload_refused(request: Any) -> str | None:
    """The message for an upload stopped by SizeLimitUploadHandler, else None."""
    if getattr(request, "_upload_too_large", False):
        return _("The file is larger than %(mb)s MB.") % {"mb": upload_max_bytes() // (1024 * 1024)}
    return None


class SizeLimitUploadHandler(FileUploadHandler):
    def _refuse(self) -> None:
        if self.request is not None:
            setattr(self.request, "_upload_too_large", True)  # noqa: B010 (read by upload_refused)

    def handle_raw_input(
        self,
        input_data: Any,
        META: Any,
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> tuple[QueryDict, MultiValueDict[str, Any]] | None:
        user = getattr(self.request, "user", None)
        anonymous = (user is None or not user.is_authenticated) and not META.get(
            "HTTP_AUTHORIZATION"  # an API token, checked by the API view itself
        )
        limit = settings.ANONYMOUS_MAX_BYTES if anonymous else upload_max_bytes() + FORM_OVERHEAD
        if content_length > limit:
            self._refuse()
            return QueryDict(encoding=encoding), MultiValueDict()  # the body is never read
        self.received = 0
        return None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > upload_max_bytes():
            self._refuse()
            raise StopUpload(connection_reset=True)  # read no more of the body
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (memory or temporary file) makes the file
