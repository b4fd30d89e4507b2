"""The engines speak no user language (ADR 0038): no Indonesian words in their string
literals. Docstrings and comments may cite sources in Indonesian; data may carry the
names its source uses (an allowed literal below says why)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import akkopsi.engines

ENGINES = Path(akkopsi.engines.__file__).parent

WORDS = re.compile(
    r"\b(tidak|harus|tahun|sumber|belum|anggaran|berkas|didapat|wajib|ganda|memerlukan"
    r"|dengan|untuk|nilai|galat|kurang|rumah tangga|belanja|tahap"
    # the words of a place in the input: the engines give a structured Place (ADR 0038)
    r"|baris|kolom|kunci|kode)\b",
    re.IGNORECASE,
)

ALLOWED = {
    # the column of the published BPS IPM reference table
    ("composite/reference.py", "tahun"),
    ("composite/reference.py", "kode"),
    # the official BPS names of the IPM indicators
    ("composite/_ipm.py", "Umur Harapan Hidup saat lahir (tahun)"),
    ("composite/_ipm.py", "Harapan Lama Sekolah (tahun)"),
    ("composite/_ipm.py", "Rata-rata Lama Sekolah (tahun)"),
    # the steps of the service ladders as DOMAIN (Bappenas/BPS) names them: domain words
    ("allocation/defaults.py", "Belum layak"),
    ("allocation/defaults.py", "Tidak tertangani"),
}


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are docstrings or bare string statements."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
    ]


def test_no_indonesian_words_in_the_engines_string_literals() -> None:
    found = []
    for path in sorted(ENGINES.rglob("*.py")):
        rel = path.relative_to(ENGINES).as_posix()
        if rel.startswith("tests/"):
            continue
        for line, text in _literals(path):
            if WORDS.search(text) and (rel, text) not in ALLOWED:
                found.append(f"{rel}:{line}: {text!r}")
    assert found == []


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('"""Sumber: Permendagri."""\nX = f"nilai {1} tidak sah"\n', encoding="utf-8")
    assert [text for _, text in _literals(sample) if WORDS.search(text)] == ["nilai ", " tidak sah"]


def test_the_scan_finds_the_words_of_a_place(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'A = f"{1} baris {2}, kolom {3}"\nB = f"{1}, kunci {2}"\nC = f"kode {1}"\n',
        encoding="utf-8",
    )
    found = [text for _, text in _literals(sample) if WORDS.search(text)]
    assert found == [" baris ", ", kolom ", ", kunci ", "kode "]
