"""The search evaluation set, written for Khabar: queries in one form, their article in another.

Each line is ``category | query | concept=form, form; concept=form``. The generator plants one article per
line whose concepts appear *only* in the forms given after ``=``; the query names the same concepts in
other forms (a clitic, the other number, a letter variant, harakat, tatweel, a compound written joined or
apart, the other digit script). An article is relevant to a query when it mentions every concept of the
line, whatever the words it uses, so relevance never depends on an analyser.

Categories starting with ``hard`` form the hard part: every query word appears in its article only in
another form, and the background articles never hold all of that line's concepts. Some of their broken
plurals (خيام، بنادق، جدران، بساتين، أنفاق، وفود) are deliberately absent from Khabar's plural lexicon.
"""

from dataclasses import dataclass

CASES = """
clitic | مستشفى حلب | n:مستشفى=والمستشفى; p:حلب=بحلب
clitic | بالمدرسة دوما | n:مدرسة=مدرسة; p:دوما=ودوما
clitic | الغارات سراقب | n:غارة=وبالغارات; p:سراقب=لسراقب
clitic | والسد الرقة | n:سد=بالسد; p:الرقة=بالرقة
clitic | حريق مخبز جبلة | n:حريق=بالحريق; n:مخبز=للمخبز; p:جبلة=وجبلة
clitic | للقافلة منبج | n:قافلة=القافلة; p:منبج=بمنبج
clitic | الجسر دير الزور | n:جسر=والجسر; p:دير الزور=بدير الزور
clitic | لجنة انتخابات طرطوس | n:لجنة=للجنة; n:انتخاب=بالانتخابات; p:طرطوس=طرطوس
clitic | المتحف تدمر | n:متحف=بمتحف; p:تدمر=وتدمر
clitic | كالزلزال مصياف | n:زلزال=زلزال; p:مصياف=بمصياف
number | لاجئ عمان | n:لاجئ=اللاجئون, واللاجئين; p:عمان=بعمان
number | مظاهرة القامشلي | n:مظاهرة=المظاهرات; p:القامشلي=القامشلي
number | الطائرات الحسكة | n:طائرة=طائرة; p:الحسكة=الحسكة
number | معلمين إدلب | n:معلم=المعلمون; p:إدلب=إدلب
number | مسؤولين وزارة الكهرباء | n:مسؤول=المسؤول; n:وزارة=وزارة; n:كهرباء=الكهرباء
number | انفجار جرمانا | n:انفجار=الانفجارات; p:جرمانا=جرمانا
number | احتجاجات السويداء | n:احتجاج=احتجاج; p:السويداء=السويداء
number | صحفيون بيروت | n:صحفي=الصحفي; p:بيروت=بيروت
number | لقاح درعا | n:لقاح=اللقاحات; p:درعا=درعا
number | الفلاحين محصول حماة | n:فلاح=فلاح; n:محصول=المحصول; p:حماة=حماة
alef | اطفال ادلب | n:طفل=الأطفال; p:إدلب=إدلب
alef | إعزاز اسعار | n:سعر=الأسعار; p:إعزاز=اعزاز
alef | ابار اريحا | n:بئر=الآبار; p:أريحا=أريحا
alef | ٱلمزارع أربيل | n:مزرعة=المزارع; p:أربيل=اربيل
alef | أنقرة إضراب | n:إضراب=الاضراب; p:أنقرة=انقرة
alef | الاسكندرية اعصار | n:إعصار=الإعصار; p:الإسكندرية=الإسكندرية
alef | اسوان امطار | n:أمطار=الأمطار; p:أسوان=أسوان
alef | إسعاف أبو ظبي | n:إسعاف=الاسعاف; p:أبو ظبي=ابو ظبي
ya | مستشفي القاهرة | n:مستشفى=المستشفى; p:القاهرة=القاهرة
ya | قتلي هجوم الموصل | n:قتيل=القتلى; n:هجوم=الهجوم; p:الموصل=الموصل
ya | جرحي البصرة | n:جريح=الجرحى; p:البصرة=البصرة
ya | أسري الكويت | n:أسير=الأسرى; p:الكويت=الكويت
ya | مرضي مسقط | n:مريض=المرضى; p:مسقط=مسقط
taa | قذيفه حرستا | n:قذيفة=قذيفة; p:حرستا=حرستا
taa | بلديه سلمية | n:بلدية=البلدية; p:سلمية=سلمية
taa | ورشه يبرود | n:ورشة=ورشة; p:يبرود=يبرود
taa | زياره الدوحة | n:زيارة=الزيارة; p:الدوحة=الدوحة
taa | شاحنه الزبداني | n:شاحنة=الشاحنة; p:الزبداني=الزبداني
hamza | مسئول بانياس | n:مسؤول=المسؤول; p:بانياس=بانياس
hamza | مسئولون جدة | n:مسؤول=المسؤولون; p:جدة=جدة
diacritics | اِشْتِبَاكَاتٌ حَلَب | n:اشتباك=الاشتباكات; p:حلب=حلب
diacritics | مُفَاوَضَات جِنِيف | n:مفاوضات=المفاوضات; p:جنيف=جنيف
diacritics | الْمُسْتَشْفَى الْمَيَادِين | n:مستشفى=مستشفى; p:الميادين=الميادين
diacritics | فَيَضَانُ الْبُوكَمَال | n:فيضان=الفيضانات; p:البوكمال=البوكمال
diacritics | حَرِيقٌ سُوق دُبَيّ | n:حريق=الحريق; n:سوق=السوق; p:دبي=دبي
diacritics | اتِّفَاق طَهْرَان | n:اتفاق=الاتفاق; p:طهران=طهران
tatweel | اشتبـــاكات دوما | n:اشتباك=اشتباكات; p:دوما=دوما
tatweel | مهرجـان طرطـوس | n:مهرجان=المهرجان; p:طرطوس=طرطوس
tatweel | انتخابـات بغـداد | n:انتخاب=الانتخابات; p:بغداد=بغداد
tatweel | غـارات حـرستا | n:غارة=الغارات; p:حرستا=حرستا
tatweel | مظاهـرة باريـس | n:مظاهرة=مظاهرة; p:باريس=باريس
compound | عبدالرحمن الحلبي | per:عبد الرحمن الحلبي=عبد الرحمن الحلبي
compound | ابو جبل سفير | per:وليد أبو جبل=وليد أبوجبل; n:سفير=السفير
compound | أبوظبي مطار | n:مطار=المطار; p:أبو ظبي=أبو ظبي
compound | عبد الكريم زورق | per:عبد الكريم الطويل=عبدالكريم الطويل; n:زورق=زورق
compound | أبو شقرة منحة | per:رنا أبو شقرة=رنا أبوشقرة; n:منحة=منحة
compound | عبدالنور مزرعة | per:يوسف عبد النور=يوسف عبد النور; n:مزرعة=مزرعة
digits | موازنة ٢٠٢٤ دمشق | n:موازنة=الموازنة; num:2024=2024; p:دمشق=دمشق
digits | 2023 زلزال اللاذقية | n:زلزال=الزلزال; num:2023=٢٠٢٣; p:اللاذقية=اللاذقية
digits | ٣٥٠ شاحنة | n:شاحنة=شاحنة; num:350=350
digits | 125 خيمة | n:خيمة=خيمة; num:125=١٢٥
digits | ٢٠١٩ انتخابات طهران | n:انتخاب=انتخابات; num:2019=2019; p:طهران=طهران
digits | 780 دولار راتب | n:دولار=دولار; n:راتب=الراتب; num:780=٧٨٠
hard-broken | مساجد حماة | n:مسجد=المسجد; p:حماة=بحماة
hard-broken | قرية الحسكة | n:قرية=القرى; p:الحسكة=بالحسكة
hard-broken | وزراء دمشق | n:وزير=الوزير; p:دمشق=بدمشق
hard-broken | أطفال منبج | n:طفل=الطفل; p:منبج=لمنبج
hard-broken | شهيد درعا | n:شهيد=الشهداء; p:درعا=ودرعا
hard-broken | مدارس حمص | n:مدرسة=المدرسة; p:حمص=بحمص
hard-broken | سوق صيدا | n:سوق=الأسواق; p:صيدا=بصيدا
hard-broken | جنود طرابلس | n:جندي=الجندي; p:طرابلس=بطرابلس
hard-unlisted | خيام الرقة | n:خيمة=الخيمة; p:الرقة=بالرقة
hard-unlisted | بنادق الميادين | n:بندقية=البندقية; p:الميادين=بالميادين
hard-unlisted | جدار أربيل | n:جدار=الجدران; p:أربيل=بأربيل
hard-unlisted | بساتين الزبداني | n:بستان=البستان; p:الزبداني=بالزبداني
hard-unlisted | نفق جرابلس | n:نفق=الأنفاق; p:جرابلس=لجرابلس
hard-sound | ميليشيات البوكمال | n:ميليشيا=الميليشيا; p:البوكمال=بالبوكمال
hard-sound | ميليشيا السويداء | n:ميليشيا=والميليشيات; p:السويداء=بالسويداء
hard-sound | لاجئين بيروت | n:لاجئ=اللاجئ; p:بيروت=ببيروت
hard-sound | لاجئ إربد | n:لاجئ=واللاجئون; p:إربد=بإربد
hard-waw | وزير طرطوس | n:وزير=والوزير; p:طرطوس=بطرطوس
hard-waw | الوفود جنيف | n:وفد=وفد; p:جنيف=بجنيف
hard-waw | وكالة القاهرة | n:وكالة=الوكالة; p:القاهرة=بالقاهرة
hard-waw | ولاية اسطنبول | n:ولاية=الولاية; p:إسطنبول=بإسطنبول
hard-waw | وثائق موسكو | n:وثيقة=الوثيقة; p:موسكو=بموسكو
hard-waw | وحدات الرياض | n:وحدة=الوحدة; p:الرياض=بالرياض
hard-compound | ابو جبل لجنة | per:فادي أبو جبل=فادي أبوجبل; n:لجنة=اللجان
hard-compound | عبدالهادي مطار | per:مازن عبد الهادي=مازن عبد الهادي; n:مطار=بالمطار
hard-proclitic | مخبز دمشق | n:مخبز=بمخبز; p:دمشق=لدمشق
hard-proclitic | كنيسة حلب | n:كنيسة=بكنيسة; p:حلب=لحلب
hard-proclitic | لقاحات عمان | n:لقاح=بلقاح; p:عمان=بعمان
hard-proclitic | بلدية دير الزور | n:بلدية=لبلدية; p:دير الزور=بدير الزور
hard-proclitic | بنك بغداد | n:بنك=لبنك; p:بغداد=ببغداد
hard-proclitic | برلمان باريس | n:برلمان=للبرلمان; p:باريس=بباريس
"""


@dataclass(frozen=True)
class Case:
    category: str
    query: str
    forms: dict  # concept key -> the forms the planted article uses

    @property
    def hard(self):
        return self.category.startswith("hard")

    @property
    def concepts(self):
        return frozenset(self.forms)

    def __hash__(self):
        return hash(self.query)


def load():
    cases = []
    for line in CASES.strip().splitlines():
        category, query, spec = (part.strip() for part in line.split("|"))
        forms = {}
        for item in spec.split(";"):
            key, values = item.split("=")
            forms[key.strip()] = [value.strip() for value in values.split(",")]
        cases.append(Case(category, query, forms))
    return cases
