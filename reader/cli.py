"""Command line: `flask --app reader import PATH...` and `load-demo`."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from reader.db import session
from reader.importers import ImportProblem, load
from reader.models import Article
from reader.portals import portal_group
from reader.store import InvalidArticle, save_article

DEMO_ARTICLE = Path(__file__).resolve().parent / "demo" / "backan-portal-article.txt"


def import_file(path: Path) -> list[tuple[Article, bool]]:
    """Import every article in one file, all or nothing; raises ImportProblem."""
    db_session = session()
    try:
        items = load(path, current_app.config["READER_MAX_IMPORT_BYTES"])
        saved = [save_article(db_session, item) for item in items]
        db_session.commit()
    except InvalidArticle as error:
        db_session.rollback()
        raise ImportProblem(str(error)) from None
    except Exception:
        db_session.rollback()
        raise
    return saved


def expand(paths) -> list[Path]:
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*")
                            if p.is_file() and p.suffix.lower() in (".txt", ".html", ".htm", ".json"))
        else:
            files.append(path)
    return files


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@with_appcontext
def import_command(paths):
    """Import articles from portal text scrapes, HTML pages or JSON files (or folders of them)."""
    failed = 0
    for path in expand(paths):
        try:
            saved = import_file(path)
        except ImportProblem as problem:
            failed += 1
            click.echo(f"error: {path}: {problem}", err=True)
            continue
        for article, created in saved:
            verb = "imported" if created else "updated"
            click.echo(f"{verb}: {path} -> /articles/{article.slug}")
    if failed:
        raise click.exceptions.Exit(1)


@click.command("load-demo")
@with_appcontext
def load_demo_command():
    """Load the demo article (the seed portal article) when there are no articles yet."""
    count = session().scalar(select(func.count()).select_from(Article))
    if count:
        click.echo(f"The database holds {count} article(s); the demo is not loaded.")
        return
    for article, _created in import_file(DEMO_ARTICLE):
        click.echo(f"Loaded the demo article: /articles/{article.slug}")


def register(app) -> None:
    app.cli.add_command(import_command)
    app.cli.add_command(load_demo_command)
    app.cli.add_command(portal_group)
