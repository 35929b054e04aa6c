"""Vendor-supplied file names become one safe path component."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from attachkit._core.filenames import MAX_NAME_BYTES, numbered, safe_filename

FALLBACK = "amili-2218.pdf"
RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{device}{n}" for device in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]
}

HOSTILE = [
    "../../etc/passwd",
    "..\\..\\Windows\\System32\\drivers\\etc\\hosts",
    "/etc/passwd",
    "\\\\server\\share\\file.txt",
    "C:\\Users\\Public\\evil.exe",
    "C:evil.txt",
    "..",
    ".",
    "...",
    "./.",
    "../",
    "",
    " ",
    "\t",
    "\x00",
    "a\x00b.pdf",
    "report.pdf\x00.exe",
    "line\nbreak.txt",
    "carriage\rreturn.txt",
    "bell\x07.txt",
    "escape\x1b[31mred.txt",
    "del\x7f.txt",
    "c1\x85control.txt",
    "\u202egnp.exe",
    "invoice\u202efdp.exe",
    "isolate\u2066x\u2069.txt",
    "zero\u200bwidth.txt",
    "bom\ufeff.txt",
    "line\u2028separator.txt",
    "para\u2029separator.txt",
    "lone\udcffsurrogate.pdf",
    "\ud800",
    "CON",
    "con.txt",
    "Con.tar.gz",
    "NUL.pdf",
    "nul",
    "COM1",
    "com9.log",
    "LPT1.txt",
    "COM¹.txt",
    "CONIN$",
    "conout$.txt",
    "AUX ",
    "PRN.",
    "trailing dot.",
    "trailing space ",
    "trailing both. . ",
    ".hidden",
    "..double-hidden",
    " leading space.txt",
    'quote".txt',
    "angle<bracket>.txt",
    "pipe|name.txt",
    "question?.txt",
    "star*.txt",
    "colon:stream.txt",
    "file.txt:Zone.Identifier",
    "a" * 300,
    "a" * 300 + ".pdf",
    "b" * 250 + "." + "c" * 250,
    "æ" * 200 + ".pdf",
    "€" * 100 + ".txt",
    "🙂" * 80 + ".png",
    "x." + "€" * 30,
    "/" * 10,
    "\\" * 10,
    "_" * 5,
    '<>:"|?*',
    "%2e%2e%2fetc%2fpasswd",
    "name/with/../../../dots.pdf",
    "a/./b.pdf",
    "file:///etc/passwd",
    "http://evil.example/x.pdf",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_become_one_plain_component(name: str, tmp_path: Path) -> None:
    safe = safe_filename(name, FALLBACK)
    assert safe
    assert safe not in (".", "..")
    assert "/" not in safe
    assert "\\" not in safe
    assert not Path(safe).is_absolute()
    assert Path(safe).name == safe
    assert not safe.startswith((".", " "))
    assert not safe.endswith((".", " "))
    assert len(safe.encode("utf-8")) <= MAX_NAME_BYTES
    for char in safe:
        assert char not in '<>:"|?*'
        assert unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Zl", "Zp"), hex(ord(char))
    stem = safe.split(".")[0]
    assert stem.upper() not in RESERVED
    # The name is creatable, and lands inside the directory.
    created = tmp_path / safe
    created.write_bytes(b"x")
    assert created.resolve().parent == tmp_path.resolve()
    assert [path.name for path in tmp_path.iterdir()] == [safe]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Faktura 350023.pdf", "Faktura 350023.pdf"),
        ("betalingsplan ÆØÅ.csv", "betalingsplan ÆØÅ.csv"),
        ("allergies \u2013 ÆØÅ.txt", "allergies \u2013 ÆØÅ.txt"),
        ("e\u0301t\u0301e\u0301.txt", "\u00e9t\u0301\u00e9.txt"),  # NFC
        ("family \U0001f468\u200d\U0001f469\u200d\U0001f467.png", "family 👨\u200d👩\u200d👧.png"),
        ("../../etc/passwd", "_._etc_passwd"),
        ("/etc/passwd", "_etc_passwd"),
        ("C:\\Windows\\evil.exe", "C__Windows_evil.exe"),
        ("a\x00b.pdf", "a_b.pdf"),
        ("\u202egnp.exe", "_gnp.exe"),
        ("lone\udcffsurrogate.pdf", "lone_surrogate.pdf"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("Con.tar.gz", "_Con.tar.gz"),
        ("CONSOLE.txt", "CONSOLE.txt"),
        ("COM10.txt", "COM10.txt"),
        ("trailing dot.", "trailing dot"),
        (".hidden", "hidden"),
        ("", FALLBACK),
        ("..", FALLBACK),
        ("\x00", FALLBACK),
        ("/", FALLBACK),
        ("_" * 5, FALLBACK),
    ],
)
def test_exact_results(name: str, expected: str) -> None:
    assert safe_filename(name, FALLBACK) == expected


@pytest.mark.parametrize(
    ("name", "extension"),
    [("a" * 300 + ".pdf", ".pdf"), ("æ" * 200 + ".pdf", ".pdf"), ("🙂" * 80 + ".png", ".png")],
)
def test_long_names_are_cut_keeping_the_extension(name: str, extension: str) -> None:
    safe = safe_filename(name, FALLBACK)
    assert safe.endswith(extension)
    assert MAX_NAME_BYTES - 4 <= len(safe.encode("utf-8")) <= MAX_NAME_BYTES
    assert name.startswith(safe.removesuffix(extension))  # cut on a character boundary


def test_an_unsafe_fallback_is_made_safe_too() -> None:
    assert safe_filename("..", "../x.pdf") == "_x.pdf"
    assert safe_filename("", "") == "file"
    assert safe_filename("/", "/") == "file"


@pytest.mark.parametrize(
    ("name", "number", "expected"),
    [
        ("a.pdf", 1, "a (1).pdf"),
        ("archive.tar.gz", 2, "archive.tar (2).gz"),
        ("README", 3, "README (3)"),
        ("hidden", 12, "hidden (12)"),
    ],
)
def test_numbered(name: str, number: int, expected: str) -> None:
    assert numbered(name, number) == expected
