from __future__ import annotations

from io import BytesIO
from typing import Any, cast
from uuid import uuid4

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from akkopsi.bulletin.models import Article, DataSection, Edition, Image
from akkopsi.coordination.models import WorkingGroup
from akkopsi.members.models import Member

MAX_IMAGE_BYTES = 5 * 1024 * 1024
#: Leading bytes of each accepted image type -> (MIME type, the format Pillow names).
SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "image/png", "PNG"),
    (b"\xff\xd8\xff", "image/jpeg", "JPEG"),
    (b"GIF87a", "image/gif", "GIF"),
    (b"GIF89a", "image/gif", "GIF"),
]


def image_type(head: bytes) -> tuple[str, str] | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", "WEBP"
    for signature, mime, fmt in SIGNATURES:
        if head.startswith(signature):
            return mime, fmt
    return None


def check_image(upload: Any) -> str:
    """The MIME type of an uploaded PNG/JPEG/WebP/GIF, judged by its content; else an error."""
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(_("The image is larger than 5 MB."))
    data = upload.read()
    upload.seek(0)
    found = image_type(data[:16])
    if found is None:
        raise ValidationError(
            _("The file is not a PNG, JPEG, WebP or GIF image (judged by its content).")
        )
    from PIL import Image as PILImage  # Pillow comes with WeasyPrint

    try:
        with PILImage.open(BytesIO(data)) as img:
            img.verify()
            fmt = img.format
    except Exception as exc:
        raise ValidationError(_("The image file is damaged or cannot be read.")) from exc
    if fmt != found[1]:
        raise ValidationError(
            _("The file is not a PNG, JPEG, WebP or GIF image (judged by its content).")
        )
    return found[0]


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["number", "volume", "issued_on", "theme", "foreword"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "foreword": forms.Textarea(attrs={"rows": 5}),
        }


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["position", "title", "author", "member", "working_group", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Member.objects.select_related("regency").order_by("regency__name")
        cast(forms.ModelChoiceField, self.fields["member"]).queryset = members
        groups = WorkingGroup.objects.live().order_by("name")
        cast(forms.ModelChoiceField, self.fields["working_group"]).queryset = groups


class SectionForm(forms.ModelForm):
    class Meta:
        model = DataSection
        fields = ["position", "kind"]


class ImageForm(forms.ModelForm):
    file = forms.FileField(
        label=_("Image"),
        help_text=_("PNG, JPEG, WebP or GIF, at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}
        ),
    )

    class Meta:
        model = Image
        fields = ["file", "description"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.content_type = check_image(upload)
        # The stored name is ours: the uploader's file name (say x.html) is never kept.
        upload.name = f"{uuid4().hex}.{self.content_type.split('/')[1]}"
        return upload


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
