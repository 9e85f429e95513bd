"""The stored data: articles with their figures, readers' preferences and registered portals.

The models sit on their own declarative base rather than on one `db.Model`, so that the Reader
extension can use our own Flask-SQLAlchemy object or a host portal's (`Reader(app, db=host_db)`).
"""

from datetime import UTC, date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow():
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "reader_article"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True, index=True)
    # What identifies the source an article came from, so that importing it again updates it.
    source_key: Mapped[str] = mapped_column(String(500), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    lead: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")  # sanitized on the way in, only
    author: Mapped[str] = mapped_column(String(200), default="")
    published_on: Mapped[date | None] = mapped_column(Date)
    # A BCP 47 tag; "" when neither the source nor language detection could tell.
    language: Mapped[str] = mapped_column(String(35), default="")
    source_url: Mapped[str] = mapped_column(String(2000), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    figures: Mapped[list["Figure"]] = relationship(
        back_populates="article",
        order_by="Figure.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )


class Figure(Base):
    """A photo of an article; `position` is how many body blocks stand before it."""

    __tablename__ = "reader_figure"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("reader_article.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    image_url: Mapped[str] = mapped_column(String(2000), default="")  # empty: the photo is lost
    alt_text: Mapped[str] = mapped_column(Text, default="")
    caption: Mapped[str] = mapped_column(Text, default="")

    article: Mapped[Article] = relationship(back_populates="figures")


class ReaderPreference(Base):
    """One anonymous reader's reading preferences, keyed by the random id in their cookie."""

    __tablename__ = "reader_preference"

    reader_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    font_scale: Mapped[int] = mapped_column(Integer, default=100)  # percent of the default
    # The other choices, compact and only those not at their default (reader/choices.py).
    choices: Mapped[str] = mapped_column(String(40), default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    # When the preferences were last read, recorded at most once a day (None: not since the
    # last change, `updated_at`). `flask prune` deletes rows unused for READER_PREFERENCE_TTL_DAYS.
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)


class Portal(Base):
    """A portal origin allowed to embed the toolbar and frame our pages."""

    __tablename__ = "reader_portal"

    id: Mapped[int] = mapped_column(primary_key=True)
    origin: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
