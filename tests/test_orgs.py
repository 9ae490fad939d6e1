"""Organizations and localities: (text, expected canonical names with types)."""
import pytest

from pipeline.textutil import fold


def canon(rows):
    return {(fold(r["canonical"]), r["org_type"]) for r in rows}


@pytest.mark.parametrize("text,expected", [
    ("The Party Committee of Tan Phu commune held its congress.",
     {("tan phu commune", "locality"), ("tan phu commune party committee", "party_committee")}),
    ("The Tan Phu commune Party Committee held its congress.",
     {("tan phu commune", "locality"), ("tan phu commune party committee", "party_committee")}),
    ("The Dong Hoi City People's Committee approved the plan.",
     {("dong hoi city", "locality"), ("dong hoi city people's committee", "peoples_committee")}),
    ("Delegates from Son Dong District Party Committee attended.",
     {("son dong district", "locality"), ("son dong district party committee", "party_committee")}),
    ("In Phuc Thanh ward, the ward Party Committee set nine targets.",
     {("phuc thanh ward", "locality"), ("phuc thanh ward party committee", "party_committee")}),
    ("In Xuan Lam commune, the Standing Board of the commune Party Committee met monthly.",
     {("xuan lam commune", "locality"), ("xuan lam commune party committee", "party_committee")}),
    ("The People's Council of Binh An ward approved the budget.",
     {("binh an ward", "locality"), ("binh an ward people's council", "peoples_council")}),
    ("The Quang Binh Department of Agriculture and Rural Development reported progress.",
     {("quang binh province", "locality"), ("quang binh provincial department of agriculture and rural development", "government")}),
    ("Kon Tum has completed its plan for the year.",
     {("kon tum province", "locality")}),
    ("The province of Son La mobilised many households.",
     {("son la province", "locality")}),
    ("Officials of Ward 7 and Hamlet 2 joined the campaign.",
     {("ward 7", "locality"), ("hamlet 2", "locality")}),
    ("Ha Giang province: the provincial People's Committee issued a plan.",
     {("ha giang province", "locality"), ("ha giang provincial people's committee", "peoples_committee")}),
    ("The Provincial Farmers' Association and the Women's Union joined in.",
     {("provincial farmers' association", "mass_organization"), ("women's union", "mass_organization")}),
    ("Nghệ An has 412 communes. The provincial People's Committee approved the plan.",
     {("nghe an province", "locality"), ("nghe an provincial people's committee", "peoples_committee")}),
    ("In Hamlet 6, the Party cell meets on the fifth of each month.",
     {("hamlet 6", "locality"), ("hamlet 6 party cell", "party_cell")}),
    ("The former Phu Dien, Xuan Son and Ha Linh communes were merged.",
     {("phu dien commune", "locality"), ("xuan son commune", "locality"), ("ha linh commune", "locality")}),
    ("Farmers in Cu M'gar district grow coffee.", {("cu m'gar district", "locality")}),
    ("Hoa Phat Group and Thanh Cong Joint Stock Company invested in the park.",
     {("hoa phat group", "enterprise"), ("thanh cong joint stock company", "enterprise")}),
])
def test_organizations(ann, text, expected):
    got = canon(ann(text).organizations)
    assert expected <= got, got


@pytest.mark.parametrize("text", [
    "Party committees at all levels must act decisively.",
    "The People's Committees of communes reviewed their plans.",
])
def test_generic_bodies_are_not_rows(ann, text):
    assert ann(text).organizations == []


def test_mass_mobilization_commission_of_provincial_party_committee(ann):
    text = ("Comrade Vang A Pao - Head of the Provincial Party Committee's Mass Mobilization "
            "Commission, said the province of Dien Bien has many ethnic groups.")
    got = canon(ann(text).organizations)
    assert ("dien bien provincial party committee mass mobilization commission", "party_committee") in got
