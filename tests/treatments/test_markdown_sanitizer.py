from treatments.markdown import markdown_to_html


def test_markdown_renders_paragraphs_lists_and_bold():
    html = markdown_to_html("Before:\n\n- gentle cleanser\n- **SPF** daily")
    assert "<li>gentle cleanser</li>" in html
    assert "<strong>SPF</strong>" in html


def test_scripts_and_event_handlers_typed_in_the_admin_are_removed():
    html = markdown_to_html('<script>alert(1)</script><img src=x onerror="alert(2)">Hi')
    assert "<script" not in html
    assert "alert(1)" not in html
    assert "onerror" not in html
    assert "<img" not in html


def test_javascript_links_lose_their_target_and_real_links_get_noopener():
    html = markdown_to_html("[bad](javascript:alert(1)) and [good](https://example.com)")
    assert "javascript:" not in html
    assert 'href="https://example.com"' in html
    assert 'rel="noopener noreferrer"' in html


def test_top_level_headings_are_flattened_so_page_heading_order_holds():
    html = markdown_to_html("# Big\n\n### Small")
    assert "<h1>" not in html
    assert "Big" in html
    assert "<h3>Small</h3>" in html
