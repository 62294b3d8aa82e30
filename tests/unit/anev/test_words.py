"""How the monthly pack writes its cells and names its unit and signer, without a database."""

from __future__ import annotations

from datetime import date

from mediasi.accounts.models import Area
from mediasi.anev.document import shown
from mediasi.anev.pack import letterhead, signer_of
from mediasi.anev.tables import Month, Share


def test_cells_read_as_an_indonesian_letter_writes_them() -> None:
    assert shown(Share(2 / 7)) == "28,6%"
    assert shown(13.4) == "13,4"
    assert shown(10) == "10"
    assert shown(None) == "–"
    assert shown(date(2026, 9, 2)) == "2 September 2026"
    assert shown(Month(2026, 11, 1)) == "November 2026"


def _chain(*levels: tuple[str, str]) -> list[Area]:
    return [Area(code=name.upper(), name=name, level=level) for level, name in levels]


def test_a_polsek_heads_its_own_pack_and_its_kapolsek_signs() -> None:
    chain = _chain(("polsek", "Polsek Kepanjen"), ("polres", "Polres Malang"), ("polda", "Jatim"))
    assert letterhead(chain)[1:] == ["DAERAH JATIM", "RESOR MALANG", "SEKTOR KEPANJEN"]
    assert signer_of(chain) == ("Kapolsek Kepanjen", "Kepanjen")


def test_a_desa_pack_is_headed_and_signed_by_its_polsek_a_polres_by_its_kasat_binmas() -> None:
    desa = _chain(("desa", "Wadung"), ("polsek", "Pakisaji"), ("polres", "Malang"))
    assert letterhead(desa)[-1] == "SEKTOR PAKISAJI"
    assert signer_of(desa)[0] == "Kapolsek Pakisaji"
    assert signer_of(_chain(("polres", "Polres Malang")))[0] == "Kasat Binmas Polres Malang"
