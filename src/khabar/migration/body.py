"""Legacy article bodies turned into Khabar's StreamField blocks, with the plain text of each block.

Old bodies come in every shape: clean ``<p>`` paragraphs, WordPress posts that keep paragraphs as blank lines
(wpautop adds the tags only when rendering), ``<div>`` soup, ``<br><br>`` between paragraphs, whole pages laid
out in tables. The structure is read from the raw tree first, so block boundaries survive, and every block's
HTML then goes through the one sanitiser (:func:`khabar.news.html.sanitize_html`) before it is stored.
"""

import re
from html import escape

import lxml.html
from lxml import etree

from khabar.news.html import remove_control_characters, sanitize_html

from .dates import is_date_line

# Elements whose children are blocks: walked through, never kept themselves.
_CONTAINERS = {"div", "section", "article", "main", "center", "body", "html", "header", "tbody", "thead",
               "tfoot", "dl", "details", "li", "hr", "td", "th"}
# Dropped with everything inside: code, chrome or things an import cannot bring over (videos, frames).
_DROPPED = {"script", "style", "template", "noscript", "iframe", "object", "embed", "video", "audio", "svg",
            "math", "nav", "aside", "footer", "button", "select", "input", "textarea", "head", "title", "meta",
            "link", "canvas", "map", "form"}
_EMBEDS = {"iframe", "video", "audio", "object", "embed"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LISTS = {"ul", "ol"}
# An inline wrapper (<font>, <span>) around whole paragraphs is walked like a <div>.
_HAS_BLOCKS = "boolean(.//p | .//div | .//h2 | .//h3 | .//ul | .//ol | .//blockquote | .//table)"
_CELLS = "./tr/td | ./tr/th | ./tbody/tr/td | ./tbody/tr/th | ./thead/tr/th | ./thead/tr/td"
_BREAKS = re.compile(r"\n[ \t\u00a0]*\n")
_SPACES = re.compile(r"[\s\u00a0\u200b]+")
_TEXT_BREAKS = re.compile(r"<br\s*/?>|</li>|</p>", re.IGNORECASE)
# Page chrome that survives extraction at the foot of old pages.
_COPYRIGHT = re.compile(r"(جميع الحقوق محفوظة|حقوق النشر محفوظة|all rights reserved|©)", re.IGNORECASE)
# A paragraph that is mostly link text is a "read also" list or navigation, not the story (page imports).
LINK_DENSITY_MAX = 0.6
LAYOUT_CELL_CHARS = 200
HEADING_MAX = 255


def clean_text(text):
    """One line of reader text: control characters gone, runs of spaces (non-breaking ones too) made one."""
    return _SPACES.sub(" ", remove_control_characters(text or "")).strip()


def text_blocks(paragraphs):
    """Plain-text paragraphs as paragraph blocks (escaped, so text can never become markup)."""
    return [("paragraph", f"<p>{escape(p, quote=False)}</p>") for p in paragraphs]


def _fragment(html):
    return lxml.html.fragment_fromstring(html, create_parent="div")


def _text_of(html):
    """The reader's text of a block: a line break or list item boundary reads as a space, not as nothing."""
    if not html:
        return ""
    return clean_text(_fragment(_TEXT_BREAKS.sub(lambda m: " " + m[0], html)).text_content())


def _outer(element):
    return etree.tostring(element, encoding="unicode", method="html", with_tail=False)


def _inner(element):
    """An element's content as HTML, without the element itself."""
    return escape(element.text or "", quote=False) + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in element
    )


def _lines_of(element):
    """A quote's paragraphs as lines."""
    blocks = element.xpath(".//p")
    return [b.text_content() for b in blocks] if blocks else [element.text_content()]


def _is_layout_table(table):
    """Old sites laid whole pages out in tables: a cell holding paragraphs or a long text is page layout."""
    for cell in table.xpath(_CELLS):
        if cell.xpath(_HAS_BLOCKS) or len(clean_text(cell.text_content())) > LAYOUT_CELL_CHARS:
            return True
        if len(cell.xpath(".//br")) >= 2:
            return True
    return False


class _Builder:
    def __init__(self, skip_heading="", page=False):
        self.blocks = []
        self.paragraphs = []
        self.inline = []
        self.dropped_images = 0
        self.dropped_embeds = 0
        self.dates = []
        self.skip_heading = clean_text(skip_heading)
        self.page = page

    # --- output ----------------------------------------------------------------------------------------
    def add_paragraph(self, inner_html):
        html = sanitize_html(f"<p>{inner_html}</p>")
        text = _text_of(html)
        if not text or (self.page and self.is_chrome(html, text)):
            return
        self.blocks.append(("paragraph", html))
        self.paragraphs.append(text)

    def is_chrome(self, html, text):
        """What a saved page carries around its story: the headline again, a dateline, a link list,
        a copyright line."""
        if text == self.skip_heading:
            return True
        if is_date_line(text):
            self.dates.append(text)
            return True
        if _COPYRIGHT.search(text) and len(text) < 120:
            return True
        links = sum(len(clean_text(a.text_content())) for a in _fragment(html).iter("a"))
        return links / len(text) > LINK_DENSITY_MAX

    def add_heading(self, text):
        text = clean_text(text)[:HEADING_MAX]
        if text and text != self.skip_heading:
            self.blocks.append(("heading", text))
            self.paragraphs.append(text)

    def add_quote(self, lines):
        text = "\n".join(line for line in (clean_text(line) for line in lines) if line)
        if text:
            self.blocks.append(("quote", {"text": text, "attribution": ""}))
            self.paragraphs.append(text.replace("\n", " "))

    def add_list(self, element):
        html = sanitize_html(_outer(element))
        text = _text_of(html)
        if text and not (self.page and self.is_chrome(html, text)):
            self.blocks.append(("paragraph", html))
            self.paragraphs.append(text)

    # --- inline runs -----------------------------------------------------------------------------------
    def push_text(self, text):
        """Text between blocks: a blank line ends a paragraph (WordPress's storage), a single one is a break."""
        if not text:
            return
        for index, part in enumerate(_BREAKS.split(text)):
            if index:
                self.flush()
            self.inline.append(escape(part, quote=False).replace("\n", "<br>"))

    def push_inline(self, element):
        tail, element.tail = element.tail, None
        self.inline.append(_outer(element))
        element.tail = tail

    def push_break(self):
        # Two <br> in a row (white space between them or not) are how old CMSs separate paragraphs.
        while self.inline and not self.inline[-1].strip():
            self.inline.pop()
        if self.inline and self.inline[-1] == "<br>":
            self.inline.pop()
            self.flush()
        elif self.inline:
            self.inline.append("<br>")

    def flush(self):
        if self.inline:
            html = "".join(self.inline).strip()
            self.inline = []
            html = re.sub(r"^(<br>\s*)+|(\s*<br>)+$", "", html)
            if html:
                self.add_paragraph(html)

    # --- the walk --------------------------------------------------------------------------------------
    def walk(self, parent):
        self.push_text(parent.text)
        for child in parent:
            if isinstance(child.tag, str):
                self.visit(child, child.tag.lower())
            self.push_text(child.tail)

    def visit(self, child, tag):
        if tag in _DROPPED:
            self.dropped_embeds += tag in _EMBEDS
        elif tag == "br":
            self.push_break()
        elif tag in {"p", "pre", "address", "dd", "dt"}:
            self.flush()
            self.walk(child)  # a <p> may itself hold "<br><br>" breaks or a stray image
            self.flush()
        elif tag == "table":
            self.flush()
            self.table(child)
        elif tag == "tr":
            self.flush()
            self.add_paragraph(" | ".join(_inner(cell) for cell in child if isinstance(cell.tag, str)))
        elif tag in _HEADINGS:
            self.flush()
            self.add_heading(child.text_content())
        elif tag == "blockquote":
            self.flush()
            self.add_quote(_lines_of(child))
        elif tag in _LISTS:
            self.flush()
            self.add_list(child)
        elif tag in {"figure", "img", "picture"}:
            self.flush()
            self.dropped_images += 1
        elif tag in _CONTAINERS or child.xpath(_HAS_BLOCKS) or len(child.xpath(".//br")) >= 2:
            self.flush()
            self.walk(child)
            self.flush()
        else:
            self.dropped_images += len(child.xpath(".//img"))
            self.push_inline(child)

    def table(self, table):
        if _is_layout_table(table):
            for cell in table.xpath(_CELLS):
                self.walk(cell)
                self.flush()
        else:
            for row in table.iter("tr"):
                self.visit(row, "tr")


def html_to_blocks(html, title="", page=False):
    """(blocks, paragraphs, warnings, datelines) from a legacy HTML body.

    A heading or paragraph equal to ``title`` is dropped (pages repeat the headline inside the article).
    ``page=True`` is for whole saved pages: datelines, copyright lines and link lists are left out too, and
    the datelines are returned for the caller to date the story with.
    """
    warnings = []
    html = remove_control_characters(html or "")
    if not html.strip():
        return [], [], warnings, []
    try:
        root = _fragment(html)
    except (etree.ParserError, ValueError):
        return [], [], ["the body is not readable HTML"], []
    builder = _Builder(skip_heading=title, page=page)
    builder.walk(root)
    builder.flush()
    if builder.dropped_images:
        warnings.append(f"{builder.dropped_images} image(s) inside the body not imported (images are not fetched)")
    if builder.dropped_embeds:
        warnings.append(f"{builder.dropped_embeds} embedded frame(s)/video(s) inside the body not imported")
    return builder.blocks, builder.paragraphs, warnings, builder.dates


_LOOKS_LIKE_HTML = re.compile(r"<(p|br|div|h[1-6]|ul|ol|li|blockquote|strong|em|b|i|a|span|img|figure)[\s/>]",
                              re.IGNORECASE)


def looks_like_html(text):
    return bool(_LOOKS_LIKE_HTML.search(text or ""))


def text_to_paragraphs(text):
    """Plain text: paragraphs are separated by blank lines, or by line breaks when the text has no blank line
    at all (one paragraph a line, as many exports write them)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    chunks = _BREAKS.split(text) if _BREAKS.search(text) else text.split("\n")
    return [p for p in (clean_text(chunk) for chunk in chunks) if p]
