"""The database: SQLAlchemy 2 models through Flask-SQLAlchemy, with their
migrations kept by Alembic through Flask-Migrate (`flask db upgrade`)."""

from datetime import datetime, timezone

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()

TITLE_MAX_LENGTH = 200


def utc_now():
    return datetime.now(timezone.utc)


class Note(db.Model):
    """A short note: the example resource of the database layer."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX_LENGTH))
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    def as_json(self):
        created_at = self.created_at
        if created_at.tzinfo is None:  # SQLite keeps no time zone: the value is UTC
            created_at = created_at.replace(tzinfo=timezone.utc)
        return {
            "id": self.id,
            "title": self.title,
            "body": self.body,
            "created_at": created_at.isoformat(),
        }
