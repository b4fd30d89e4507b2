from akkopsi.engines.errors import EngineError


def test_engine_error_names_where_and_what() -> None:
    err = EngineError("bobot harus positif", where="META baris 3, kolom Weight")
    assert str(err) == "META baris 3, kolom Weight: bobot harus positif"
    assert err.message == "bobot harus positif"
    assert err.where == "META baris 3, kolom Weight"


def test_engine_error_without_place_is_just_the_message() -> None:
    assert str(EngineError("rencana kosong")) == "rencana kosong"
