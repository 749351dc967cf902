"""The fixed labels of the reintegration-plan PDF in the languages the plan is printed in.

TO BE REVIEWED BY A NATIVE SPEAKER: the ar, fa, ps, tr and ru labels below were written
without a native speaker's review. Only labels live here; the client's own texts (goals,
activities) are printed as they were entered.
"""

# Dari (prs) is written with the Persian labels; Pashto has its own.
ALIASES = {"prs": "fa", "fas": "fa", "per": "fa", "pus": "ps", "ara": "ar", "tur": "tr", "rus": "ru",
           "deu": "de", "ger": "de", "eng": "en"}
RTL = {"ar", "fa", "ps"}
# fpdf2/HarfBuzz language tags for text shaping.
SHAPING_LANGUAGE = {"ar": "ara", "fa": "fas", "ps": "pus"}

KEYS = ("title", "name", "birth_date", "phone", "languages", "partner", "status", "date", "goal", "activity",
        "responsible", "due", "budget", "funding", "economic", "social", "psychosocial", "in_kind", "cash",
        "budget_summary", "total", "footer")

LABELS: dict[str, dict[str, str]] = {
    "de": {
        "title": "Reintegrationsplan", "name": "Name", "birth_date": "Geburtsdatum", "phone": "Telefon",
        "languages": "Sprachen", "partner": "Partner im Herkunftsland", "status": "Status", "date": "Datum",
        "goal": "Ziel", "activity": "Maßnahme", "responsible": "Verantwortlich", "due": "Fällig",
        "budget": "Budget", "funding": "Finanzierung", "economic": "Wirtschaftliche Dimension",
        "social": "Soziale Dimension", "psychosocial": "Psychosoziale Dimension", "in_kind": "Sachleistung",
        "cash": "Geldleistung", "budget_summary": "Budgetübersicht", "total": "Gesamt",
        "footer": "Vertraulich. Dieser Plan wurde gemeinsam mit der Klientin oder dem Klienten erstellt.",
    },
    "en": {
        "title": "Reintegration plan", "name": "Name", "birth_date": "Date of birth", "phone": "Phone",
        "languages": "Languages", "partner": "Partner in the country of origin", "status": "Status",
        "date": "Date", "goal": "Goal", "activity": "Activity", "responsible": "Responsible", "due": "Due",
        "budget": "Budget", "funding": "Funding source", "economic": "Economic dimension",
        "social": "Social dimension", "psychosocial": "Psychosocial dimension", "in_kind": "In kind",
        "cash": "Cash", "budget_summary": "Budget summary", "total": "Total",
        "footer": "Confidential. This plan was prepared together with the client.",
    },
    "ar": {
        "title": "خطة إعادة الإدماج", "name": "الاسم", "birth_date": "تاريخ الميلاد", "phone": "الهاتف",
        "languages": "اللغات", "partner": "الشريك في بلد المنشأ", "status": "الحالة", "date": "التاريخ",
        "goal": "الهدف", "activity": "النشاط", "responsible": "المسؤول", "due": "الموعد",
        "budget": "الميزانية", "funding": "مصدر التمويل", "economic": "البعد الاقتصادي",
        "social": "البعد الاجتماعي", "psychosocial": "البعد النفسي والاجتماعي", "in_kind": "عيني",
        "cash": "نقدي", "budget_summary": "ملخص الميزانية", "total": "المجموع",
        "footer": "سري. أعدت هذه الخطة بالاشتراك مع العميل.",
    },
    "fa": {
        "title": "برنامه ادغام مجدد", "name": "نام", "birth_date": "تاریخ تولد", "phone": "تلفن",
        "languages": "زبان‌ها", "partner": "شریک در کشور مبدأ", "status": "وضعیت", "date": "تاریخ",
        "goal": "هدف", "activity": "فعالیت", "responsible": "مسئول", "due": "موعد", "budget": "بودجه",
        "funding": "منبع مالی", "economic": "بعد اقتصادی", "social": "بعد اجتماعی",
        "psychosocial": "بعد روانی-اجتماعی", "in_kind": "غیرنقدی", "cash": "نقدی",
        "budget_summary": "خلاصه بودجه", "total": "مجموع",
        "footer": "محرمانه. این برنامه با همکاری مراجع تهیه شده است.",
    },
    "ps": {
        "title": "د بیا یوځای کېدو پلان", "name": "نوم", "birth_date": "د زېږېدو نېټه", "phone": "تلیفون",
        "languages": "ژبې", "partner": "په اصلي هېواد کې شریک", "status": "حالت", "date": "نېټه",
        "goal": "هدف", "activity": "فعالیت", "responsible": "مسؤل", "due": "موده", "budget": "بودیجه",
        "funding": "د تمویل سرچینه", "economic": "اقتصادي اړخ", "social": "ټولنیز اړخ",
        "psychosocial": "رواني-ټولنیز اړخ", "in_kind": "د توکو په بڼه", "cash": "نغدي",
        "budget_summary": "د بودیجې لنډیز", "total": "ټول",
        "footer": "محرم. دا پلان د مراجع سره په ګډه جوړ شوی دی.",
    },
    "tr": {
        "title": "Yeniden entegrasyon planı", "name": "Ad", "birth_date": "Doğum tarihi", "phone": "Telefon",
        "languages": "Diller", "partner": "Menşe ülkedeki ortak", "status": "Durum", "date": "Tarih",
        "goal": "Hedef", "activity": "Faaliyet", "responsible": "Sorumlu", "due": "Vade", "budget": "Bütçe",
        "funding": "Finansman kaynağı", "economic": "Ekonomik boyut", "social": "Sosyal boyut",
        "psychosocial": "Psikososyal boyut", "in_kind": "Ayni", "cash": "Nakit", "budget_summary": "Bütçe özeti",
        "total": "Toplam", "footer": "Gizli. Bu plan danışanla birlikte hazırlanmıştır.",
    },
    "ru": {
        "title": "План реинтеграции", "name": "Имя", "birth_date": "Дата рождения", "phone": "Телефон",
        "languages": "Языки", "partner": "Партнёр в стране происхождения", "status": "Статус", "date": "Дата",
        "goal": "Цель", "activity": "Мероприятие", "responsible": "Ответственный", "due": "Срок",
        "budget": "Бюджет", "funding": "Источник финансирования", "economic": "Экономическое измерение",
        "social": "Социальное измерение", "psychosocial": "Психосоциальное измерение",
        "in_kind": "В натуральной форме", "cash": "Наличными", "budget_summary": "Сводка бюджета",
        "total": "Итого", "footer": "Конфиденциально. План составлен совместно с клиентом.",
    },
}

SUPPORTED = tuple(LABELS)


def pdf_language(code: str | None) -> str:
    """The label language for a person's language code; English where no table exists."""
    code = (code or "").lower()
    code = ALIASES.get(code, code)
    return code if code in LABELS else "en"


def labels_for(language: str) -> dict[str, str]:
    return LABELS[pdf_language(language)]
