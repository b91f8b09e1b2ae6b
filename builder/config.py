"""Build settings that are not data: where things are, and how the site links to the outside."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from registry.languages import SITE_LANGUAGES
from registry.project import REPOSITORY_URL

REPO_ROOT = Path(__file__).resolve().parent.parent
SITE_PACKAGE = "open_registers_site"  # the folder site/, packaged under this name (pyproject.toml)


def _site_dir() -> Path:
    """The templates, static files, translations and prose: the checkout's site/ when this module runs
    from a checkout (edits show at once), else the installed package's copy (``pip install .``)."""
    checkout = REPO_ROOT / "site"
    if (checkout / "templates").is_dir():
        return checkout
    try:  # a regular package installed as files: resources.files() is its folder
        return Path(str(resources.files(SITE_PACKAGE)))
    except ModuleNotFoundError:
        return checkout


SITE_DIR = _site_dir()
DEFAULT_REPOSITORY = REPOSITORY_URL  # declared once, in registry/project.py (the crawler names it too)
# The accessibility statement's contact (no GitHub account needed). A placeholder on a reserved
# domain: the publisher sets the real address here, the one place the site takes it from.
DEFAULT_CONTACT_EMAIL = "accessibility@example.org"

# Babel/CLDR locale for each site language: Portuguese is the European variant, Norwegian is Bokmål.
BABEL_LOCALES: dict[str, str] = {lang: lang for lang in SITE_LANGUAGES} | {"pt": "pt_PT", "nb": "nb"}


@dataclass(frozen=True)
class SiteConfig:
    """Everything the stages need besides the registry itself."""

    data_dir: Path
    out_dir: Path
    status_dir: Path
    base_url: str = ""
    repository: str = DEFAULT_REPOSITORY
    contact_email: str = DEFAULT_CONTACT_EMAIL  # {contact_email} in the prose pages
    branch: str = "main"
    languages: tuple[str, ...] = SITE_LANGUAGES
    site_dir: Path = SITE_DIR
    locales_dir: Path | None = None  # default: <site_dir>/locales (tests use a frozen copy)
    content_dir: Path | None = None  # default: <site_dir>/content (the golden test uses a frozen copy)
    run_pagefind: bool = True
    jobs: int = 1
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def locales(self) -> Path:
        return self.locales_dir or self.site_dir / "locales"

    @property
    def content(self) -> Path:
        return self.content_dir or self.site_dir / "content"

    @property
    def base_path(self) -> str:
        """The URL path the site is served under ("/" or "/repo/"), for the 404 page and Pagefind."""
        path = urlsplit(self.base_url).path if self.base_url else "/"
        return path if path.endswith("/") else path + "/"

    def absolute(self, path: str) -> str:
        """An absolute URL for the sitemap and catalogue, or a root-relative one without --base-url."""
        if self.base_url:
            return self.base_url.rstrip("/") + "/" + path.lstrip("/")
        return "/" + path.lstrip("/")

    def source_url(self, relative_path: str) -> str:
        """The register's YAML file on the repository (data/registers/cc/id.yml)."""
        return f"{self.repository.rstrip('/')}/blob/{self.branch}/data/{relative_path}"

    def edit_url(self, relative_path: str) -> str:
        return f"{self.repository.rstrip('/')}/edit/{self.branch}/data/{relative_path}"
