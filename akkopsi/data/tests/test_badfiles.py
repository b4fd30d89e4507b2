"""Issue 16 (uploads): no upload can take the site down or end in a server error.

The corpus of bad files (badfiles.py) goes through the dry run and the real upload view:
each gets a clear Indonesian message naming the sheet, row or cell, and nothing is written.
Zip bombs are refused from the zip's directory, before openpyxl opens anything; cells are
read as stored (a declared dimension pads nothing); a parse has a time bound; uploads are
cut off while streaming; money is read by one rule everywhere; problem lists are bounded."""

from __future__ import annotations

import io
import re
import tracemalloc
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http.multipartparser import MultiPartParser
from django.test import RequestFactory, override_settings
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from akkopsi.core.money import MoneyError, parse_money
from akkopsi.core.uploads import SizeLimitUploadHandler
from akkopsi.data.importing import reading, records
from akkopsi.data.importing.service import ImportRefused, commit, dry_run_file
from akkopsi.data.models import ApbdTotal, BudgetLine, ImportBatch, IndicatorValue
from akkopsi.data.tests import badfiles
from akkopsi.data.tests.badfiles import GOOD, BadFile, budget, long, rezip
from akkopsi.regions.models import Population

pytestmark = pytest.mark.django_db

CORPUS = badfiles.corpus()


def written() -> tuple[int, ...]:
    return (
        IndicatorValue.objects.count(),
        BudgetLine.objects.count(),
        ApbdTotal.objects.count(),
        Population.objects.count(),
        ImportBatch.objects.count(),
    )


def test_the_corpus_has_at_least_forty_bad_files() -> None:
    assert len(CORPUS) >= 40
    assert len({c.case for c in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("bad", CORPUS, ids=[c.case for c in CORPUS])
def test_bad_file_gets_a_clear_message_and_writes_nothing(
    members: Any, users: Any, bad: BadFile
) -> None:
    before = written()
    preview = dry_run_file(bad.data, bad.name, users["secretariat"], current_year=2025)
    texts = [str(p) for p in preview.errors]
    assert not preview.ok, bad.case
    assert any(bad.message in t and bad.where in t for t in texts), texts
    with pytest.raises(ImportRefused):
        commit(preview, by=users["secretariat"])
    assert written() == before


@pytest.mark.parametrize("bad", CORPUS, ids=[c.case for c in CORPUS])
def test_bad_file_through_the_upload_page_is_never_a_server_error(
    client: Any, members: Any, users: Any, bad: BadFile
) -> None:
    client.force_login(users["secretariat"])
    before = written()
    response = client.post("/data/unggah/", {"file": SimpleUploadedFile(bad.name, bad.data)})
    assert response.status_code == 200
    page = response.content.decode()
    assert bad.message in page, bad.case
    assert 'name="token"' not in page  # nothing to confirm
    assert written() == before


# -- zip bombs: refused before openpyxl reads anything ------------------------------------


def test_zip_bomb_is_refused_from_the_directory_without_unpacking(
    members: Any, users: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = badfiles.bomb(300)  # 300 MB of sheet XML in a file of a few hundred KB
    assert len(data) < 2 * 1024 * 1024

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr(reading, "load_workbook", never)
    tracemalloc.start()
    try:
        preview = dry_run_file(data, "bom.xlsx", users["secretariat"], current_year=2025)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not preview.ok
    assert "terurai menjadi lebih dari 100 MB" in str(preview.errors[0])
    assert peak < 20 * 1024 * 1024, peak  # the 300 MB entry was never unpacked


def test_a_highly_compressed_entry_is_refused_by_its_ratio(users: Any) -> None:
    data = badfiles.bomb(20)  # 20 MB: under the total limit, but compressed about 1:1000
    preview = dry_run_file(data, "bom.xlsx", users["secretariat"], current_year=2025)
    assert "termampatkan secara mencurigakan" in str(preview.errors[0])


# -- dimension bombs: cells as stored ----------------------------------------------------


def test_declared_dimension_pads_nothing_and_a_valid_file_still_imports(
    members: Any, users: Any
) -> None:
    def huge_dimension(xml: bytes) -> bytes:
        changed = re.sub(rb'<dimension ref="[^"]+"\s*/>', b'<dimension ref="A1:XFD1048576"/>', xml)
        assert changed != xml
        return changed

    data = rezip(long(GOOD), huge_dimension)
    sheets = reading.read_file(data, "dimensi.xlsx")
    assert len(sheets[0].rows) == 1 and len(sheets[0].rows[0].cells) == 4
    preview = dry_run_file(data, "dimensi.xlsx", users["secretariat"], current_year=2025)
    assert preview.ok and len(preview.values.new) == 1


def test_parse_time_is_bounded_in_the_row_loop(
    members: Any, users: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [["6474", 2024, "akses_layak", 80]] * 1500
    data = long(*rows)
    monkeypatch.setattr(reading, "PARSE_SECONDS", -1)  # every check finds the deadline passed
    preview = dry_run_file(data, "lama.xlsx", users["secretariat"], current_year=2025)
    assert not preview.ok
    assert "dihentikan" in str(preview.errors[0])
    assert written() == (0, 0, 0, 0, 0)


# -- CSV ---------------------------------------------------------------------------------


def test_csv_with_cr_only_line_endings_is_read(members: Any, users: Any) -> None:
    data = b"kode,tahun,indikator,nilai\r6474,2024,akses_layak,80\r6471,2024,akses_layak,70\r"
    preview = dry_run_file(data, "mac.csv", users["secretariat"], current_year=2025)
    assert preview.ok, [str(p) for p in preview.errors]
    assert len(preview.values.new) == 2


# -- bounded problem lists ---------------------------------------------------------------


def test_thousands_of_duplicate_rows_give_a_bounded_list_with_counts(
    client: Any, members: Any, users: Any
) -> None:
    n = 3000
    data = ("kode,tahun,indikator,nilai\n" + "6474,2024,akses_layak,80\n" * n).encode()
    preview = dry_run_file(data, "ganda.csv", users["secretariat"], current_year=2025)
    assert preview.counts()["errors"] == n - 1
    assert len(preview.listed_errors) == records.MAX_PER_KIND
    [more] = preview.more_errors
    assert more.count == n - 1 - records.MAX_PER_KIND
    listing = preview.listing()["errors"]
    assert len(listing) == records.MAX_PER_KIND + 1
    assert "2.949 masalah lain yang sejenis" in listing[-1]
    client.force_login(users["secretariat"])
    response = client.post("/data/unggah/", {"file": SimpleUploadedFile("ganda.csv", data)})
    assert response.status_code == 200
    assert "dan 2.949 lagi yang sejenis" in response.content.decode()
    assert len(response.content) < 100_000


# -- money: one rule for every entry point -----------------------------------------------

MAX = Decimal("999999999999999999.99")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("1E+30", "exponent"),
        ("1e3", "exponent"),
        ("1.5e3", "exponent"),
        ("１５００", "digits"),
        ("١٥٠٠", "digits"),
        ("1" * 29, "too_large"),
        ("1" * 19, "too_large"),
        (Decimal("1E+30"), "too_large"),
        (1e20, "too_large"),
        ("1500,125", "decimals"),
        ("-5", "negative"),
        ("NaN", "invalid"),
        ("Infinity", "invalid"),
        ("1_000", "invalid"),
        ("", "invalid"),
    ],
)
def test_money_refused_with_its_reason(raw: Any, code: str) -> None:
    with pytest.raises(MoneyError) as refused:
        parse_money(raw, maximum=MAX)
    assert refused.value.code == code


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1.500.000,50", Decimal("1500000.50")),
        ("Rp 1.500.000", Decimal("1500000.00")),
        ("1,500,000.50", Decimal("1500000.50")),
        (1500, Decimal("1500.00")),
        ("9" * 18 + ",99", MAX),
        ("0001500", Decimal("1500.00")),
    ],
)
def test_money_understood(raw: Any, value: Decimal) -> None:
    assert parse_money(raw, maximum=MAX) == value


def test_money_with_many_digits_through_the_import_api(client: Any, users: Any) -> None:
    client.force_login(users["secretariat"])
    for raw, fragment in (
        ("1E+30", "eksponen"),
        ("9" * 40, "terbesar"),
        ("1e20", "eksponen"),
        ("100000000000000000000", "terbesar"),
        ("３０", "selain 0-9"),
    ):
        response = client.post(
            "/api/data/import/",
            {
                "budget": [
                    {
                        "kode": "6474",
                        "tahun": "2024",
                        "subsektor": "air_limbah",
                        "sumber": "apbn",
                        "tahap": "planned",
                        "nilai": raw,
                    }
                ]
            },
            content_type="application/json",
        )
        assert response.status_code == 400, raw
        assert any(fragment in e for e in response.json()["errors"]), response.json()
    assert written() == (0, 0, 0, 0, 0)


def test_money_of_1e20_is_refused_in_the_dry_run_so_confirm_never_overflows(
    client: Any, members: Any, users: Any
) -> None:
    client.force_login(users["secretariat"])
    response = client.post("/data/unggah/", {"file": SimpleUploadedFile("uang.xlsx", budget(1e20))})
    assert response.status_code == 200
    assert "terbesar" in response.content.decode()
    assert 'name="token"' not in response.content.decode()
    assert written() == (0, 0, 0, 0, 0)


# -- uploads cut off while streaming -----------------------------------------------------


class CountingStream(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.consumed = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.consumed += len(chunk)
        return chunk


def _multipart(size: int) -> tuple[dict[str, Any], CountingStream]:
    boundary = "batas"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + b"x" * size
        + f"\r\n--{boundary}--\r\n".encode()
    )
    meta = {
        "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        "CONTENT_LENGTH": str(len(body)),
    }
    return meta, CountingStream(body)


def _parse(user: Any, meta: dict[str, Any], stream: CountingStream) -> Any:
    from django.core.files.uploadhandler import MemoryFileUploadHandler

    request = RequestFactory().post("/")
    request.user = user
    handlers = [SizeLimitUploadHandler(request), MemoryFileUploadHandler(request)]
    _post, files = MultiPartParser(meta, stream, handlers).parse()
    return request, files


@override_settings(UPLOAD_MAX_BYTES=200_000)
def test_an_upload_is_cut_off_while_streaming(users: Any) -> None:
    meta, stream = _multipart(1_000_000)
    meta["CONTENT_LENGTH"] = "1000"  # a lying Content-Length: the bytes themselves are counted
    request, files = _parse(users["bontang"], meta, stream)
    assert request._upload_too_large and "file" not in files
    assert stream.consumed < 200_000 + 2 * 64 * 1024  # the limit and a chunk, not 1 MB


@override_settings(UPLOAD_MAX_BYTES=200_000)
def test_a_declared_oversize_body_is_not_read_at_all(users: Any) -> None:
    meta, stream = _multipart(1_000_000)
    request, _files = _parse(users["bontang"], meta, stream)
    assert request._upload_too_large and stream.consumed == 0


def test_an_anonymous_multipart_post_is_not_read(db: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    meta, stream = _multipart(200_000)
    _request, files = _parse(AnonymousUser(), meta, stream)
    assert stream.consumed == 0 and not files


@override_settings(UPLOAD_MAX_BYTES=100_000)
def test_the_upload_page_says_the_file_is_too_large(client: Any, users: Any) -> None:
    client.force_login(users["bontang"])
    response = client.post(
        "/data/unggah/", {"file": SimpleUploadedFile("besar.csv", b"kode,tahun\n" * 30_000)}
    )
    assert response.status_code == 200
    assert "Berkas lebih besar dari" in response.content.decode()
    assert written() == (0, 0, 0, 0, 0)


# -- the valid template, mutated: a clear error or a valid import, never an exception -----

VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["1E+30", "１５００", "=1/0", "=A1", "#N/A", "-", "1.500.000,50", "Rp 5"]),
    st.booleans(),
    st.datetimes(),
    st.decimals(allow_nan=False, allow_infinity=False),
)


class Template(bytes):
    def __repr__(self) -> str:  # Hypothesis prints the arguments of a failing example
        return "<the valid template>"


@pytest.fixture
def template(members: Any) -> bytes:
    from akkopsi.data.workbook import build_template
    from akkopsi.members.models import Member

    return Template(build_template(list(Member.objects.select_related("regency")), 2024))


def _mutate_cells(data: bytes, edits: list[tuple[int, int, int, Any]], rename: str | None) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    for sheet_index, row, col, value in edits:
        ws = wb.worksheets[sheet_index % len(wb.worksheets)]
        try:
            ws.cell(row=row, column=col, value=value)
        except Exception:  # openpyxl itself refuses some values (control characters)
            continue
    if rename:
        wb.worksheets[1].title = rename[:31]
    out = io.BytesIO()
    try:
        wb.save(out)
    except Exception:  # openpyxl cannot write every workbook it let us build (e.g. some titles)
        assume(False)  # not a file a user could send: draw another
    return out.getvalue()


def _assert_clear_or_valid(data: bytes, users: Any) -> None:
    user = users["secretariat"]
    preview = dry_run_file(data, "templat.xlsx", user, current_year=2025)
    for p in preview.errors:
        assert p.message and p.where.sheet, p
    if preview.ok:
        with transaction.atomic():
            try:
                commit(preview, by=user, comment="uji")
            except ImportRefused as refused:
                assert refused.preview.errors
            transaction.set_rollback(True)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 4), st.integers(1, 12), st.integers(1, 30), VALUES),
        max_size=6,
    ),
    rename=st.one_of(
        st.none(), st.text(min_size=1, max_size=40).filter(lambda t: not set(t) & set("[]:*?/\\"))
    ),
)
def test_mutated_template_cells_give_a_clear_error_or_a_valid_import(
    template: bytes, users: Any, edits: list[Any], rename: str | None
) -> None:
    _assert_clear_or_valid(_mutate_cells(template, edits, rename), users)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=8),
    cut=st.one_of(st.none(), st.floats(0, 1)),
)
def test_mutated_template_bytes_give_a_clear_error_or_a_valid_import(
    template: bytes, users: Any, flips: list[tuple[float, int]], cut: float | None
) -> None:
    raw = bytearray(template)
    for where, byte in flips:
        raw[int(where * len(raw))] = byte
    data = bytes(raw[: int(cut * len(raw))] if cut is not None else raw)
    _assert_clear_or_valid(data, users)
