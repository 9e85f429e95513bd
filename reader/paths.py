"""Where the package's files are: templates and static files, translations, migrations.

Standard library only, so anything (the CLI, the QA kit, tests) can find them without Flask.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def asset_dir(name: str) -> Path:
    """`templates` or `static`: inside the package when installed, beside it in a checkout."""
    installed = PACKAGE_DIR / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name


TEMPLATES_DIR = asset_dir("templates")
STATIC_DIR = asset_dir("static")
TRANSLATIONS_DIR = PACKAGE_DIR / "translations"
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
DEMO_DIR = PACKAGE_DIR / "demo"
