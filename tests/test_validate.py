"""`build.py validate`: every class of bad input is reported at the right file, line and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import build
from tests.conftest import VALID_REGISTER, write_register


def validate(data: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = build.main(["validate", "--data", str(data), *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": error: " in line]


def test_valid_register_passes(empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_register(empty_data, VALID_REGISTER)
    code, out, err = validate(empty_data, capsys)
    assert code == 0, err
    assert "1 register files checked" in out
    assert "1 valid" in out


def replaced(old: str, new: str) -> str:
    assert old in VALID_REGISTER
    return VALID_REGISTER.replace(old, new, 1)


# (name, file text, expected line, expected field/message fragment)
BAD_TEXT_CASES = [
    ("unparsable", replaced("kind: professional", "kind: [professional"), 15, "invalid YAML"),
    (
        "list instead of mapping",
        "# yaml-language-server: $schema=../../schema/register.schema.json\n- a\n- b\n",
        2,
        "expected a mapping of keys",
    ),
    ("empty", "", 1, "the file is empty"),
    ("comment only", "# nothing\n", 1, "the file is empty"),
    (
        "duplicate key",
        replaced("kind: professional", "kind: professional\nkind: business"),
        15,
        "duplicate key 'kind' (first used on line 14)",
    ),
    (
        "python tag",
        replaced("kind: professional", "kind: !!python/object/apply:os.system ['true']"),
        14,
        "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    (
        "anchor",
        replaced("areas: [professional-qualifications]", "areas: &a [professional-qualifications]"),
        15,
        "anchor '&a' is not allowed",
    ),
    ("merge key", replaced("access:\n", "access:\n  <<: {cost: free}\n"), 20, "merge keys"),
    ("two documents", VALID_REGISTER + "---\nid: x\n", 29, "more than one YAML document"),
    (
        "unknown key",
        replaced("kind: professional", "kind: professional\nwebsite: https://x.ee/"),
        15,
        "website: unknown key 'website'",
    ),
    ("wrong type", replaced("languages: [et, en]", "languages: et"), 23, "languages: expected a list"),
    (
        "bad language code",
        replaced("languages: [et, en]", "languages: [et, xx]"),
        23,
        "languages[1]: the text 'xx' is not allowed: An ISO 639-1 language code",
    ),
    (
        "bad name language key",
        replaced("  et: Kutseregister", "  xx: Kutseregister"),
        6,
        "name.xx: 'xx' is not a language code",
    ),
    (
        "unknown vocabulary term",
        replaced("professions: [tourist-guide]", "professions: [tourist-guides]"),
        16,
        "did you mean 'tourist-guide'",
    ),
    ("missing required key", replaced("kind: professional\n", ""), 2, "'kind' is required"),
    ("bad enum", replaced("status: active", "status: retired"), 3, "status: the text 'retired' is not allowed"),
    (
        "bad date",
        replaced("languages: [et, en]", "languages: [et, en]\nreviewed: 2026-13-45"),
        24,
        "reviewed: the text '2026-13-45' is not a date written YYYY-MM-DD",
    ),
    (
        "future review",
        replaced("languages: [et, en]", "languages: [et, en]\nreviewed: 2999-01-01"),
        24,
        "reviewed: 2999-01-01 is in the future",
    ),
    (
        "id differs from file name",
        replaced("id: ee-kutseregister", "id: ee-kutse"),
        2,
        "id: 'ee-kutse' must equal the file name 'ee-kutseregister'",
    ),
    (
        "country differs from folder",
        replaced("country: EE", "country: LV"),
        4,
        "country: 'LV' does not match the folder 'ee'",
    ),
    (
        "no English name",
        replaced("  en: Register of Occupational Qualifications\n", ""),
        6,
        "name: an English name ('en') is required",
    ),
    (
        "no official-language name",
        replaced("  et: Kutseregister\n", "  de: Berufsregister\n"),
        6,
        "a name in an official language of EE is required (et)",
    ),
    ("missing modeline", VALID_REGISTER.split("\n", 1)[1], 1, "the first line must be the editor modeline"),
    (
        "replaced_by unknown",
        replaced("status: active", "status: deprecated\nreplaced_by: ee-nothing"),
        4,
        "replaced_by: no register has the id 'ee-nothing'",
    ),
    (
        "replaced_by on active",
        replaced("status: active", "status: active\nreplaced_by: ee-kutseregister"),
        4,
        "only a deprecated or withdrawn register is replaced",
    ),
    (
        "text too long",
        replaced("  en: Search by name or certificate number.", "  en: " + "x" * 4001),
        28,
        "notes.en: the text is 4001 characters long; at most 4000",
    ),
    (
        "check with both keys",
        replaced("languages: [et, en]", "languages: [et, en]\ncheck: {expect: abc, skip: x}"),
        24,
        "check: the mapping may have at most 1 key(s)",
    ),
]

URL_CASES = [
    (
        "ftp scheme",
        "ftp://www.kutseregister.ee/",
        "has the wrong form; expected an absolute URL starting with https://",
    ),
    ("relative", "www.kutseregister.ee", "has the wrong form"),
    ("IP literal", "https://193.40.1.1/", "the host is an IP address"),
    ("private IP", "http://10.0.0.1/", "the host is a private address"),
    ("link-local IP", "http://169.254.169.254/latest/", "the host is a link-local address"),
    ("loopback IP", "http://127.0.0.1:8080/", "the host is a loopback address"),
    ("IPv6 loopback", "http://[::1]/", "the host is a loopback address"),
    ("localhost", "http://localhost/", "has no domain"),
    ("dot-local", "https://registry.local/", "'.local' names are not public host names"),
    ("dot-internal", "https://registry.corp.internal/", "'.internal' names are not public host names"),
    ("credentials", "https://user:pw@www.kutseregister.ee/", "must not contain a user name or password"),
    ("white space", "https://www.kutseregister.ee/a b", "has the wrong form"),
]


@pytest.mark.parametrize(
    ("text", "line", "fragment"), [c[1:] for c in BAD_TEXT_CASES], ids=[c[0] for c in BAD_TEXT_CASES]
)
def test_bad_register_is_reported_at_its_line(
    empty_data: Path, capsys: pytest.CaptureFixture[str], text: str, line: int, fragment: str
) -> None:
    path = write_register(empty_data, text)
    code, _out, err = validate(empty_data, capsys)
    assert code == 1
    lines = error_lines(err)
    expected_prefix = f"{path}:{line}:"
    matching = [entry for entry in lines if entry.startswith(expected_prefix) and fragment in entry]
    assert matching, f"no error at {expected_prefix} containing {fragment!r} in:\n{err}"


@pytest.mark.parametrize(("url", "fragment"), [c[1:] for c in URL_CASES], ids=[c[0] for c in URL_CASES])
def test_urls_must_be_public_http(
    empty_data: Path, capsys: pytest.CaptureFixture[str], url: str, fragment: str
) -> None:
    path = write_register(empty_data, replaced("url: https://www.kutseregister.ee/\n", f"url: '{url}'\n"))
    code, _out, err = validate(empty_data, capsys)
    assert code == 1
    assert any(line.startswith(f"{path}:13:") and fragment in line for line in error_lines(err)), err


def test_allow_loopback_accepts_only_loopback(empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_register(empty_data, replaced("url: https://www.kutseregister.ee/", "url: http://127.0.0.5:8080/x"))
    assert validate(empty_data, capsys, "--allow-loopback")[0] == 0
    write_register(empty_data, replaced("url: https://www.kutseregister.ee/", "url: 'http://[::1]:8080/'"))
    assert validate(empty_data, capsys, "--allow-loopback")[0] == 0
    write_register(empty_data, replaced("url: https://www.kutseregister.ee/", "url: http://10.0.0.1/"))
    code, _out, err = validate(empty_data, capsys, "--allow-loopback")
    assert code == 1 and "private address" in err


@pytest.mark.parametrize(
    ("name", "raw", "line", "fragment"),
    [
        ("binary junk", bytes(range(256)) * 4, 2, "not valid UTF-8"),
        ("NUL byte", b"id: a\x00b\n", 1, "control character U+0000"),
        ("latin-1", "# yaml-language-server\nname: {de: Gr\u00fc\u00dfe}\n".encode("latin-1"), 2, "not valid UTF-8"),
        ("10 MB", b"a: " + b"x" * (10 * 1024 * 1024) + b"\n", 1, "a register file must stay under 256 KiB"),
        (
            "alias bomb",
            b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            + b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
            1,
            "anchor '&a' is not allowed",
        ),
        ("deep nesting", b"a: " + b"[" * 100 + b"]" * 100 + b"\n", 1, "nested deeper than"),
        ("50k nesting", b"a: " + b"{b: " * 50_000 + b"}" * 50_000 + b"\n", 1, "nested deeper than"),
        ("huge integer", b"id: ee-junk\nstatus: " + b"9" * 5000 + b"\n", 2, "more than 4000 digits"),
        ("escaped NUL", b'id: ee-junk\nname: {en: "a\\x00b"}\n', 2, "control character U+0000 (written as an escape)"),
        (
            "bidi override",
            "id: ee-junk\nname: {en: abc\u202edef}\n".encode(),
            2,
            "bidirectional control character U+202E",
        ),
        ("bidi escape", b'id: ee-junk\nname: {en: "abc\\u2066"}\n', 2, "bidirectional control character U+2066"),
        ("C1 control", "id: ee-junk\nname: {en: a\u0085b}\n".encode(), 2, "control character U+0085"),
        ("UTF-16", "id: ee-junk\n".encode("utf-16"), 1, "not valid UTF-8"),
        ("complex key", b"? [a, b]\n: c\n", 1, "a mapping key must be plain text"),
        ("foreign tag", b"%TAG !e! tag:example.com,2000:\n---\nid: !e!x y\n", 3, "tag 'tag:example.com,2000:x'"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 20 else "",
)
def test_hostile_bytes_are_refused_cleanly(
    empty_data: Path, capsys: pytest.CaptureFixture[str], name: str, raw: bytes, line: int, fragment: str
) -> None:
    path = empty_data / "registers" / "ee" / "ee-junk.yml"
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    code, _out, err = validate(empty_data, capsys)
    assert code == 1
    assert any(entry.startswith(f"{path}:{line}:") and fragment in entry for entry in error_lines(err)), err


def test_long_and_invisible_values_are_shortened_and_escaped_in_messages(
    empty_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An echoed value never floods the terminal or hides text behind a bidi override."""
    path = empty_data / "registers" / "ee" / "ee-junk.yml"
    path.parent.mkdir(parents=True)
    path.write_text(f"id: {'x' * 200_000}\nstatus: active\n", encoding="utf-8")
    code, _out, err = validate(empty_data, capsys)
    assert code == 1 and all(len(line) < 1000 for line in error_lines(err)), max(map(len, error_lines(err)))
    assert any("must equal the file name" in line and "…" in line for line in error_lines(err))


def test_every_problem_of_every_file_is_reported(empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_register(
        empty_data, replaced("status: active", "status: retired").replace("languages: [et, en]", "languages: 3")
    )
    write_register(empty_data, "- just a list\n", name="lv-other", folder="lv")
    code, _out, err = validate(empty_data, capsys)
    assert code == 1
    lines = error_lines(err)
    assert any("status:" in line for line in lines)
    assert any("languages:" in line for line in lines)
    assert any("lv-other.yml" in line for line in lines)


def test_ids_are_unique_across_folders(empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_register(empty_data, VALID_REGISTER)
    copy = write_register(empty_data, VALID_REGISTER.replace("country: EE", "country: LV"), folder="lv")
    code, _out, err = validate(empty_data, capsys)
    assert code == 1
    assert any(str(copy) in line and "already used by" in line for line in error_lines(err)), err


def test_misplaced_files_are_reported(empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stray = empty_data / "registers" / "ee-kutseregister.yml"
    stray.write_text(VALID_REGISTER, encoding="utf-8")
    code, _out, err = validate(empty_data, capsys)
    assert code == 1
    assert f"{stray}:1:1: error: register files go in registers/<cc>/<id>.yml" in err


def test_norway_and_yes_like_values_stay_text(empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        VALID_REGISTER.replace("ee-kutseregister", "no-test")
        .replace("country: EE", "country: NO")
        .replace("  et: Kutseregister", "  nb: Testregister")
        .replace("    et: SA Kutsekoda", "    nb: Testetaten")
        .replace("languages: [et, en]", "languages: [nb, en]")
    )
    write_register(empty_data, text, name="no-test", folder="no")
    code, _out, err = validate(empty_data, capsys)
    assert code == 0, err


def test_github_annotations(
    empty_data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    path = write_register(empty_data, replaced("status: active", "status: retired"))
    code, out, _err = validate(empty_data, capsys)
    assert code == 1
    assert re.search(rf"^::error file={re.escape(str(path))},line=3,col=9::status: the text 'retired'", out, re.M), out


def test_vocabulary_label_gaps_are_errors(empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = empty_data / "vocabularies" / "kinds.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^      et: .*\n", "", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    code, _out, err = validate(empty_data, capsys)
    assert code == 1
    assert any(str(path) in line and "no label in: et" in line for line in error_lines(err)), err


def test_schema_out_of_step_with_vocabularies(empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = empty_data / "vocabularies" / "kinds.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: other", "id: misc"), encoding="utf-8")
    code, _out, err = validate(empty_data, capsys)
    assert code == 1
    assert "$defs.kind: the enum is out of step with vocabularies/kinds.yml; run 'python build.py schema'" in err
    assert build.main(["schema", "--data", str(empty_data)]) == 0
    capsys.readouterr()
    assert validate(empty_data, capsys)[0] == 0


@pytest.mark.parametrize("argv", [["validate", "--bogus"], ["validate", "--data"], ["frobnicate"]])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        build.main(argv)
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_missing_data_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main(["validate", "--data", str(tmp_path / "nope")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_shipped_data_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = validate(Path(build.__file__).parent / "data", capsys)
    assert code == 0, err


def test_an_unexpected_checker_error_is_a_problem_not_a_traceback(
    empty_data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import registry.loader

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("simulated bug")

    write_register(empty_data, VALID_REGISTER)
    monkeypatch.setattr(registry.loader, "_load_register", broken)
    code, _out, err = validate(empty_data, capsys)
    assert code == 1 and "Traceback" not in err
    assert "ee-kutseregister.yml:1:1: error: this file could not be checked (ValueError: simulated bug)" in err


def test_a_crash_of_any_command_is_one_line_and_exit_3(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import registry.cli_validate

    def crash(args: object) -> int:
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(registry.cli_validate, "run", crash)
    monkeypatch.delenv("ORD_DEBUG", raising=False)
    assert build.main(["validate"]) == 3
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "error: internal error (RuntimeError: simulated crash); please report it (set ORD_DEBUG=1 to see the traceback)"
    ]


def test_a_schema_edited_in_the_same_process_is_applied_at_once(
    empty_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What `build.py serve` does: validate, the schema file changes, validate again in one process.

    The old hand-made enum check cached enum sets by id() of the schema's lists, and a new list
    could take a freed list's address: AT then passed a country enum of [CH, DE]."""
    import json

    schema_path = empty_data / "schema" / "register.schema.json"
    original = schema_path.read_text("utf-8")
    text = VALID_REGISTER.replace("id: ee-kutseregister", "id: at-x").replace("country: EE", "country: AT")
    write_register(empty_data, text.replace("[et, en]", "[de, en]").replace("  et: Kutseregister\n", "  de: X\n"),
                   name="at-x", folder="at")  # fmt: skip
    narrowed = json.loads(original)
    narrowed["$defs"]["country"]["enum"] = ["CH", "DE"]
    for _ in range(5):
        schema_path.write_text(original, encoding="utf-8")
        code, _out, err = validate(empty_data, capsys)
        assert code == 0, err
        schema_path.write_text(json.dumps(narrowed), encoding="utf-8")
        code, _out, err = validate(empty_data, capsys)
        assert code == 1 and "country: the text 'AT' is not allowed" in err, err
