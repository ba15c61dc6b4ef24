"""kit.pdf.official_text: the text of an official document as the regulation's forms print it (every digit
Thai, names kept whole), the markup left exactly as it was."""

from kit.pdf import official_text


def test_every_digit_of_the_text_is_thai_and_the_markup_is_untouched():
    page = (
        "<html><head><title>คำร้อง 12</title><style>td { width: 14mm }</style></head><body>"
        '<img src="data:image/png;base64,AB12" style="height:26mm"><!-- 2569 -->'
        '<p class="r">T000001-2570-0001/ข &#x27;ปุ๋ย 15-15-15&#x27; ๓ &amp; 4</p></body></html>'
    )
    assert official_text(page) == (
        "<html><head><title>คำร้อง 12</title><style>td { width: 14mm }</style></head><body>"
        '<img src="data:image/png;base64,AB12" style="height:26mm"><!-- 2569 -->'
        '<p class="r">T๐๐๐๐๐๑-๒๕๗๐-๐๐๐๑/ข &#x27;ปุ๋ย ๑๕-๑๕-๑๕&#x27; ๓ &amp; ๔</p></body></html>'
    )


def test_names_are_kept_whole_the_longest_first_and_only_in_the_text():
    page = '<p title="บ้านดอนสวรรค์">ประธานกลุ่มทอผ้าไหมบ้านดอนสวรรค์ ตำบลลำปาว หมู่ 3</p>'
    assert official_text(page, names=["ลำปาว", "ตำบลลำปาว", "บ้านดอนสวรรค์", "", " ", "หมู่ 3"]) == (
        '<p title="บ้านดอนสวรรค์">ประธานกลุ่มทอผ้าไหม<span class="whole">บ้านดอนสวรรค์</span> '
        '<span class="whole">ตำบลลำปาว</span> <span class="whole">หมู่ ๓</span></p>'
    )


def test_a_web_address_to_type_keeps_its_digits():
    """A browser takes no Thai digit: the status page's address printed on a letter stays as it is typed."""
    address = '<span class="nw as-typed">tao-2.example.go.th:8443/grants/status/</span>'
    assert official_text(f"<p>ได้ที่ {address} ภายใน 7 วัน</p>") == f"<p>ได้ที่ {address} ภายใน ๗ วัน</p>"
