"""Legacy bodies into blocks: paragraphs found whatever the old markup, and nothing unsafe kept."""

from khabar.migration.body import html_to_blocks, text_to_paragraphs


def test_wordpress_blank_line_paragraphs_and_single_breaks():
    blocks, paragraphs, _warnings, _ = html_to_blocks("سطر أول\n\nسطر ثان فيه <b>غامق</b>\nوتتمة\n\nسطر ثالث")
    assert paragraphs == ["سطر أول", "سطر ثان فيه غامق وتتمة", "سطر ثالث"]
    assert blocks[1] == ("paragraph", "<p>سطر ثان فيه <b>غامق</b><br>وتتمة</p>")


def test_double_breaks_and_divs_separate_paragraphs():
    _, paragraphs, warnings, _ = html_to_blocks("<div>واحد</div><div>اثنان<br><br>ثلاثة<br>\n<br>أربعة</div>"
                                                "<img src='/x.jpg'>")
    assert paragraphs == ["واحد", "اثنان", "ثلاثة", "أربعة"]
    assert any("image" in w for w in warnings)


def test_headings_lists_quotes_become_their_blocks_and_the_repeated_title_goes():
    blocks, _, _, _ = html_to_blocks("<h1>العنوان</h1><h2>فرعي</h2><ul><li>بند</li></ul>"
                                     "<blockquote><p>قول</p><p>آخر</p></blockquote>", title="العنوان")
    assert [b[0] for b in blocks] == ["heading", "paragraph", "quote"]
    assert blocks[0][1] == "فرعي"
    assert blocks[2][1] == {"text": "قول\nآخر", "attribution": ""}


def test_nothing_that_runs_code_survives():
    hostile = ('<p onclick="steal()">نص <a href="javascript:alert(1)">رابط</a> <a href="https://ok.example/">آمن</a>'
               '<script>alert(1)</script><style>p{}</style><img src=x onerror=alert(1)></p>'
               '<iframe src="https://evil.example"></iframe><svg><script>1</script></svg>')
    blocks, paragraphs, _, _ = html_to_blocks(hostile)
    stored = " ".join(str(value) for _, value in blocks)
    for bad in ("onclick", "javascript:", "<script", "alert", "<style", "<iframe", "onerror", "<svg"):
        assert bad not in stored
    assert 'href="https://ok.example/"' in stored
    assert paragraphs == ["نص رابط آمن"]


def test_plain_text_paragraphs():
    assert text_to_paragraphs("أ\n\nب\r\n\r\nج") == ["أ", "ب", "ج"]
    assert text_to_paragraphs("سطر\nسطر آخر") == ["سطر", "سطر آخر"]  # no blank line: one paragraph a line
