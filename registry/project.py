"""Facts about the project itself that more than one wing states: declared once, here.

The site links to the repository (source files, edit links, the catalogue's homepage) and the
crawler names it in its User-Agent, so a site owner can see who checks their pages.
"""

REPOSITORY_URL = "https://github.com/open-registers/open-registers-directory"
