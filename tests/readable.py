"""What a person reads on a page or in a message: its words, without the markup, the attribute
values, scripts, styles or addresses.

For asserting that something is NOT shown. A page's bytes also carry random material (the CSRF
token, signed links, nonces, hashes) in which a short string turns up by chance: "mJ" was found
in a CSRF token ("...GmqmJyx9..."), failing a test about a chart's words now and then. Assert
on these words, or on the element that shows them, never on a whole page's bytes.
"""

import re
from html.parser import HTMLParser

ADDRESS = re.compile(r"\bhttps?://\S+|\b(?:mailto|tel):\S+")


class _Words(HTMLParser):
    HIDDEN = {"script", "style", "template", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.words.append(data)


def readable(content) -> str:
    """The words of an HTML page or fragment (a response, bytes or str), or of a plain-text
    message, with every web address left out, whitespace collapsed."""
    if hasattr(content, "content"):
        content = content.content
    if isinstance(content, bytes):
        content = content.decode()
    if "<" in content:
        parser = _Words()
        parser.feed(content)
        parser.close()
        content = " ".join(parser.words)
    return " ".join(ADDRESS.sub(" ", content).split())


def mentions(content, word: str) -> bool:
    """Whether `word` appears anywhere in the page or message, attribute values and markup
    included, as a word of its own (not inside a longer run of letters and digits, as in a
    token). For "never leaks" checks, where an attribute counts as much as the text."""
    if hasattr(content, "content"):
        content = content.content
    if isinstance(content, bytes):
        content = content.decode()
    return re.search(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])", content) is not None
