"""Officials: (text, name, honorific, titles) tables in the genre."""
import pytest


def people(a):
    return {r["name"]: r for r in a.officials}


@pytest.mark.parametrize("text,name,honorific,titles", [
    ("According to Comrade Tran Quoc Dung - Secretary of the Party Committee and Chairman of the People's Council of Tien Phong commune, the work went well.",
     "Tran Quoc Dung", "Comrade", ["Secretary of the Party Committee", "Chairman of the People's Council of Tien Phong commune"]),
    ("Mr. Le Hoang Nam, Vice Chairman of the District People's Committee, said that site clearance had sped up.",
     "Le Hoang Nam", "Mr.", ["Vice Chairman of the District People's Committee"]),
    ("Ms. Vu Thi Lan, Director of the Department of Finance, reported the figures.",
     "Vu Thi Lan", "Ms.", ["Director of the Department of Finance"]),
    ("Standing Deputy Secretary of the Provincial Party Committee Hoang Van Thu chaired the meeting.",
     "Hoang Van Thu", "", ["Standing Deputy Secretary of the Provincial Party Committee"]),
    ("Chairwoman of the Provincial People's Committee Nguyen Thi Kim Oanh delivered a speech.",
     "Nguyen Thi Kim Oanh", "", ["Chairwoman of the Provincial People's Committee"]),
    ("DPC Chairman Phan Van Hieu inspects the flood dyke. Photo: Minh Duc",
     "Phan Van Hieu", "", ["DPC Chairman"]),
    # ethnic-minority names after a title: a Central Highlands family name, an initial, an apostrophe name
    ("Vice Chairman of the Provincial People's Committee Rơ Mah Thin said the farmers will get support.",
     "Rơ Mah Thin", "", ["Vice Chairman of the Provincial People's Committee"]),
    ("Chairman of the Na Ri commune People's Committee A Sềnh said that 30 households must move.",
     "A Sềnh", "", ["Chairman of the Na Ri commune People's Committee"]),
    ("Director of the Provincial Department of Ethnic Minorities and Religions K'Lơng said the works are old.",
     "K'Lơng", "", ["Director of the Provincial Department of Ethnic Minorities and Religions"]),
    ("Comrade Đỗ Văn Chiến - Member of the Politburo, Chairman of the Central Committee of the Vietnam Fatherland Front, attended the festival.",
     "Đỗ Văn Chiến", "Comrade", ["Member of the Politburo", "Chairman of the Central Committee of the Vietnam Fatherland Front"]),
    ("Mrs. Ly Thi Hoa, former Chairwoman of the Commune Women's Union, now Head of Na Hang Village, spoke first.",
     "Ly Thi Hoa", "Mrs.", ["former Chairwoman of the Commune Women's Union", "Head of Na Hang Village"]),
    ("Speaking at the event, Lieutenant General Nguyen Van Minh, Commander of Military Region 2, praised the troops.",
     "Nguyen Van Minh", "Lieutenant General", ["Commander of Military Region 2"]),
    ("Comrade Bui Van Quang attended the conference of the commune.",
     "Bui Van Quang", "Comrade", []),
])
def test_officials(ann, text, name, honorific, titles):
    got = people(ann(text))
    assert name in got, list(got)
    row = got[name]
    assert row["honorific"] == honorific
    assert [t for t in row["titles"].split("; ") if t] == titles
    assert text[row["start"]:row["end"]] == name


def test_short_reference_is_same_person(ann):
    text = ("Mr. Trinh Van Tuan, Chairman of the Thach Ha District People's Committee, chaired the meeting. "
            "Mr. Tuan asked departments to finish the work before the flood season.")
    rows = ann(text).officials
    assert [r["name"] for r in rows] == ["Trinh Van Tuan"]


@pytest.mark.parametrize("text", [
    "Nguyen Thi Hong (reporter)",
    "Farmers in the commune are happy. Photo: Tran Van Long",
    "Mr. Pham Van Hai, a farmer in Dai Dong commune, said his income doubled.",
    "By Le Minh Chau",
    "Ms. Nguyen Thi Nhan, a member of the Khanh Son Cooperative, said the sedge sells well.",
    "Assoc. Prof. Dr. Tran Van Lac, an expert in rural development, said cooperatives are small.",
])
def test_not_officials(ann, text):
    assert ann(text).officials == []


def test_place_from_shared_tail_and_context(ann):
    text = ("In Thuan Thanh commune, the movement spread widely. According to Vo Minh Khoa, "
            "Secretary of the Party Committee and Chairman of the People's Council of the commune, "
            "the roads are now paved.")
    row = people(ann(text))["Vo Minh Khoa"]
    assert row["place"].lower() == "thuan thanh commune"
    assert row["organization"].lower() == "thuan thanh commune party committee"


# the shapes of real reports that the first grammar missed (issue 11)
@pytest.mark.parametrize("text,name,honorific,titles", [
    ("Attending the congress was comrade Lò Văn Tiến, member of the Standing Committee of the Provincial Party Committee.",
     "Lò Văn Tiến", "Comrade", ["member of the Standing Committee of the Provincial Party Committee"]),
    ("Comrade Trinh The Hoa, Vice Chairman of the Provincial People's Committee, chaired the meeting.",
     "Trinh The Hoa", "Comrade", ["Vice Chairman of the Provincial People's Committee"]),
    ("Mr. Lo Van Ten, Chairman of the commune People's Committee, said the headquarters was too small.",
     "Lo Van Ten", "Mr.", ["Chairman of the commune People's Committee"]),
    ("Comrade A Sùng was appointed Secretary of the commune Party Committee.",
     "A Sùng", "Comrade", ["Secretary of the commune Party Committee"]),
    ("The congress closed.\n\nON BEHALF OF THE PEOPLE'S COMMITTEE\nCHAIRMAN\n(signed)\nĐào Minh Khôi\n\nRecipients:\n- Archive.",
     "Đào Minh Khôi", "", ["Chairman"]),
    ("The resolution takes effect from today.\n\nON BEHALF OF THE CONGRESS PRESIDIUM\nVi Thanh Sơn\nSecretary of the Provincial Party Committee\n",
     "Vi Thanh Sơn", "", ["Secretary of the Provincial Party Committee"]),
    ("The plan takes effect from today.\n\n        ON BEHALF OF THE PEOPLE'S COMMITTEE\n        CHAIRMAN\n\n        Lưu Quang Vinh\n",
     "Lưu Quang Vinh", "", ["Chairman"]),
    ("Ms. H'Mai Niê, Vice Chairwoman of the Provincial People's Council, chaired the session.",
     "H'Mai Niê", "Ms.", ["Vice Chairwoman of the Provincial People's Council"]),
    # two names sharing one title in the plural, a post given with an article, "continues as"
    ("Comrade Ha Thi Lam was appointed Secretary; comrades Vi Van Cuong and Duong Thi Nga were appointed Deputy "
     "Secretaries.", "Duong Thi Nga", "", ["Deputy Secretary"]),
    ("Comrade Ha Thi Lam was appointed Secretary; comrades Vi Van Cuong and Duong Thi Nga were appointed Deputy "
     "Secretaries.", "Vi Van Cuong", "Comrade", ["Deputy Secretary"]),
    ("Mr. Le Dang Hoa, a civil servant of the department, said the work doubled.",
     "Le Dang Hoa", "Mr.", ["civil servant of the department"]),
    ("Comrade Chau Van Loc continues as Secretary of the Provincial Party Committee.",
     "Chau Van Loc", "Comrade", ["Secretary of the Provincial Party Committee"]),
    # a title said again, shorter, is no second title
    ("Ton Van Hai, Chairman of the Hoa Son Provincial People's Committee, chaired it. Concluding, Chairman Ton Van Hai "
     "asked for reports.", "Ton Van Hai", "", ["Chairman of the Hoa Son Provincial People's Committee"]),
])
def test_officials_of_real_reports(ann, text, name, honorific, titles):
    test_officials(ann, text, name, honorific, titles)


@pytest.mark.parametrize("text,name,titles", [
    # a PDF's lines joined: the body signed for and the title on one line
    ("The resolution takes effect.\nON BEHALF OF THE STANDING BOARD HEAD\n(signed)\nMai Xuan Truong\n",
     "Mai Xuan Truong", ["Head"]),
    # a title wrapped over two centred lines
    ("The plan takes effect.\nON BEHALF OF THE STEERING COMMITTEE\nHEAD\nVICE CHAIRMAN OF THE PROVINCIAL\n"
     "PEOPLE'S COMMITTEE\n(signed)\nVuong Quoc Khanh\n", "Vuong Quoc Khanh", ["Vice Chairman of the Provincial People's Committee"]),
])
def test_signature_blocks_as_pdfs_lay_them_out(ann, text, name, titles):
    test_officials(ann, text, name, "", titles)


def test_a_national_assembly_title_is_no_part_of_the_name(ann):
    rows = ann("A delegation led by Vice Chairwoman of the National Assembly Hà Thị Ngọc Lan visited the commune.").officials
    assert [r["name"] for r in rows] == ["Hà Thị Ngọc Lan"]


# the body and place of an official whose title does not name them in full
@pytest.mark.parametrize("text,name,organization,place", [
    # a signature signs for the body its heading names last
    ("HOA SON PROVINCIAL PARTY COMMITTEE\nKIM LAN DISTRICT PARTY COMMITTEE\n*\nNo. 01-NQ/ĐH\n\nRESOLUTION\n"
     "The congress set 20 targets for Kim Lan district.\n\nON BEHALF OF THE DISTRICT PARTY COMMITTEE\nSECRETARY\n"
     "Bùi Văn Tâm\n\nRecipients:\n- Archive.",
     "Bùi Văn Tâm", "kim lan district party committee", "kim lan district"),
    ("PEOPLE'S COMMITTEE OF BAC KAN PROVINCE\nNo. 12/KH-UBND\n\nPLAN\nThe plan covers Na Ri district.\n\n"
     "ON BEHALF OF THE PEOPLE'S COMMITTEE\nPP. CHAIRMAN\nVICE CHAIRMAN\n(Signed and sealed)\nNgo Van Tuan\n",
     "Ngo Van Tuan", "bac kan provincial people's committee", "bac kan province"),
    ("The resolution takes effect.\n\nON BEHALF OF THE CONGRESS\nPRESIDIUM\nLa Thi Thu\nSecretary of the Tan Hoa "
     "ward Party Committee\n",
     "La Thi Thu", "tan hoa ward party committee", "tan hoa ward"),
    # a secretary's title names its Party Committee through its place or level word
    ("In Dak Song district, farmers grow coffee. Gia Lam City Party Secretary Le Thi Hoa said the city's board is small.",
     "Le Thi Hoa", "gia lam city party committee", "gia lam city"),
    # a secretary named with no body: the Party Committee of the place the report is about, not of a former unit
    ("The Phuc Lam commune Party Committee met in Phuc Lam commune. Phuc Lam commune was formed from the former "
     "communes of Phuc Lam, Huong Son and Huong Ha. Comrades Nguyen Van Vinh and Phan Van Toan were appointed Deputy "
     "Secretaries.",
     "Phan Van Toan", "phuc lam commune party committee", "phuc lam commune"),
    ("The Hai Lien ward Party Committee met. Comrade Dinh Thi Mai was appointed Secretary of the Hai Lien ward Party "
     "Committee; comrade Ho Van Be - Standing Deputy Secretary.",
     "Ho Van Be", "hai lien ward party committee", "hai lien ward"),
])
def test_organization_and_place_of_real_reports(ann, text, name, organization, place):
    row = people(ann(text))[name]
    assert (row["organization"].lower(), row["place"].lower()) == (organization, place)
