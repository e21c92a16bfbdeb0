import pytest

from tests.factories import make_article


@pytest.fixture
def newsroom(site):
    """A handful of real articles, published through Wagtail, written the way agency copy is."""
    syria, economy = site.sections["syria"], site.sections["economy"]
    return {
        "mosques": make_article(
            syria,
            title="ترميم المساجد القديمة في ريف حماة",
            summary="بدأت أعمال الترميم في ثلاثة مساجد أثرية.",
            paragraphs=["وقال مدير الأوقاف إن المِسْجِدَ الكبير سيفتح أبوابه قريباً.", "ووصل فريق هندسي إلى القرى."],
            tags=["تراث"],
            authors=["سامر الحلبي"],
        ),
        "minister": make_article(
            syria,
            title="الوزير يتفقد مستشفى دمشق الجديد",
            paragraphs=["أكد وزير الصحة أن المستشفى سيستقبل المرضى الشهر المقبل."],
        ),
        "militias": make_article(
            syria,
            title="انسحاب الميليشيات من البوكمال",
            paragraphs=["قالت مصادر محلية إن الميليشيات غادرت المدينة باتجاه الحدود بعد اشتبـاكات عنيفة."],
        ),
        "refugees": make_article(
            economy,
            title="ارتفاع أسعار الخبز في مخيمات اللاجئين",
            paragraphs=["اشتكى اللاجئون من ارتفاع سعر الربطة إلى ٥٠٠٠ ليرة في عام ٢٠٢٤."],
            sources=["وكالة أنباء المدن"],
        ),
        "abujabal": make_article(
            economy,
            title="أبوجبل يفتتح معرضاً للحرف اليدوية",
            paragraphs=["افتتح رجل الأعمال خالد أبوجبل معرضاً في حلب."],
        ),
    }
