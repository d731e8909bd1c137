"""VERA-2R and ERG22+ ship as structure only: codes, domain names and licence notices.
This test fails if any of their items carries wording, whatever the loader says."""

import yaml

from reintegra.assessments.instruments import SHIPPED_DIR

LICENSED = {"vera-2r.yaml": "VERA-2R", "erg22.yaml": "ERG22+"}
# The only keys an item of a licensed instrument may have.
STRUCTURE_KEYS = {"code", "scale"}


def _load(name: str) -> dict:
    return yaml.safe_load((SHIPPED_DIR / name).read_text(encoding="utf-8"))


def test_licensed_items_carry_no_wording():
    for name, code in LICENSED.items():
        data = _load(name)
        assert data["code"] == code and data["licence"]["licensed"] is True
        assert data["licence"]["holder"] and data["licence"]["notice"]["en"]
        for domain in data["domains"]:
            assert set(domain) <= {"code", "title", "additional", "items"}
            for item in domain["items"]:
                assert set(item) <= STRUCTURE_KEYS, f"{name}: {item['code']} carries {set(item) - STRUCTURE_KEYS}"


def test_vera_2r_has_34_indicators_in_5_domains_plus_additional_indicators():
    data = _load("vera-2r.yaml")
    core = [d for d in data["domains"] if not d.get("additional")]
    extra = [d for d in data["domains"] if d.get("additional")]
    assert len(core) == 5 and sum(len(d["items"]) for d in core) == 34
    assert extra and all(d["items"] for d in extra)


def test_erg22_has_22_factors_in_3_domains():
    data = _load("erg22.yaml")
    assert [d["title"]["en"] for d in data["domains"]] == ["Engagement", "Intent", "Capability"]
    assert sum(len(d["items"]) for d in data["domains"]) == 22


def test_no_wording_file_is_kept_beside_the_instruments():
    # Licensed wording is loaded from outside the repository, never kept with the structure.
    assert sorted(p.name for p in SHIPPED_DIR.iterdir()) == sorted([
        "carer-suitability.yaml", "child-wellbeing.yaml", "education-profile.yaml", "erg22.yaml",
        "family-biography.yaml", "needs-pathways.yaml", "vera-2r.yaml"])
