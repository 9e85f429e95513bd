"""Command line: `flask --app reader import PATH...`, `load-demo` and `prune`."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from reader.db import session
from reader.importers import ImportProblem, load
from reader.models import Article
from reader.paths import DEMO_DIR
from reader.portals import portal_group
from reader.preferences import prune_preferences
from reader.store import InvalidArticle, save_article

DEMO_ARTICLE = DEMO_DIR / "backan-portal-article.txt"


IMPORTABLE = (".txt", ".html", ".htm", ".json")


def import_file(path: Path, source_url: str | None = None) -> list[tuple[Article, bool]]:
    """Import every article in one file, all or nothing; raises ImportProblem."""
    db_session = session()
    try:
        items = load(path, max_import_bytes(), source_url=source_url)
        saved = [save_article(db_session, item) for item in items]
        db_session.commit()
    except Exception as error:
        db_session.rollback()  # nothing of this file is kept
        if isinstance(error, InvalidArticle):
            raise ImportProblem(str(error)) from None
        if isinstance(error, SQLAlchemyError):
            raise ImportProblem(
                f"the database refused it ({type(error).__name__}: {str(error).splitlines()[0]})"
            ) from None
        raise
    return saved


def max_import_bytes() -> int:
    limit = current_app.config["READER_MAX_IMPORT_BYTES"]
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise click.UsageError(
            f"READER_MAX_IMPORT_BYTES must be a whole number of bytes above 0, not {limit!r}"
        )
    return limit


def expand(paths) -> list[tuple[Path, str | None]]:
    """Each file to import; a folder gives its importable files, or a problem when it has none."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in IMPORTABLE
            )
            if not found:
                files.append((path, "the folder holds no .txt, .html, .htm or .json file"))
            files += [(p, None) for p in found]
        else:
            files.append((path, None))
    return files


def check_source_url(ctx, param, value):
    if value is None:
        return None
    value = value.strip()
    if not value.startswith(("http://", "https://")) or len(value) > 2000 or " " in value:
        raise click.BadParameter(f"{value!r} is not an http or https address")
    return value


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--source-url",
    callback=check_source_url,
    help="Where the one file imported came from, when it names no canonical address: it "
    "identifies the article on re-import and resolves its relative links.",
)
@with_appcontext
def import_command(paths, source_url):
    """Import articles from portal text scrapes, HTML pages or JSON files (or folders of them).

    An article is the same one again when it has the same address (its canonical URL, else
    --source-url or the URL in the file), or, naming none, exactly the same content.
    """
    max_import_bytes()
    files = expand(paths)
    if source_url and len(files) > 1:
        raise click.UsageError(f"--source-url names one page, and {len(files)} files were given")
    added = updated = refused = 0
    for path, problem in files:
        name = click.format_filename(path)
        try:
            if problem:
                raise ImportProblem(problem)
            saved = import_file(path, source_url)
        except ImportProblem as error:
            refused += 1
            click.echo(f"error: {name}: {error}", err=True)
            continue
        except Exception as error:  # a bug of ours; still a message, and the other files go on
            refused += 1
            click.echo(
                f"error: {name}: could not be imported because of an internal error "
                f"({type(error).__name__}: {error}); please report it",
                err=True,
            )
            continue
        for article, created in saved:
            added += created
            updated += not created
            click.echo(f"{'added' if created else 'updated'}: {name} -> /articles/{article.slug}")
    summary = f"{added} added, {updated} updated, {refused} refused."
    if refused:
        click.echo(f"{summary} (a refused file is named above with the reason)", err=True)
        raise click.exceptions.Exit(1)
    click.echo(summary)


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


@click.command("prune")
@with_appcontext
def prune_command():
    """Delete readers' preferences unused for READER_PREFERENCE_TTL_DAYS (run it daily)."""
    days = current_app.config["READER_PREFERENCE_TTL_DAYS"]
    if isinstance(days, bool) or not isinstance(days, int | float) or days < 1:
        raise click.UsageError(f"READER_PREFERENCE_TTL_DAYS must be a number of days, not {days!r}")
    deleted = prune_preferences(days)
    click.echo(f"Deleted {deleted} reader preference row(s) unused for {days} days.")


def register(app) -> None:
    app.cli.add_command(prune_command)
    app.cli.add_command(import_command)
    app.cli.add_command(load_demo_command)
    app.cli.add_command(portal_group)
