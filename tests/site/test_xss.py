"""A register full of markup builds into pages where none of it is active."""

from __future__ import annotations

from pathlib import Path

from builder.pipeline import build

from .conftest import make_config
from .htmlcheck import active_content

XSS = """\
# yaml-language-server: $schema=../../schema/register.schema.json
id: ee-xss
status: active
country: EE
name:
  et: "<script>alert('et')</script>Kurjategija"
  en: "<img src=x onerror=alert(1)> Evil </title><script>alert(2)</script>"
authority:
  name:
    en: "\\"><svg onload=alert(3)> Authority"
url: https://www.example.ee/?q=%22%3E%3Cscript%3E
kind: other
areas: [services]
information: [registration]
search_by: [name]
access:
  cost: free
  login: none
  captcha: false
  note:
    en: "<iframe src=https://evil.example/></iframe>"
languages: [et]
sources:
  - url: https://www.example.ee/
    title: "<a href=javascript:alert(4)>click</a>"
    confirms: [url]
notes:
  en: |
    [click me](javascript:alert(5)) <img src=x onerror=alert(6)> <script>alert(7)</script>
    <a href="javascript:alert(8)" onclick="alert(9)">x</a> <style>body{display:none}</style>
    [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) </script><script>alert(10)</script>
"""


def test_markup_in_yaml_is_never_active(site_data: Path, tmp_path: Path) -> None:
    path = site_data / "registers" / "ee" / "ee-xss.yml"
    path.write_text(XSS, encoding="utf-8")
    out = tmp_path / "out"
    build(make_config(site_data, out, languages=("en", "et")))
    pages = [*out.rglob("*.html")]
    assert any("ee-xss" in str(p) for p in pages)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        allowed = {"svg"} if "status" in page.parts else set()
        if page.name == "index.html" and page.parent in (out, out / "en", out / "et"):
            allowed.add("form")  # the search form of the root and home pages (no data in it)
        assert active_content(html, allowed_tags=allowed) == [], page
        assert "<script>alert" not in html, page
    register = (out / "en" / "registers" / "ee-xss" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert" in register  # shown as text, not dropped silently
    json_ld = register.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in json_ld  # tojson escapes "<" so the JSON cannot close the script element
    for export in ("registers.json", "catalogue.jsonld"):
        assert "ee-xss" in (out / export).read_text(encoding="utf-8")
