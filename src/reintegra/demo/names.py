"""Synthetic name lists for demo and benchmark data. Common given names and surnames of
the region, combined at random: no combination is meant to be, or to resemble, a real
person."""

ALBANIAN_MALE = [
    "Arben", "Besnik", "Blerim", "Valon", "Driton", "Fatmir", "Gent", "Ilir", "Jeton", "Kushtrim",
    "Labinot", "Lulzim", "Mentor", "Naim", "Petrit", "Ramadan", "Shkelzen", "Valmir", "Visar", "Agron",
    "Bujar", "Dardan", "Egzon", "Faton", "Granit", "Liridon", "Qëndrim", "Xhevdet", "Ylber", "Zenel",
]
ALBANIAN_FEMALE = [
    "Arbëresha", "Besa", "Blerta", "Dritë", "Donika", "Elira", "Fjolla", "Gresa", "Hana", "Shqipe",
    "Kaltrina", "Lirije", "Mimoza", "Njomza", "Rina", "Saranda", "Teuta", "Vlora", "Valbona", "Zana",
    "Ardita", "Drenusha", "Edona", "Flutura", "Jehona", "Lumnije", "Merita", "Qëndresa", "Xhylsime", "Yllka",
]
# Children born in the conflict zone were mostly given Arabic names.
CHILD_BOYS = ["Hamza", "Ibrahim", "Jusuf", "Omar", "Umar", "Ahmed", "Bilal", "Ismail", "Muhamed", "Yasin"]
CHILD_GIRLS = ["Aisha", "Amina", "Maryam", "Safije", "Zejneb", "Fatime", "Hatixhe", "Khadija", "Rukije", "Sumeja"]
ALBANIAN_SURNAMES = [
    "Krasniqi", "Gashi", "Berisha", "Morina", "Shala", "Hoxha", "Kelmendi", "Bytyqi", "Thaçi", "Rexhepi",
    "Hasani", "Ahmeti", "Musliu", "Kryeziu", "Sylejmani", "Zeqiri", "Mustafa", "Haliti", "Maliqi", "Osmani",
    "Çeku", "Xhemaili", "Qerimi", "Bajrami", "Dërmaku",
]
BOSNIAN_MALE = [
    "Adnan", "Almir", "Amir", "Edin", "Emir", "Haris", "Jasmin", "Kenan", "Mirza", "Nermin",
    "Samir", "Senad", "Tarik", "Zlatan", "Džemal", "Ćamil", "Šefik", "Đemal", "Mehmed", "Ismet",
]
BOSNIAN_FEMALE = [
    "Amela", "Amra", "Lejla", "Selma", "Emina", "Aida", "Mersiha", "Nejra", "Sanela", "Šejla",
    "Džana", "Ajla", "Edina", "Elma", "Hana", "Maida", "Merima", "Nermina", "Azra", "Belma",
]
BOSNIAN_SURNAMES = [
    "Hodžić", "Đulić", "Begić", "Delić", "Hadžić", "Husić", "Kovačević", "Mehić", "Omerović", "Šehić",
    "Ćatić", "Džafić", "Alić", "Bešić", "Čaušević", "Hasanović", "Imamović", "Mujić", "Salihović", "Žunić",
]
KUNYA_NAMES = ["Hamza", "Ubejda", "Talha", "Mus'ab", "Bera", "Hudhejfe", "Abdullah", "Zubejr", "Seid"]

CAMP_PLACES = ["al-Hawl", "Raqqa", "Mosul", "Deir ez-Zor", "Hajin", "Baghuz", "Tabqa", "Roj"]
MUNICIPALITIES = ["Prishtinë", "Prizren", "Ferizaj", "Gjilan", "Mitrovicë", "Pejë", "Gjakovë", "Kaçanik"]

# Serbian/Bosnian Latin -> Cyrillic, digraphs first: used to write about a tenth of the
# Bosnian demo names in Cyrillic, as some civil-registry records are.
_DIGRAPHS = {"Dž": "Џ", "dž": "џ", "Lj": "Љ", "lj": "љ", "Nj": "Њ", "nj": "њ"}
_LETTERS = dict(
    zip(
        "AaBbCcČčĆćDdĐđEeFfGgHhIiJjKkLlMmNnOoPpRrSsŠšTtUuVvZzŽž",
        "АаБбЦцЧчЋћДдЂђЕеФфГгХхИиЈјКкЛлМмНнОоПпРрСсШшТтУуВвЗзЖж",
        strict=True,
    )
)


def to_cyrillic(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _DIGRAPHS:
            out.append(_DIGRAPHS[pair])
            i += 2
            continue
        out.append(_LETTERS.get(text[i], text[i]))
        i += 1
    return "".join(out)
