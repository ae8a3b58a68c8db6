"""Tables of the design builder: designs, uploaded design assets, and their assignment to
achievements. Same :class:`~accredo.store.models.Base` as the platform's tables; the schema is
owned by the migration ``r0100_designs``.

Every row carries ``org_id``; the design services always filter on it.

>>> import tempfile
>>> from accredo.store.db import Database
>>> db = Database(f"sqlite:///{tempfile.mkdtemp()}/a.db")
>>> db.migrate()
>>> with db.session() as s:
...     s.query(Design).count()
0
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from accredo.store.models import Base, UTCDateTime, new_id, utcnow

__all__ = ["Design", "DesignAsset", "DesignAssignment"]


class Design(Base):
    """One design (certificate or badge) of an organisation; ``version`` grows on every save."""

    __tablename__ = "designs"
    __table_args__ = (Index("ix_designs_org_kind", "org_id", "kind"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    data: Mapped[dict[str, object]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DesignAsset(Base):
    """An uploaded logo, background, signature image or font, checked by content on upload.

    ``data`` holds the bytes (small files); ``path`` (relative to the data folder) is used
    instead when the platform keeps assets on disk.
    """

    __tablename__ = "design_assets"
    __table_args__ = (Index("ix_design_assets_org_sha", "org_id", "sha256"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    """``image`` or ``font``."""
    name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    font_family: Mapped[str | None] = mapped_column(String(100))
    font_weight: Mapped[int | None] = mapped_column(Integer)
    font_style: Mapped[str | None] = mapped_column(String(10))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    path: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DesignAssignment(Base):
    """Which certificate and badge design an achievement's credentials are rendered with."""

    __tablename__ = "design_assignments"
    __table_args__ = (
        UniqueConstraint("org_id", "achievement_id", name="uq_design_assignments_achievement"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    achievement_id: Mapped[str] = mapped_column(ForeignKey("achievements.id", ondelete="CASCADE"))
    certificate_design_id: Mapped[str | None] = mapped_column(
        ForeignKey("designs.id", ondelete="SET NULL")
    )
    badge_design_id: Mapped[str | None] = mapped_column(
        ForeignKey("designs.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
