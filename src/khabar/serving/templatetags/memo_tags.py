"""``{% remember "name" key… %}…{% endremember %}``: a piece of a reader page rendered once per content change.

Like Django's ``{% cache %}``, but kept in the worker's memory under the page-cache generation
(``khabar.serving.memo``), so no time-to-live has to be guessed: the piece is rebuilt when content changes and
at the latest after ``KHABAR_PAGE_CACHE_SECONDS``. Only for pieces that are the same for every reader (no user,
no form token, no nonce); previews are never remembered, because they show an editor's unsaved draft.
"""

from django import template

from ..memo import memo

register = template.Library()


class RememberNode(template.Node):
    def __init__(self, nodelist, name, keys):
        self.nodelist = nodelist
        self.name = name
        self.keys = keys

    def render(self, context):
        request = context.get("request")
        if request is not None and getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        key = ("fragment", self.name, *(self._resolve(value, context) for value in self.keys))
        return memo.get(key, lambda: self.nodelist.render(context))  # a SafeString, kept as one


    @staticmethod
    def _resolve(value, context):
        # A missing variable in a filter's argument raises where a plain one gives ""; both mean "none" here.
        try:
            return value.resolve(context)
        except template.VariableDoesNotExist:
            return None


@register.tag
def remember(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a name: {{% remember \"name\" key… %}}")
    nodelist = parser.parse(("endremember",))
    parser.delete_first_token()
    name = template.Variable(bits[1]).resolve({})
    return RememberNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
