import pytest

from pipeline.clean import clean_text, is_vietnamese_line


@pytest.mark.parametrize("raw,expected", [
    ("The plan was approved.,This creates momentum.", "The plan was approved. This creates momentum."),
    ("Targets were met..", "Targets were met."),
    ("Wait... and see", "Wait... and see"),
    ("roads,schools and clinics", "roads, schools and clinics"),
    ("the work ended.Next year", "the work ended. Next year"),
    ("Director of the Department of Investmentsaid that", "Director of the Department of Investment said that"),
    ("People\u2019s Committee", "People's Committee"),
    ("VND\u00a0150\u00a0billion", "VND 150 billion"),
    ("4,024 members", "4,024 members"),
    ("Body text.\nComment (0)\nSource: Lao Cai Newspaper", "Body text."),
    ("Body text.\nPhoto: Duc Anh\nMore text.", "Body text.\nMore text."),
    ("Body text.\nShare\nFacebook\nTwitter", "Body text."),
    ("English line here.\nĐồng chí Bí thư Tỉnh ủy phát biểu tại hội nghị của tỉnh.\nNext line.", "English line here.\nNext line."),
])
def test_clean_text(raw, expected):
    assert clean_text(raw).strip() == expected


@pytest.mark.parametrize("line,expected", [
    ("Các đại biểu tham dự hội nghị của huyện được tổ chức tại xã.", True),
    ("Comrade Lê Văn Phước inspects the construction site in Đắk Lắk.", False),
    ("Short", False),
])
def test_is_vietnamese_line(line, expected):
    assert is_vietnamese_line(line) is expected


def test_segment_long_runs_and_long_sentences():
    from pipeline.textutil import MAX_SENTENCE, segment

    text = "." * 5000 + " Next sentence here. And another one."
    seg = segment(text)
    assert [text[a:b] for a, b in seg.sentences][-2:] == ["Next sentence here.", "And another one."]
    long = "; ".join(["the commune has 12 hamlets"] * 400) + "."
    seg = segment(long)
    assert len(seg.sentences) > 1 and all(b - a <= MAX_SENTENCE for a, b in seg.sentences)
    assert seg.sentences[0][0] == 0 and seg.sentences[-1][1] == len(long)
