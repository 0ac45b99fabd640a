"""The CAMEO table: spot facts from the public reference, the documented choices, and the fallbacks."""

from __future__ import annotations

import pytest

from newsgraph.codes import cameo_table, lookup, pentaclass


def test_table_has_every_code() -> None:
    table = cameo_table()
    assert len(table) == 311
    assert {c.root for c in table.values()} == {f"{i:02d}" for i in range(1, 21)}


@pytest.mark.parametrize(
    ("code", "goldstein", "quad", "plover"),
    [
        ("010", 0.0, 1, None),
        ("042", 1.9, 1, "CONSULT"),
        ("043", 2.8, 1, "CONSULT"),
        ("057", 8.0, 1, "SUPPORT"),
        ("0211", 3.4, 1, "REQUEST"),
        ("071", 7.4, 2, "AID"),
        ("0871", 9.0, 2, "RETREAT"),
        ("112", -2.0, 3, "ACCUSE"),
        ("138", -7.0, 3, "THREATEN"),
        ("141", -6.5, 4, "PROTEST"),
        ("163", -8.0, 4, "SANCTION"),
        ("173", -5.0, 4, "COERCE"),
        ("1712", -9.2, 4, "COERCE"),
        ("183", -10.0, 4, "ASSAULT"),
        ("195", -10.0, 4, "ASSAULT"),
        ("2041", -10.0, 4, "ASSAULT"),
    ],
)
def test_spot_facts(code: str, goldstein: float, quad: int, plover: str | None) -> None:
    c = lookup(code)
    assert (c.code, c.goldstein, c.quad, c.plover) == (code, goldstein, quad, plover)


def test_modes_and_fallback() -> None:
    assert lookup("042").mode == "visit"
    assert lookup("0251").mode == "yield"
    assert lookup("0421").code == "042"  # unknown detail falls back to its base code
    with pytest.raises(KeyError):
        lookup("99")


@pytest.mark.parametrize(
    ("root", "cls"), [("01", 0), ("02", 0), ("04", 1), ("07", 2), ("11", 3), ("16", 4), ("20", 4)]
)
def test_pentaclass(root: str, cls: int) -> None:
    assert pentaclass(root) == cls
