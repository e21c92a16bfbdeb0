from django.conf import settings

from khabar.serving.memo import memo

from .models import HomePage, SectionPage


def _home_and_sections():
    home = HomePage.objects.live().first()
    return home, (list(SectionPage.objects.child_of(home).live().order_by("path")) if home else [])


def site(request):
    """What the header and footer of every reader page need: the site's name and its sections."""
    home, sections = memo.get("home-and-sections", _home_and_sections)
    return {"site_name": settings.SITE_NAME, "home_page": home, "nav_sections": sections}
