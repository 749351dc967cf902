"""Name material for fictitious demo clients, by country of origin.

Every person the demo creates is invented: given and family names are drawn independently
from lists of names that are common in the country, so any resemblance of a combination to
a real person is chance. Lists are ordered from frequent to rare; the generator weights
them that way, so that searches meet both very common and rare family names. Spellings
are those typically found in German documents; `FAMILY_VARIANTS` and `GIVEN_VARIANTS` give
other transliterations that clients, authorities and counsellors write.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    weight: int  # share of demo cases
    languages: tuple[str, ...]  # ISO 639 codes, first language first
    family: tuple[str, ...]
    male: tuple[str, ...]
    female: tuple[str, ...]
    # Married women keep their own family name (customary in Afghanistan, Iran, the Arab
    # countries, Pakistan); elsewhere they usually take the husband's.
    wife_keeps_name: bool = False
    # Russian-style family names take a feminine ending (Ivanov → Ivanova).
    feminine_a: bool = False


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


COUNTRIES: tuple[Country, ...] = (
    Country(
        "AF", 10, ("fa", "ps"),
        _split("Ahmadi, Hosseini, Mohammadi, Rahimi, Karimi, Sultani, Noori, Hashimi, Azizi, Habibi, "
               "Safi, Popal, Amiri, Haidari, Nazari, Wardak, Stanikzai, Sadat, Jalali, Samadi, "
               "Rezaie, Qaderi, Akbari, Rasuli, Faizi, Ghafoori, Sharifi, Yusufzai, Niazi, Omari"),
        _split("Mohammad, Ahmad, Ali, Hamid, Farid, Jawad, Mustafa, Naveed, Rahim, Sayed, Shafiq, "
               "Wahid, Zabihullah, Abdul Basir, Mohammad Nabi, Hasibullah, Khalid, Nasir, Omid, "
               "Rohullah, Samiullah, Habib, Ehsan, Ajmal, Bilal"),
        _split("Fatima, Zahra, Maryam, Laila, Nargis, Shabnam, Parwana, Sahar, Mina, Farzana, Nadia, "
               "Roya, Soraya, Zainab, Marzia, Freshta, Hadia, Khadija, Mahbooba, Nilofar, Shakila, "
               "Wahida, Yasamin, Zarmina, Homa"),
        wife_keeps_name=True,
    ),
    Country(
        "SY", 8, ("ar", "ku"),
        _split("Al-Ahmad, Haddad, Khalil, Ibrahim, Hamdan, Al-Hassan, Darwish, Mansour, Al-Khatib, "
               "Suleiman, Hammoud, Qassem, Othman, Al-Ali, Sabbagh, Nasser, Youssef, Saleh, Kurdi, "
               "Hussein, Al-Masri, Zaher, Shami, Halabi, Jaber, Issa, Bakr, Al-Omar, Abdullah, "
               "Mustafa"),
        _split("Mohammed, Ahmad, Omar, Khaled, Mahmoud, Yousef, Hassan, Ibrahim, Abdulrahman, Samer, "
               "Rami, Fadi, Tarek, Walid, Nizar, Majd, Anas, Ammar, Firas, Hussam, Karim, Mazen, "
               "Ziad, Jamil, Hamza"),
        _split("Fatima, Aisha, Rania, Hala, Lina, Nour, Rasha, Dima, Reem, Hiba, Yasmin, Amal, "
               "Samira, Ghada, Maha, Layla, Salma, Sara, Nisreen, Huda, Rim, Mariam, Asmaa, Widad, "
               "Suad"),
        wife_keeps_name=True,
    ),
    Country(
        "IQ", 9, ("ar", "ckb", "ku"),
        _split("Al-Jabouri, Al-Dulaimi, Al-Obaidi, Hamad, Kareem, Mahmood, Rashid, Abbas, Jasim, "
               "Kadhim, Hassan, Ali, Salih, Rasul, Aziz, Mohammed, Hamasalih, Qadir, Mustafa, Ahmed, "
               "Omer, Faraj, Saeed, Khidir, Haji, Sabir, Tawfiq, Shwani, Hawrami, Jalal"),
        _split("Ali, Hussein, Haider, Mustafa, Ahmed, Omar, Karwan, Rebwar, Dilshad, Sherzad, Hemin, "
               "Azad, Kawa, Shwan, Zana, Yasir, Sajad, Abbas, Ammar, Hawkar, Aram, Saman, Hiwa, "
               "Muntadhar, Baran"),
        _split("Zainab, Fatima, Noor, Shahad, Ruqaya, Sara, Maryam, Hana, Dilan, Shilan, Avin, "
               "Rozhan, Nazanin, Zhino, Chiman, Bahar, Taban, Tara, Sozan, Huda, Asmaa, Iman, Rand, "
               "Duaa, Ban"),
        wife_keeps_name=True,
    ),
    Country(
        "IR", 6, ("fa", "az"),
        _split("Mohammadi, Hosseini, Ahmadi, Rezaei, Moradi, Karimi, Jafari, Rahimi, Hashemi, "
               "Mousavi, Sadeghi, Ghasemi, Heidari, Abbasi, Kazemi, Rostami, Ebrahimi, Najafi, Azimi, "
               "Bagheri, Mirzaei, Nouri, Amini, Taheri, Salehi, Shirazi, Tehrani, Farahani, Esfahani, "
               "Zamani"),
        _split("Mohammad, Ali, Reza, Hossein, Mehdi, Amir, Hamid, Saeed, Majid, Behnam, Babak, "
               "Dariush, Farhad, Kamran, Mehran, Navid, Omid, Payam, Pouya, Shahin, Arash, Siamak, "
               "Masoud, Hamed, Alireza"),
        _split("Fatemeh, Zahra, Maryam, Narges, Leila, Shirin, Parisa, Sara, Mahsa, Nasrin, Azadeh, "
               "Elham, Fariba, Golnaz, Mina, Nazanin, Roya, Samira, Shadi, Soheila, Tahereh, Yasaman, "
               "Ziba, Mahnaz, Niloufar"),
        wife_keeps_name=True,
    ),
    Country(
        "TR", 12, ("tr", "ku"),
        _split("Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, Arslan, "
               "Doğan, Kılıç, Aslan, Çetin, Kara, Koç, Kurt, Özkan, Şimşek, Polat, Korkmaz, Erdem, "
               "Güneş, Aktaş, Bulut, Tekin, Acar, Kaplan, Ateş"),
        _split("Mehmet, Mustafa, Ahmet, Ali, Hüseyin, Hasan, İbrahim, Murat, Emre, Yusuf, Ömer, "
               "Burak, Serkan, Kemal, Osman, Fatih, Mahmut, Cem, Deniz, Baran, Berkay, Eren, Kadir, "
               "Volkan, Rojhat"),
        _split("Fatma, Ayşe, Emine, Hatice, Zeynep, Elif, Meryem, Şerife, Zehra, Sultan, Hülya, Esra, "
               "Özlem, Derya, Gül, Leyla, Merve, Büşra, Songül, Dilek, Rojda, Berfin, Nurcan, Sevgi, "
               "Aynur"),
    ),
    Country(
        "GE", 9, ("ka", "ru"),
        _split("Beridze, Kapanadze, Gelashvili, Maisuradze, Giorgadze, Lomidze, Tsiklauri, Bolkvadze, "
               "Kvaratskhelia, Nozadze, Abashidze, Khutsishvili, Tabatadze, Shengelia, Chkheidze, "
               "Jorjadze, Kiknadze, Mikeladze, Gogoladze, Natsvlishvili, Tsertsvadze, Japaridze, "
               "Gogichaishvili, Mchedlishvili, Dolidze, Kharaishvili, Barbakadze, Lobzhanidze, "
               "Kvirikashvili, Chikovani"),
        _split("Giorgi, Davit, Levan, Nikoloz, Irakli, Zurab, Lasha, Giga, Tornike, Luka, Sandro, "
               "Otar, Vakhtang, Mamuka, Beka, Revaz, Shota, Tamaz, Gocha, Merab, Nodar, Zaza, Koba, "
               "Archil, Temur"),
        _split("Nino, Mariam, Tamar, Ana, Eka, Natia, Salome, Ketevan, Nana, Maia, Tea, Sopho, Lali, "
               "Manana, Nato, Tinatin, Marina, Irina, Lela, Khatuna, Tamta, Elene, Nata, Keti, Inga"),
    ),
    Country(
        "MK", 7, ("mk", "sq", "rom"),
        _split("Stojanovski, Nikolovski, Trajkovski, Petrovski, Jovanovski, Ristovski, Dimitrovski, "
               "Angelovski, Georgievski, Stojkovski, Kostovski, Ilievski, Mitrevski, Spasovski, "
               "Velkovski, Ajeti, Memeti, Sulejmani, Jashari, Aliu, Ramadani, Ismaili, Bajrami, "
               "Asani, Demiri, Osmani, Redzepi, Saliu, Useini, Emini"),
        _split("Aleksandar, Nikola, Stefan, Dragan, Goran, Zoran, Igor, Marko, Darko, Bojan, Dejan, "
               "Filip, Vladimir, Blagoj, Trajce, Arben, Besnik, Driton, Fatmir, Agim, Bekim, Jetmir, "
               "Shpend, Enver, Sead"),
        _split("Elena, Marija, Ana, Ivana, Biljana, Snezana, Vesna, Jasmina, Gordana, Daniela, "
               "Katerina, Simona, Aleksandra, Sanja, Ljiljana, Arta, Blerta, Drita, Fatime, Merita, "
               "Valbona, Sabina, Remzije, Shqipe, Elmaze"),
    ),
    Country(
        "AL", 5, ("sq",),
        _split("Hoxha, Shehu, Dervishi, Gjoni, Leka, Marku, Prifti, Kola, Basha, Cela, Dushku, Gjika, "
               "Hasani, Kapllani, Lika, Llashi, Muca, Ndreu, Pepa, Shkurti, Tafaj, Topalli, Xhafa, "
               "Zeneli, Allushi, Bregu, Cani, Hysa, Gjeka, Kuka"),
        _split("Arben, Artan, Besnik, Blerim, Dritan, Elton, Ervin, Gentian, Ilir, Klodian, Marsel, "
               "Renato, Sokol, Fatjon, Erion, Gezim, Altin, Ardit, Endrit, Kristi, Luan, Orges, "
               "Taulant, Xhuljan, Andi"),
        _split("Anisa, Arjola, Blerina, Denisa, Elona, Enkeleda, Erjona, Fjorela, Greta, Jonida, "
               "Klea, Kejsi, Lindita, Megi, Mirela, Nertila, Orjana, Rozana, Sidorela, Suela, Teuta, "
               "Xhesika, Jora, Entela, Ardita"),
    ),
    Country(
        "NG", 5, ("en", "yo", "ig", "ha"),
        _split("Okafor, Okonkwo, Adeyemi, Ogunleye, Eze, Nwachukwu, Obi, Adebayo, Olawale, Ibrahim, "
               "Musa, Abubakar, Bello, Okoro, Uche, Chukwu, Oyelaran, Afolabi, Ogbonna, Nnadi, "
               "Akinola, Balogun, Ekwueme, Osagie, Igwe, Aliyu, Danjuma, Edeh, Onyeka, Ugwu"),
        _split("Chinedu, Emeka, Ifeanyi, Oluwaseun, Tunde, Segun, Olumide, Chukwuemeka, Ibrahim, "
               "Musa, Abdullahi, Kelechi, Obinna, Uchenna, Femi, Kayode, Babatunde, Godwin, Samuel, "
               "Daniel, Victor, Emmanuel, Osaro, Efosa, Tochukwu"),
        _split("Chioma, Ngozi, Adaeze, Funmilayo, Folake, Bukola, Aisha, Amina, Blessing, Grace, Joy, "
               "Esther, Precious, Ifeoma, Nkechi, Uju, Yetunde, Omolara, Titilayo, Hauwa, Zainab, "
               "Osasere, Osas, Faith, Mercy"),
    ),
    Country(
        "RU", 6, ("ru", "ce"),
        _split("Ivanov, Smirnov, Kuznetsov, Popov, Petrov, Sokolov, Volkov, Morozov, Novikov, "
               "Fedorov, Magomedov, Aliev, Umarov, Saidov, Israilov, Khasanov, Musaev, Akhmadov, "
               "Dzhabrailov, Bisultanov, Gairbekov, Visaitov, Temirkhanov, Ibragimov, Abdulaev, "
               "Gadzhiev, Ismailov, Yusupov, Bataev, Mezhidov"),
        _split("Aleksandr, Dmitri, Sergei, Andrei, Alexei, Ivan, Maxim, Nikolai, Magomed, Ruslan, "
               "Islam, Adam, Aslan, Akhmed, Murad, Rustam, Timur, Shamil, Zelimkhan, Mansur, Artur, "
               "Denis, Ilya, Yuri, Ibragim"),
        _split("Elena, Olga, Natalia, Irina, Svetlana, Tatiana, Anna, Ekaterina, Maria, Yulia, "
               "Madina, Khava, Zarema, Aminat, Petimat, Malika, Kheda, Luiza, Zalina, Milana, Asya, "
               "Fatima, Liana, Raisa, Larisa"),
        feminine_a=True,
    ),
    Country(
        "MD", 5, ("ro", "ru"),
        _split("Rusu, Ceban, Ciobanu, Turcan, Cebotari, Lungu, Munteanu, Rotari, Popa, Bivol, "
               "Cojocaru, Moraru, Gutu, Melnic, Balan, Botnari, Guzun, Morari, Ursu, Caraman, Cazacu, "
               "Rosca, Sirbu, Railean, Plesca, Postolachi, Croitoru, Prodan, Stratan, Grosu"),
        _split("Ion, Vasile, Andrei, Alexandru, Nicolae, Sergiu, Mihai, Vitalie, Igor, Victor, "
               "Dumitru, Gheorghe, Valeriu, Eugen, Radu, Dorin, Vladimir, Oleg, Ruslan, Cristian, "
               "Iurie, Petru, Stefan, Denis, Maxim"),
        _split("Maria, Elena, Ana, Natalia, Tatiana, Olga, Cristina, Svetlana, Valentina, Ludmila, "
               "Irina, Diana, Ecaterina, Galina, Aurelia, Doina, Nadejda, Veronica, Victoria, Alina, "
               "Corina, Mariana, Angela, Liliana, Daniela"),
    ),
    Country(
        "RS", 5, ("sr", "rom"),
        _split("Jovanović, Petrović, Nikolić, Marković, Đorđević, Stojanović, Ilić, Stanković, "
               "Pavlović, Milovanović, Popović, Kostić, Mitrović, Živković, Ristić, Savić, Lazić, "
               "Todorović, Kovačević, Simić, Stefanović, Bajramović, Demirović, Salihović, "
               "Alimanović, Rašić, Selimović, Zorić, Bekić, Ramić"),
        _split("Nikola, Marko, Stefan, Aleksandar, Miloš, Luka, Dragan, Zoran, Dejan, Goran, Nenad, "
               "Vladimir, Milan, Bojan, Ivan, Dušan, Srđan, Emir, Senad, Elvis, Denis, Samir, "
               "Muhamed, Ramadan, Dalibor"),
        _split("Jelena, Milica, Ana, Marija, Ivana, Jovana, Dragana, Snežana, Gordana, Vesna, Tijana, "
               "Katarina, Sanja, Biljana, Maja, Mirjana, Danijela, Nataša, Elvira, Senada, Sabina, "
               "Mersiha, Ljubica, Zorica, Aleksandra"),
    ),
    Country(
        "DZ", 3, ("ar", "kab", "fr"),
        _split("Benali, Bouzid, Belkacem, Benaissa, Hamidi, Mebarki, Khelifi, Saidi, Cherif, "
               "Bensalem, Boukhari, Amrani, Haddad, Zerrouki, Ait Ahmed, Ouali, Mansouri, Belaid, "
               "Kaci, Djebbar, Slimani, Benyahia, Rahmani, Meziane, Larbi, Brahimi, Toumi, Aouadi, "
               "Guendouz, Boukhalfa"),
        _split("Mohamed, Karim, Yacine, Amine, Sofiane, Nabil, Rachid, Samir, Mourad, Farid, Bilal, "
               "Walid, Abdelkader, Mehdi, Hichem, Riad, Ayoub, Djamel, Lyes, Nassim, Youcef, Said, "
               "Mokhtar, Salim, Redouane"),
        _split("Amina, Fatima, Nadia, Samia, Karima, Yasmina, Lamia, Sabrina, Meriem, Nesrine, Souad, "
               "Nawel, Imane, Hayat, Lynda, Sihem, Dalila, Wassila, Houria, Kahina, Lila, Malika, "
               "Faiza, Zohra, Rym"),
        wife_keeps_name=True,
    ),
    Country(
        "GH", 2, ("ak", "en", "ee"),
        _split("Mensah, Owusu, Boateng, Asante, Osei, Agyeman, Appiah, Amoah, Acheampong, Antwi, "
               "Ofori, Darko, Sarpong, Opoku, Adjei, Badu, Frimpong, Gyamfi, Kwarteng, Obeng, Quaye, "
               "Tetteh, Addo, Boakye, Amponsah, Ansah, Danso, Yeboah, Kyei, Agyei"),
        _split("Kwame, Kofi, Kwabena, Kwaku, Yaw, Kojo, Kwesi, Emmanuel, Samuel, Daniel, Isaac, "
               "Ebenezer, Prince, Richard, Michael, Eric, Francis, Godfred, Kingsley, Felix, Nana, "
               "Fiifi, Bright, Ernest, Kwadwo"),
        _split("Ama, Akosua, Abena, Adwoa, Afua, Yaa, Esi, Efua, Akua, Comfort, Gifty, Mercy, "
               "Patience, Grace, Linda, Vida, Joyce, Rita, Gloria, Priscilla, Felicia, Doris, "
               "Beatrice, Rebecca, Dorcas"),
    ),
    Country(
        "PK", 4, ("ur", "pa", "ps"),
        _split("Khan, Ahmed, Ali, Hussain, Malik, Butt, Chaudhry, Qureshi, Sheikh, Iqbal, Raza, Shah, "
               "Akhtar, Aslam, Bhatti, Javed, Rana, Siddiqui, Mirza, Awan, Baig, Riaz, Anwar, Rehman, "
               "Abbasi, Khattak, Afridi, Gill, Zafar, Naqvi"),
        _split("Muhammad, Ahmed, Ali, Hassan, Usman, Bilal, Imran, Asif, Tariq, Kamran, Faisal, "
               "Shahid, Zubair, Waqas, Adnan, Naveed, Arslan, Hamza, Umar, Zeeshan, Irfan, Sajid, "
               "Junaid, Fahad, Rizwan"),
        _split("Ayesha, Fatima, Sana, Hina, Saima, Nadia, Rabia, Amna, Mehwish, Sadia, Asma, Bushra, "
               "Farah, Iqra, Kiran, Maryam, Nazia, Rukhsana, Shazia, Uzma, Zainab, Samina, Noreen, "
               "Tahira, Sidra"),
        wife_keeps_name=True,
    ),
)

# Other spellings met in files and on documents (transliteration, German phonetics).
FAMILY_VARIANTS: dict[str, tuple[str, ...]] = {
    "Hosseini": ("Husseini", "Hoseini", "Hussaini"), "Mohammadi": ("Muhammadi", "Mohamadi"),
    "Rahimi": ("Rahimy",), "Noori": ("Nuri", "Noorie"), "Hashimi": ("Hashemi",),
    "Rezaie": ("Rezaei", "Rezai"), "Qaderi": ("Ghaderi", "Kaderi"), "Rasuli": ("Rasooli",),
    "Ghafoori": ("Ghafuri",), "Omari": ("Umari",), "Yusufzai": ("Yousafzai",),
    "Al-Ahmad": ("Alahmad", "El Ahmad"), "Khalil": ("Khaleel", "Chalil"), "Mansour": ("Mansur", "Mansoor"),
    "Al-Khatib": ("Alkhatib", "El-Khatib"), "Suleiman": ("Sleiman", "Soliman", "Sulaiman"),
    "Hammoud": ("Hamoud", "Hamud"), "Qassem": ("Kassem", "Qasim"), "Othman": ("Osman", "Uthman"),
    "Youssef": ("Yousef", "Yusuf"), "Hussein": ("Hussain", "Husein"), "Issa": ("Isa", "Eissa"),
    "Al-Jabouri": ("Aljaburi", "Al-Jubouri"), "Kareem": ("Karim",), "Mahmood": ("Mahmoud", "Mahmud"),
    "Jasim": ("Jassim", "Jasem"), "Kadhim": ("Kazem", "Kazim"), "Rasul": ("Rasool", "Rasoul"),
    "Qadir": ("Kadir", "Qader"), "Saeed": ("Said", "Saed"), "Khidir": ("Khider", "Khder"),
    "Tawfiq": ("Tawfik", "Taufiq"), "Rezaei": ("Rezaie", "Rezai"), "Mousavi": ("Musavi", "Moosavi"),
    "Sadeghi": ("Sadeqi",), "Ghasemi": ("Qasemi", "Ghassemi"), "Heidari": ("Haidari", "Heydari"),
    "Kazemi": ("Kazimi",), "Ebrahimi": ("Ibrahimi",), "Bagheri": ("Baqeri",), "Mirzaei": ("Mirzaie",),
    "Nouri": ("Noori", "Nuri"), "Tsiklauri": ("Ziklauri",), "Khutsishvili": ("Chuzischwili",),
    "Kvaratskhelia": ("Kwaratschelia",), "Japaridze": ("Dschaparidse",), "Chkheidze": ("Tschcheidse",),
    "Stojanovski": ("Stoyanovski",), "Redzepi": ("Rexhepi",), "Memeti": ("Mehmeti",),
    "Hoxha": ("Hodscha", "Hoxhaj"), "Xhafa": ("Xhafaj",), "Shehu": ("Sheu",),
    "Khasanov": ("Chasanow", "Hasanov"), "Dzhabrailov": ("Dschabrailow", "Jabrailov"),
    "Aliev": ("Aliyev", "Alijew"), "Magomedov": ("Magomedow",), "Musaev": ("Musayev", "Mussajew"),
    "Ceban": ("Cheban", "Tscheban"), "Turcan": ("Tsurkan",), "Cebotari": ("Chebotari",),
    "Rosca": ("Roshka",), "Jovanović": ("Jovanovic", "Jovanowitsch"), "Đorđević": ("Djordjevic",),
    "Petrović": ("Petrowitsch",), "Marković": ("Markovic", "Markowitsch"),
    "Kovačević": ("Kovacevic", "Kowatschewitsch"), "Benali": ("Ben Ali",), "Belkacem": ("Belkasem",),
    "Benaissa": ("Ben Aissa",), "Cherif": ("Sharif",), "Khelifi": ("Khalifi",), "Slimani": ("Slimane",),
    "Brahimi": ("Ibrahimi",), "Chaudhry": ("Chaudhary", "Choudhry"), "Qureshi": ("Kureshi",),
    "Hussain": ("Hussein", "Husain"), "Rehman": ("Rahman",), "Siddiqui": ("Siddiqi",),
}
GIVEN_VARIANTS: dict[str, tuple[str, ...]] = {
    "Mohammad": ("Mohammed", "Muhammad", "Mohamad"), "Mohammed": ("Mohammad", "Mohamed"),
    "Muhammad": ("Mohammad", "Muhammed"), "Mohamed": ("Mohammed", "Mohamad"),
    "Ahmad": ("Ahmed",), "Ahmed": ("Ahmad",), "Yousef": ("Yusuf", "Youssef"), "Yusuf": ("Yousef",),
    "Hussein": ("Hussain", "Hossein"), "Hossein": ("Hussein",), "Fatima": ("Fatemeh", "Fatma"),
    "Fatemeh": ("Fatima",), "Zainab": ("Zeynab",), "Davit": ("David",), "Nikoloz": ("Nikolas",),
    "Aleksandr": ("Alexander",), "Dmitri": ("Dmitrij",), "Sergei": ("Sergej",), "Yulia": ("Julia",),
    "Ekaterina": ("Jekaterina",), "Omar": ("Umar",), "Khaled": ("Khalid",), "Youcef": ("Youssef",),
}
