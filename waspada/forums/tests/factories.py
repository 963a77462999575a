"""Helpers building forum records through the services (so tests see what users would)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from waspada.accounts.models import User
from waspada.forums import services
from waspada.forums.models import Forum, ForumDecree, ForumMember
from waspada.regions.models import Region


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def user(username: str = "admin") -> User:
    return User.objects.get(username=username)


def pdf(name: str = "sk.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"x" * 64, content_type="application/pdf")


def forum(code: str, kind: str = "fkdm", actor: Any = None, **kwargs: Any) -> Forum:
    data = services.ForumInput(region=region(code), kind=kind, **kwargs)
    return services.forum_create(actor=actor or user(), data=data)


def decree(
    f: Forum,
    valid_from: date,
    valid_until: date | None,
    *,
    number: str = "SK/1/2020",
    decree_date: date | None = None,
    actor: Any = None,
    upload: Any = None,
) -> ForumDecree:
    data = services.DecreeInput(
        number=number,
        decree_date=decree_date or valid_from,
        signer="Wali Kota",
        valid_from=valid_from,
        valid_until=valid_until,
        upload=upload,
    )
    return services.decree_record(actor=actor or user(), forum=f, data=data, today=date(2030, 1, 1))


def member(
    f: Forum, name: str = "Siti Aminah", position: str = "Ketua", joined_on: date = date(2020, 1, 1)
) -> ForumMember:
    data = services.MemberInput(name=name, position=position, joined_on=joined_on, agency="PCNU", element="ormas")
    return services.member_add(actor=user(), forum=f, data=data)
