from django.conf import settings

from .models import HomePage, SectionPage


def site(request):
    """What the header and footer of every reader page need: the site's name and its sections."""
    home = HomePage.objects.live().first()
    sections = list(SectionPage.objects.child_of(home).live().order_by("path")) if home else []
    return {"site_name": settings.SITE_NAME, "home_page": home, "nav_sections": sections}
