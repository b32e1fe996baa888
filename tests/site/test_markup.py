from generator.site.markup import inline, paragraphs, plain


def test_inline_markdown_is_allowed():
    assert inline("*a* **b** `c` [d](https://e.example)") == (
        '<em>a</em> <strong>b</strong> <code>c</code> <a href="https://e.example">d</a>'
    )


def test_raw_html_and_templates_stay_literal():
    out = inline("<b>x</b> {{ y }} {% z %} &amp;")
    assert out == "&lt;b&gt;x&lt;/b&gt; {{ y }} {% z %} &amp;amp;"


def test_unsafe_links_are_not_links():
    assert "<a" not in inline("[x](javascript:alert(1))")


def test_block_markdown_is_not_honoured():
    assert paragraphs("# not a heading\n\n- not a list") == (
        "<p># not a heading</p><p>- not a list</p>"
    )


def test_plain_text_for_metadata():
    assert plain("Use [2FA](https://x.example) & *care* <b>") == "Use 2FA & care <b>"
