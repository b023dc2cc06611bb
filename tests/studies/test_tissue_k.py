"""S7b tissue K+: the study's books and buffering hold, and its table says what it ran."""
import leakmodels as lm
from leakmodels.studies.tissue_k import KIR, KNOCKOUT, tissue_k


def test_short_trains_keep_the_books_and_the_glia_buffer():
    result = tissue_k(cells={"sphere": lm.CellSource("sphere", (("diam_um", 20.0),),
                                                     label="sphere")},
                      rates=(20.0, 40.0), train_ms=800.0, after_ms=300.0)
    claims = result.claims_frame().set_index("kind")
    held = claims[claims.claim.str.contains("space gained|spatial buffering|knocked out|one spike",
                                            regex=True)]
    assert len(held) == 4 and held.holds.all(), held[~held.holds].claim.tolist()
    t = result.table
    assert set(t.glia_and_ions) == {KIR, KNOCKOUT, "[Na+]i fixed", "no train"}
    kir = t[t.glia_and_ions == KIR].sort_values("rate_Hz")
    assert list(kir.rate_Hz) == [20.0, 40.0]
    assert (kir.ko_peak_mM.diff().dropna() > 0).all()  # a faster train releases more K+
    assert (kir.nai_mid_end_train_mM.diff().dropna() > 0).all()  # and brings in more Na+
    fixed = t[t.glia_and_ions == "[Na+]i fixed"].iloc[0]
    assert fixed.nai_mid_end_train_mM == 10.0  # held
