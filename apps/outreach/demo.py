"""Demo data of outreach: five information materials of the Kompetenzzentrum (Diakonie) with
flyer texts in several client languages, a running social-media campaign with portal visits
of the last two weeks and figures, and two orders of the demo partner. Idempotent.

The flyer texts are data (typed per language by the network, never gettext strings); they
are plain demo sentences and, except German and English, drafts a native speaker would
review before printing.
"""

from datetime import timedelta

from django.utils import timezone

from apps.outreach import orders, services
from apps.outreach.models import Campaign, CampaignVisit, Material, MaterialOrder

FREE = {
    "de": ("Rückkehrberatung: kostenlos und vertraulich",
           "Sie überlegen, in Ihr Herkunftsland zurückzukehren? Oder Sie wissen nicht, wie es weitergeht?\n\n"
           "Wir beraten Sie kostenlos, vertraulich und unabhängig. Wir sprechen über alle Möglichkeiten, auch "
           "über das Bleiben.\n\nRufen Sie die Hotline an oder besuchen Sie eine Beratungsstelle."),
    "en": ("Return counselling: free and confidential",
           "Are you thinking about returning to your country of origin? Or do you not know what comes next?\n\n"
           "We counsel you free of charge, confidentially and independently. We talk about every option, "
           "staying included.\n\nCall the hotline or visit a counselling office."),
    "ar": ("استشارة العودة: مجانية وسرية",
           "هل تفكر في العودة إلى بلدك الأصلي؟ أو لا تعرف ماذا سيحدث بعد ذلك؟\n\n"
           "نقدم لك الاستشارة مجانًا وبسرية وباستقلالية. نتحدث عن كل الخيارات، بما فيها البقاء.\n\n"
           "اتصل بالخط الساخن أو زر مكتب استشارة."),
    "fa": ("مشاوره بازگشت: رایگان و محرمانه",
           "به بازگشت به کشور خود فکر می‌کنید؟ یا نمی‌دانید بعد چه می‌شود؟\n\n"
           "ما به شما رایگان، محرمانه و مستقل مشاوره می‌دهیم. درباره همه راه‌ها صحبت می‌کنیم، ماندن هم.\n\n"
           "با خط تلفن تماس بگیرید یا به دفتر مشاوره بیایید."),
    "ps": ("د بېرته ستنېدو مشوره: وړیا او محرمه",
           "ایا تاسو خپل هېواد ته د بېرته تګ په اړه فکر کوئ؟\n\n"
           "موږ تاسو ته وړیا، محرمه او خپلواکه مشوره درکوو. د ټولو لارو په اړه خبرې کوو، د پاتې کېدو هم.\n\n"
           "هاټ لاین ته زنګ ووهئ یا د مشورې دفتر ته راشئ."),
    "ru": ("Консультация по возвращению: бесплатно и конфиденциально",
           "Вы думаете о возвращении на родину? Или не знаете, что будет дальше?\n\n"
           "Мы консультируем бесплатно, конфиденциально и независимо. Мы говорим обо всех вариантах, "
           "в том числе о том, чтобы остаться.\n\nПозвоните на горячую линию или приходите в консультацию."),
    "tr": ("Geri dönüş danışmanlığı: ücretsiz ve gizli",
           "Ülkenize geri dönmeyi mi düşünüyorsunuz? Ya da bundan sonra ne olacağını bilmiyor musunuz?\n\n"
           "Size ücretsiz, gizli ve bağımsız danışmanlık veriyoruz. Kalmak dahil her seçeneği konuşuyoruz.\n\n"
           "Yardım hattını arayın veya bir danışmanlık ofisine gelin."),
    "uk": ("Консультація щодо повернення: безкоштовно і конфіденційно",
           "Ви думаєте про повернення на батьківщину? Або не знаєте, що буде далі?\n\n"
           "Ми консультуємо безкоштовно, конфіденційно і незалежно. Ми говоримо про всі можливості, "
           "також про те, щоб залишитися.\n\nЗателефонуйте на гарячу лінію або прийдіть до консультації."),
    "ka": ("დაბრუნების კონსულტაცია: უფასო და კონფიდენციალური",
           "ფიქრობთ სამშობლოში დაბრუნებაზე?\n\nჩვენ გიწევთ უფასო, კონფიდენციალურ და დამოუკიდებელ კონსულტაციას.\n\n"
           "დარეკეთ ცხელ ხაზზე ან მობრძანდით საკონსულტაციო ოფისში."),
}

SHORT = {
    "de": ("Mobile Beratung in Ihrer Nähe", "Die Beratung kommt zu Ihnen. Termine finden Sie im Portal."),
    "en": ("Mobile counselling near you", "Counselling comes to you. You find the dates on the portal."),
    "ar": ("استشارة متنقلة بالقرب منك", "الاستشارة تأتي إليك. تجد المواعيد على البوابة."),
    "fa": ("مشاوره سیار نزدیک شما", "مشاوره به سراغ شما می‌آید. زمان‌ها را در پورتال پیدا می‌کنید."),
    "ru": ("Мобильная консультация рядом с вами", "Консультация приходит к вам. Даты вы найдёте на портале."),
    "tr": ("Yakınınızda gezici danışmanlık", "Danışmanlık size geliyor. Tarihleri portalda bulabilirsiniz."),
    "uk": ("Мобільна консультація поруч із вами", "Консультація приходить до вас. Дати ви знайдете на порталі."),
}

# title, kind, target group, published, texts
MATERIALS = [
    ("Faltblatt Rückkehrberatung (Demo)", "flyer", "general", True, FREE),
    ("Plakat Mobile Beratung (Demo)", "poster", "asylum_seekers", True, SHORT),
    ("Social-Media-Kachel Hotline (Demo)", "social_media_post", "general", True,
     {code: FREE[code] for code in ("de", "ar", "fa", "ps")}),
    ("Erklärvideo Beratungsablauf (Demo)", "video", "families", True, {}),
    ("Infoblatt für Fachkräfte (Entwurf, Demo)", "flyer", "professionals", False,
     {"de": ("Rückkehrberatung im Netzwerk", "Wie Sie Ratsuchende an die Rückkehrberatung verweisen.")}),
]
CAMPAIGN_CODE = "demo-fruehjahr"


def _materials(coordinator, diakonie) -> tuple[list[Material], int]:
    result, created = [], 0
    for title, kind, target_group, published, texts in MATERIALS:
        material = Material.objects.filter(title=title).first()
        if material is None:
            material = services.material_create(actor=coordinator, organisation=diakonie, data={
                "title": title, "kind": kind, "target_group": target_group, "published": published})
            for language, (heading, body) in texts.items():
                services.material_text_set(actor=coordinator, material=material, language=language, title=heading,
                                           body=body, expected_version=material.version)
                material.refresh_from_db()
            created += 1
        result.append(material)
    return result, created


def _campaign(coordinator, diakonie, materials) -> int:
    if Campaign.objects.filter(code=CAMPAIGN_CODE).exists():
        return 0
    today = timezone.localdate()
    campaign = services.campaign_create(actor=coordinator, organisation=diakonie, materials=materials[:3], data={
        "name": "Frühjahrskampagne Social Media (Demo)", "code": CAMPAIGN_CODE, "channel": "social_media",
        "platform": "Instagram, Facebook", "starts_on": today - timedelta(days=14),
        "ends_on": today + timedelta(days=30), "languages": ["ar", "fa", "ps", "ru", "de"],
        "target_group": "general", "budget": "2450.00"})
    # Visits of the last two weeks: counters only (the portal adds today's itself).
    for days_ago in range(1, 15):
        for position, language in enumerate(campaign.languages):
            count = (days_ago * 7 + position * 11) % 23 + 2
            CampaignVisit.objects.create(campaign=campaign, day=today - timedelta(days=days_ago),
                                         language=language, count=count)
    services.campaign_figure_add(actor=coordinator, campaign=campaign, period_start=today - timedelta(days=14),
                                 period_end=today - timedelta(days=8), reach=12400, clicks=310)
    services.campaign_figure_add(actor=coordinator, campaign=campaign, period_start=today - timedelta(days=7),
                                 period_end=today - timedelta(days=1), reach=15800, clicks=402)
    return 1


def _orders(network, coordinator, partner, materials) -> int:
    partner_org = network.organisations["CARDEMO"]
    if MaterialOrder.objects.filter(organisation=partner_org).exists():
        return 0
    first = orders.order_place(actor=partner, organisation=partner_org, material=materials[0], language="ar",
                               quantity=200, delivery_address="Caritas Migrationsdienst (Demo)\nBeispielstraße 1\n"
                                                              "54290 Trier",
                               wished_date=timezone.localdate() + timedelta(days=14))
    orders.order_transition(actor=coordinator, order=first, to_state="confirmed", expected_version=first.version,
                            note="Versand in der nächsten Woche.")
    orders.order_place(actor=partner, organisation=partner_org, material=materials[1], language="fa", quantity=20,
                       delivery_address="Caritas Migrationsdienst (Demo)\nBeispielstraße 1\n54290 Trier")
    return 2


def seed(network) -> int:
    coordinator, partner = network.users["coordinator"], network.users["partner"]
    diakonie = network.organisations["DKR"]
    materials, created = _materials(coordinator, diakonie)
    created += _campaign(coordinator, diakonie, materials)
    created += _orders(network, coordinator, partner, materials)
    return created
