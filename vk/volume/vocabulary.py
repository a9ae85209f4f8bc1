"""Fictional words for generated data: name material, places, organisations, short texts.

Names are built from parts, never listed as people: `vk/volume/names.py` combines the
particles, stems and suffixes below into tens of thousands of fictional surnames per
origin and the first names below into spelling variants and compound names, and
weights them long-tailed (a few common names, a very long tail), as names are spread
in Flanders. Any combination that happens to be someone's name is a coincidence.

The origins are those of families in Flanders and Brussels: Flemish, French-speaking,
Moroccan, Turkish, Polish, Romanian, Congolese, Italian and Iberian. A family draws
one origin; its surnames come from that origin, its first names mostly too.

Every text here is free of tabs, newlines and backslashes (COPY-safe); accents and
particles are kept (name matching folds them).
"""

from __future__ import annotations

type Weighted = tuple[tuple[str, float], ...]  # (text, weight) pairs
type Pattern = tuple[float, Weighted, tuple[str, ...], Weighted]  # see SURNAME_PATTERNS


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words, most common first."""
    return tuple(text.split())


def _combined(firsts: str, seconds: str) -> tuple[str, ...]:
    """Every first part joined to every second part, the most common pairs first (the
    pair of the i-th and j-th parts ranks by i + j)."""
    a, b = _words(firsts), _words(seconds)
    pairs = sorted(((i + j, i), x + y) for i, x in enumerate(a) for j, y in enumerate(b))
    return tuple(name for _rank, name in pairs)


def _weighted(text: str) -> Weighted:
    """'Van :1|Vande:.2|:.3' → (("Van ", 1.0), ("Vande", 0.2), ("", 0.3)).

    A particle ending in a space stands apart ("Van den Broeck"); one without is
    written together with the stem ("Vandenbroeck")."""
    parts = (item.rsplit(":", 1) for item in text.split("|"))
    return tuple((part, float(weight)) for part, weight in parts)


def _pattern(weight: float, particles: str, stems: tuple[str, ...], suffixes: str) -> Pattern:
    return (weight, _weighted(particles), stems, _weighted(suffixes))


# Origins -------------------------------------------------------------------------------

# Share of the families (the reported families of the centres, Brussels included).
ORIGIN_SHARES = {
    "flemish": 0.72,
    "french": 0.06,
    "moroccan": 0.08,
    "turkish": 0.04,
    "polish": 0.025,
    "romanian": 0.025,
    "congolese": 0.02,
    "italian": 0.015,
    "iberian": 0.015,
}
# Share of first names a family takes from its own origin's names; the rest are
# Flemish or international names (Emma, Adam, Lina …) common to every origin.
OWN_FIRST_NAMES = {
    "flemish": 1.0,
    "french": 0.75,
    "moroccan": 0.85,
    "turkish": 0.8,
    "polish": 0.7,
    "romanian": 0.7,
    "congolese": 0.75,
    "italian": 0.6,
    "iberian": 0.6,
}


# Surnames ------------------------------------------------------------------------------
# Per origin, patterns of (weight, particles, stems, suffixes): a surname is particle +
# stem + suffix. Stems are ranked (most common first); `_combined` stems join every
# first part to every second part.

_PATRONYMIC_STEMS = _words(
    """Peeter Janssen Maes Jacob Merten Willem Claes Goossen Wouter Herman Aert Michiel
    Steven Hendrick Geert Lenaert Thys Nys Gielen Lambrecht Joris Cornelis Adriaen Daneel
    Govaert Huybrecht Lieven Maerten Mathys Philips Reynier Robrecht Rombout Servaes
    Symoen Teunis Wauter Gysbrecht Coppen Lemmen Meeus Goris Joos Kersten Bartel Gillis
    Clement Dierick Everaert Franck Gheeraert Gysel Lodewyck Nicolaes Quinten Remmen
    Thomaes Wynant Aernout Bauwen Crispyn Dillen Eelen Gommer Heylen Anthoon Boudewyn
    Christiaen Domien Engel Frans Gijsen Hubert Jooris Lauwer Machiel Noppen Olivier
    Pauwel Rutger Seger Tielen Vincken Willaer"""
)
_DESCRIPTIVE_STEMS = _words(
    """Smet Backer Clercq Vos Cock Meyer Wilde Coster Brabander Bruyne Keyser Wolf Winter
    Groote Witte Rycke Baets Mey Paepe Schepper Vleeschouwer Wever Cuyper Decker Ridder
    Koninck Graeve Jonghe Schryver Maere Neve Pauw Vriendt Bock Haene Hondt Lange Muynck
    Roo Sutter Taeye Vuyst Waele Ceuster Beule Boeck Bruycker Buck Caluwe Craene Deken
    Geyter Greef Kimpe Kesel Landtsheer Loore Mulder Nolf Prins Raedt Rouck Saedeleer
    Schutter Spiegeleer Temmerman Troyer Vlieger Wachter Weerdt Wit Zutter Bie Blauwe
    Brouwer Cat Coene Corte Craecker Doncker Feyter Graef Haes Hertog Jaeger Kok Kuyper
    Lathouwer Leeuw Letter Meester Molder Munck Naeyer Poorter Reu Ruyck Schaepdryver
    Sloover Staercke Turck Veirman Visscher Vlaminck Vogelaere Volder Wulf Bakker Bosscher
    Dapper Gruyter Hauwere Jaegher Kerpel Metsenaere Nutte Pape Ryck Schamp Swaef Tender
    Ville Zwaef"""
)
_PLACE_STEMS = _words(
    """Damme Acker Hove Looy Dyck Hecke Laere Roy Hoof Camp Gorp Goethem Steen Daele Putte
    Walle Berghe Velde Broeck Bossche Linden Meulen Eynde Heyden Poel Straeten Hoecke
    Kerckhove Wiele Gucht Vyver Driessche Hauwe Nuffel Overbeke Parys Wesemael Houtte
    Landeghem Hulle Moortel Beke Borre Eeckhout Aken Asch Bael Belle Biesen Bogaert
    Caeneghem Cauwenberghe Coillie Dorpe Duyse Eeckhaute Elst Geel Genechten Gils Hamme
    Haute Hemelryck Herck Hoeck Impe Isterdael Kerckhoven Lancker Leemput Loock Maele Meir
    Mol Nieuwenhove Oost Peteghem Poucke Raemdonck Reeth Rompaey Ryckeghem Schoor Severen
    Spauwen Stappen Thienen Tichelen Vaerenbergh Waeyenberghe Wassenhove Zele Zandt Bulck
    Dessel Doorne Gestel Holsbeke Kets Lierde Ooteghem Praet Roosbroeck Sande Vlasselaer
    Wynendaele"""
)
_PLACE_COMPOUNDS = _combined(
    """Steen Kerck Hooge Molen Oost West Noord Zuyd Eecke Hasse Linde Beeck Dries Roose
    Mere Nieuwen Oude Wilde Bosch Brou Cauwen Heyde Hamme Hoeve Laer Mael Meer Berck Ghel
    Dender Leye Poper Roe Sleyp""",
    """hove berghe velde damme acker houtte kerke broeck beke hoven straete daele putte
    kiste poele brugge dycke meersch laere zande wege linde heyde ghem zele loo donck
    hem""",
)
_VER_STEMS = _words(
    """meulen haeghe beke straete hoeven schueren helst bist voort meersch bruggen linden
    cammen donck hulst graeve steele plancke poorten rycke sluys cauteren haegen heyen
    mote eecke ellen ghote hamme hasselt laecke lee mandel moortel naeghel poucke ryssel
    schaeve schelde steghe tommen vaecke wilghen"""
)
_NICKNAME_STEMS = _words(
    """Huys Bos Lem Wuyt Luyt Boeck Beck Stoff Schep Cuyp Bauw Raes Host Moen Call Mort
    Goethal Will Heyl Bast Tack Hoeb Gheys Meir Bruyn Coen Claer Dier Ghys Leys Meul
    Pauw Roel Seg Soet Thier Vaes Wyn Bog Lamb Coll Hen Berck Mees Cleem Brou Dael Fier
    Goor Haes Kuyl Loos Mich Oost Reyn Schoon Sneyer Staes Tem Vlem Wael Baud Bult Cnudd
    Eyck Gheld Hoog Kein Lauw Meers Nev Pott Rooms Sieb Thoel"""
)

SURNAME_PATTERNS: dict[str, tuple[Pattern, ...]] = {
    "flemish": (
        _pattern(0.30, ":1", _PATRONYMIC_STEMS, "s:1|:.3|sen:.2|se:.12|ens:.1"),
        _pattern(0.20, "De :1|:.45|De:.3", _DESCRIPTIVE_STEMS, ":1|s:.25"),
        _pattern(
            0.30,
            "Van :1|Van de :.45|Van den :.45|Van der :.25|Van:.25|Vande:.2|Vanden:.2|Vander:.12",
            _PLACE_STEMS + _PLACE_COMPOUNDS,
            ":1",
        ),
        _pattern(0.08, "Ver:1", _VER_STEMS, ":1|s:.15|e:.08|n:.06"),
        _pattern(
            0.12,
            ":1",
            _NICKNAME_STEMS,
            "aert:1|aerts:.8|mans:.7|man:.5|ens:.6|kens:.35|ick:.3|ickx:.25|ynck:.2|els:.2|"
            "el:.15|ier:.15|ijn:.12|inck:.12|eghem:.1|ghem:.08|ert:.1|ers:.15|eels:.1|ekens:.08",
        ),
    ),
    "french": (
        _pattern(
            0.45,
            "Du:1|Le:.6|La:.3|De:.3|Des:.1|Dela:.1",
            _words(
                """Bois Pont Mont Fèvre Clercq Roy Comte Blanc Moulin Champ Chêne Val Lac Fort
                Mas Motte Rue Croix Four Pré Bec Brun Gros Jardin Maire Marais Puis Roux Sart
                Tilleul Vivier Château Hayon Fosse Rieux Bosquet Prez Mesnil Fays Ry Haye
                Bruyère"""
            ),
            ":1|s:.15",
        ),
        _pattern(
            0.55,
            ":1",
            _words(
                """Mor Ren Gir Lamb Mart Bern Bert Franç Gill Henr Lecl Mich Rich Rob Sim Thom
                Vinc Coll Dur Fauc Guill Jacqu Laur Marc Pierr Rous Chev Bour Charl Cout Delh
                Dess Ferr Gauth Gob Hub Jasp Lej Mag Mass Pir Rem Roch Thir Wauth Mathi Lem"""
            ),
            "eau:1|et:1|ier:.8|in:.8|on:.7|ard:.6|ot:.5|y:.4|elle:.3|ert:.3|aux:.2|is:.2|"
            "ain:.2|ès:.1|ez:.15|ent:.15|ant:.15",
        ),
    ),
    "moroccan": (
        _pattern(
            1.0,
            "El :1|:.9|Ben :.35|Bou:.3|El:.15|Aït :.12|Ou:.1|Al :.1",
            _combined(
                """Am Id Khat Had Az Bak Tah Mans Al Chaou Kad Ghaz Har Jab Kar Lah Mah Naj
                Rahm Sa Talb Yah Zer Akh Bel Bouch Cherk Dahm Fad Ham Kham Lamr Mark Mess
                Moust Nad Rach Sadd Sliman Zaar Zah Our Maz Ouar Sell Tam Jell Hajj Fill""",
                """rani idi ati ari ouni aoui ani ach ouch ssi hmi dani kili bi ri ouki ali
                ouali ich imi abi""",
            ),
            ":1",
        ),
    ),
    "turkish": (
        _pattern(
            1.0,
            ":1",
            _combined(
                """Yıl Kay Dem Çel Öz Ak Kara Ay Gün Şah Kılıç As Doğ Ar Er Tür Bay Koç Pol
                Taş Kurt Yıldır Ert Yüc Sarı Kap Bul Çak Güle Kes Kork Tek Uç Ac Çet Dum
                Erd Kılın Son Tun Ün Yav Yurt Boz Gök Altın Okur""",
                "maz türk kaya soy oğlu can han gül dağ taş bulut demir kan dın ak ağa",
            ),
            ":1",
        ),
    ),
    "polish": (
        _pattern(
            1.0,
            ":1",
            _words(
                """Kowal Now Wiśniew Kamiń Lewandow Zieliń Szymań Dąbrow Kozłow Jankow Kwiatkow
                Piotrow Grabow Pawłow Jabłoń Majew Olszew Malinow Witkow Rutkow Ostrow Tomaszew
                Zalew Wróblew Jasiń Marcinkow Zawad Chmielew Sob Krawc Wojc Mazur Baran Sikor
                Pietrz Walcz Adamc Szewc Dud Pawl Michal Wieczor Gór Lis Kub Bartk Czarn Kacz
                Kopc Łuk Pol Rud Sadow Stan Such Tarn Urb Zaj"""
            ),
            "ski:1|ska:.9|ak:.5|cki:.4|ek:.4|cka:.35|czyk:.3|wicz:.3|iak:.25|ik:.2|uk:.15",
        ),
    ),
    "romanian": (
        _pattern(
            1.0,
            ":1",
            _words(
                """Pop Ion Dumitr Stan Constantin Gheorgh Rad Munt Stoic Nicol Mar Flor Tudor
                Din Lazăr Mate Barb Crist En Mih Vasil Pred Anghel Tom Dobr Neag Opr Iordach
                Rus Sand Moldov Cioban Diacon Gavril Ili Manol Năst Olt Păun Sârb Tănas Ungur
                Vlad Zamfir"""
            ),
            "escu:1|eanu:.7|u:.4|a:.3|ea:.3|ică:.2|aru:.2|ache:.15|oiu:.1",
        ),
    ),
    "congolese": (
        _pattern(
            1.0,
            ":1",
            _combined(
                """Mbu Kaba Ilu Tshi Mu Nga Lu Ka Ngo Ma Ki Nku Bo Kalo Mwa Nzu Lo Bi Kise
                    Muke Ngan Tsho Kaze Lum Mak Mpi Nsi Ke Ban Ya""",
                """yi ngo mba nda lunga ala ombo unga isi ele ndu bila kenda landa kolo mbe
                    nzi sa nga yo mbi ta""",
            ),
            ":1",
        ),
    ),
    "italian": (
        _pattern(
            1.0,
            ":1|Di :.2|De :.15|La :.05|Lo :.04",
            _words(
                """Ross Russ Ferr Espos Bianch Roman Colomb Ricc Marin Grec Brun Gall Cont Luc
                Manc Cost Giord Rizz Lombard Morett Barb Font Santor Marian Rinald Carus
                Ferrar Long Gentil Martin Vital Serr Coppol Sant Angel March Paris Vill Fabbr
                Bianc Nicol Caput Fior Pugl Sorrent Amat Valent Orland Silvestr Palm"""
            ),
            "i:1|o:.8|elli:.4|ini:.35|etti:.3|one:.2|ucci:.15|ello:.15|ino:.15|ano:.15|"
            "ese:.1|ari:.1",
        ),
    ),
    "iberian": (
        _pattern(
            1.0,
            ":1|Dos :.1|Da :.08|De :.05",
            _words(
                """Sant Silv Ferreir Pereir Oliveir Cost Rodrigu Martin Fernand Gonçalv Gom Lop
                Marqu Alv Almeid Ribeir Pint Carvalh Teixeir Mor Sous Mend Nun Soar Vieir Garc
                Sánch Pér Gonzál Hernánd Jimén Ruiz Díaz Álvar Moren Muñ Romer Navarr Torr
                Domingu Vázqu Ramír Serran Blanc Suár Molin Castr Rubi Marín Iglesi"""
            ),
            "os:1|a:.8|o:.7|es:.6|ez:.6|as:.2|eira:.1",
        ),
    ),
}

# How surnames are also written, per origin: "old>new:share" (the other spelling weighs
# this share of the first); "^" anchors at the start, "$" at the end.
SURNAME_SPELLINGS = {
    "flemish": _weighted(
        "ae>aa:.15|ck>k:.2|y>ij:.15|ij>y:.2|dt>d:.2|dt>t:.1|gh>g:.15|ey>ei:.15|^C>K:.1"
    ),
    "french": _weighted("y>i:.1|ier$>iers:.1"),
    "moroccan": _weighted("ou>u:.15|ch>sh:.05|kh>k:.1|i$>y:.05"),
    "congolese": _weighted("ngo$>ngu:.1|mb>b:.05"),
}
# Accents are often left out, in surnames and first names alike.
UNACCENTED = _weighted(
    "ı>i:.3|ş>s:.3|ç>c:.3|ö>o:.3|ü>u:.3|ğ>g:.3|ś>s:.3|ń>n:.3|ł>l:.3|ą>a:.3|ó>o:.3|ă>a:.3|"
    "ș>s:.3|ț>t:.3|â>a:.3|è>e:.3|é>e:.4|ë>e:.4|ï>i:.4|ê>e:.3|á>a:.3|í>i:.3"
)

# First names ---------------------------------------------------------------------------
# Per origin and pool (girls and boys: children; women and men: adults), most common
# first. Spellings and compounds (Anne-Sophie, Pieter-Jan) are added by names.py.

FIRST_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "flemish": {
        "girls": _words(
            """Emma Olivia Louise Mila Alice Juliette Elena Marie Lina Noor Nora Ella Sofia
            Lou Hanne Julie Fien Lotte Amélie Camille Anna Yasmine Lisa Eva Laura Ines Noa Zoë
            Liv Lena Sara Nina Charlotte Jade Elise Mona Febe Lore Kato Marthe Lieze Renée
            Maëlle Chloë Floor Manon Saar Estée Janne Jolien Ada Aline Amber Anaïs Anouk
            Axelle Bo Britt Cato Célie Claire Clara Eline Elin Elisa Emily Emilia Esther
            Eléonore Fleur Flore Frauke Gitte Hannah Helena Ine Iris Isa Jana Jill Jinthe
            Josephine Julia Juna Kiara Lana Lara Laure Léa Lien Lies Lieke Lilly Linde Lisse
            Loïs Lucie Luna Lynn Maité Margot Marit Maya Merel Mia Mirthe Nele Nella Nienke
            Nore Oona Paulien Pauline Rosa Roos Romy Ruth Silke Sterre Suzanne Tess Tessa Tine
            Tiana Vera Victoria Yara Zita Sophie Amelia Lise Hailey Roosje Jasmijn"""
        ),
        "boys": _words(
            """Noah Arthur Louis Liam Adam Lucas Jules Finn Victor Leon Lars Matteo Vic Gust
            Mathis Nathan Warre Seppe Wout Kobe Lander Senne Stan Rune Ferre Thibo Emiel Mauro
            Robbe Jasper Milan Daan Tuur Felix Otis Luca Jens Brent Sem Tijs Cas Lowie Mats Raf
            Bas Niels Jorre Kiran Noé Aaron Alexander Amaury Anton Arne Axel Bram Cédric
            Cyriel Dries Elias Ernest Ethan Ferdinand Florian Georges Gilles Hugo Jack Jarne
            Jef Jonas Jorn Julien Kasper Lenn Leo Lewis Lorenz Lukas Manu Marcel Maurice Max
            Maxim Miel Mil Nand Nils Olivier Oscar Pepijn Pieter Quinten Remi Rik Roel Ruben
            Simon Stijn Sander Teun Thomas Tibo Tim Toon Vince Wannes Xander Yorben Zeno Bent
            Briek Cor Dylan Ilian Jayden Jelle Joren Lennert Lucien Mathias Michiel Nico Rafael
            Siebe Storm Sven Tristan Viktor Wolf"""
        ),
        "women": _words(
            """Sarah An Els Katrien Sofie Nathalie Veerle Inge Kim Tine Ann Lies Evelien Griet
            Nancy Karen Sandra Hilde Leen Eline Caroline Barbara Ellen Joke Kristel Martine
            Vanessa Annelies Valérie Mieke Ilse Heidi Liesbeth Nele Anja Annick Astrid Bieke
            Carine Charlotte Christel Christine Cindy Dominique Elke Emmy Eva Evi Femke Gerda
            Greet Hanne Ingrid Isabelle Jessica Joyce Julie Karolien Kathleen Katleen Kelly
            Kristien Lieve Linda Lisa Lotte Marijke Marleen Melissa Miranda Mireille Monique
            Myriam Nadine Natasja Patricia Rita Sabine Sandy Sara Sharon Sigrid Sylvie Sonja
            Stefanie Tamara Tinne Tania Vicky Wendy Yolanda Anke Birgit Daisy Debbie Delphine
            Ellen Fabienne Goedele Hannelore Jolien Kaat Leentje Magali Nathalie Peggy Saskia"""
        ),
        "men": _words(
            """Kevin Tom Bart Pieter Jan Wim Kristof Dirk Steven Peter Frederik Nico Koen Johan
            Geert Tim Sven Davy Glenn Jurgen Stijn Filip Bert Thomas Gert Wouter Dries Bram
            Joris Hans Luc Marc Patrick Jeroen Alain Andy Benny Bjorn Brecht Christophe Danny
            Dieter Erik Frank Gunther Guy Hendrik Jo Jonas Joost Kenny Kurt Lieven Maarten
            Mario Mathias Michaël Nick Nicolas Olivier Paul Philippe Raf Rudi Ruben Sam
            Sebastiaan Serge Simon Stefaan Tijs Toon Vincent Ward Werner Wesley Yves Tijl Ivo
            Hugo Karel Lode Arne Bavo Ben Carl Dimitri Emmanuel Gilles Gregory Ian Jens Kris
            Lars Mathieu Niels Pascal Pim Rob Robin Ronny Sander Tony Vic Wout Xavier"""
        ),
    },
    "french": {
        "girls": _words(
            """Léa Chloé Camille Manon Inès Jade Louise Zoé Lucie Clara Juliette Margaux Romane
            Élise Anaïs Célia Mathilde Pauline Océane Maëlys Alix Apolline Capucine Agathe
            Victoire Eloïse Constance Héloïse"""
        ),
        "boys": _words(
            """Louis Nathan Lucas Hugo Arthur Gabriel Théo Jules Raphaël Mathéo Tom Maxime Noah
            Antoine Baptiste Clément Thomas Simon Romain Quentin Axel Martin Valentin Corentin
            Timothée Augustin Grégoire"""
        ),
        "women": _words(
            """Nathalie Isabelle Sylvie Catherine Valérie Sandrine Véronique Christine
            Stéphanie Céline Anne Martine Françoise Dominique Patricia Murielle Florence
            Virginie Caroline Sophie Aurélie Geneviève Béatrice Laurence Chantal Brigitte"""
        ),
        "men": _words(
            """Philippe Pierre Jean Michel Alain Christophe Olivier Laurent Stéphane Frédéric
            Thierry Didier Pascal Vincent Benoît Sébastien Jérôme Nicolas Fabrice Éric Luc
            Bernard Daniel François Jacques Marc"""
        ),
    },
    "moroccan": {
        "girls": _words(
            """Amira Yasmine Salma Aya Hajar Aïcha Nour Malak Imane Ikram Rania Sara Lina Ines
            Hiba Douae Maryam Assia Chaïma Houda Kawtar Lamia Nada Oumaïma Rim Safae Soukaina
            Wiam Yousra Zineb Hafsa Khadija Meryem Ilham Nisrine Sanae Siham Layla Ghizlane
            Aya Basma Dounia Hanae Jihane Loubna Manal Najoua Rajae Sabrina Widad"""
        ),
        "boys": _words(
            """Mohamed Adam Rayan Bilal Ilias Ayoub Yusuf Ibrahim Omar Amine Anas Hamza Yassine
            Zakaria Mehdi Younes Ismaïl Ilyas Karim Nassim Othmane Saïd Soufiane Walid Youssef
            Hicham Idriss Badr Amir Aymane Nabil Samir Tarik Reda Achraf Marouane Jamal Khalid
            Rachid Adnan Ali Anouar Ayman Imran Mourad Nordin Sami Tayeb Zakariya"""
        ),
        "women": _words(
            """Fatima Nadia Khadija Saïda Naïma Rachida Malika Samira Latifa Karima Hanane Souad
            Hafida Fatiha Zohra Amina Loubna Meryem Najat Zakia Habiba Jamila Leila Nora Hayat
            Ilham Farida Siham Bouchra Rabia Aïcha Hakima Hanan Mina Mounia Nezha Rkia Sanae
            Touria Yamina"""
        ),
        "men": _words(
            """Mohammed Mohamed Ahmed Youssef Mustafa Karim Abdel Hassan Hicham Rachid Driss
            Said Khalid Mimoun Abdelkader Brahim Jamal Ali Abdelaziz Omar Aziz Nordin
            Noureddine Mourad Azzedine Abdellah Hamid Lahcen Mostafa Samir Abderrahim Bachir
            Fouad Hamza Larbi Miloud Redouane Tarik Yassin Zouhair"""
        ),
    },
    "turkish": {
        "girls": _words(
            """Elif Zeynep Ecem Ela Azra Defne Ayşe Eylül Nisa Zehra Büşra Merve Esra Meryem
            İrem Melisa Asya Beyza Yağmur Ceylin Hira Kübra Nehir Öykü Sude Ebrar Miray
            Nazlı"""
        ),
        "boys": _words(
            """Yusuf Emir Mustafa Ömer Eymen Kerem Ali Ahmet Berat Efe Mert Arda Baran Burak
            Emre Enes Eren Furkan Hakan Kaan Mehmet Alperen Yiğit Çınar Taha Oğuz Selim Batuhan
            Kuzey"""
        ),
        "women": _words(
            """Ayşe Fatma Emine Hatice Zeynep Elif Özlem Gül Sevgi Hülya Dilek Serpil Nurcan
            Songül Derya Esra Filiz Gülsen Canan Sibel Yasemin Meltem Aysel Nermin Şükran
            Havva"""
        ),
        "men": _words(
            """Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Murat Osman Ramazan Yusuf Halil
            Kemal Fatih Serkan Erdal Orhan Cengiz Levent Recep Selim Volkan Tolga Uğur Erkan
            Süleyman"""
        ),
    },
    "polish": {
        "girls": _words(
            """Zuzanna Julia Maja Zofia Hanna Lena Alicja Maria Amelia Oliwia Wiktoria Natalia
            Aleksandra Nikola Weronika Gabriela Karolina Kinga"""
        ),
        "boys": _words(
            """Antoni Jan Jakub Aleksander Franciszek Szymon Filip Mikołaj Wojciech Kacper
            Stanisław Adam Michał Bartosz Igor Oskar Maciej"""
        ),
        "women": _words(
            """Anna Katarzyna Małgorzata Agnieszka Barbara Ewa Krystyna Magdalena Joanna Monika
            Dorota Beata Iwona Marta Justyna Renata Grażyna"""
        ),
        "men": _words(
            """Piotr Krzysztof Andrzej Tomasz Paweł Marcin Michał Grzegorz Łukasz Jakub Adam
            Dariusz Mariusz Rafał Wojciech Bartłomiej Sławomir"""
        ),
    },
    "romanian": {
        "girls": _words(
            """Maria Ioana Elena Andreea Alexandra Daria Sofia Ana Bianca Eva Antonia Ilinca
            Teodora Irina Miruna Denisa"""
        ),
        "boys": _words(
            """Andrei David Alexandru Ștefan Gabriel Luca Matei Ionuț Mihai Darius Vlad Rareș
            Tudor Cristian Radu Sebastian"""
        ),
        "women": _words(
            """Elena Maria Ioana Mihaela Andreea Cristina Ana Gabriela Alina Daniela Florentina
            Georgiana Nicoleta Ramona Simona Loredana"""
        ),
        "men": _words(
            """Ion Gheorghe Constantin Alexandru Dumitru Vasile Nicolae Mihai Andrei Florin
            Marius Cristian Daniel Ionel Adrian Costel Bogdan"""
        ),
    },
    "congolese": {
        "girls": _words(
            """Grâce Merveille Divine Exaucée Gloria Princesse Esther Ruth Christelle Dorcas
            Naomie Bénie Précieuse Rebecca Océane Sarah Emmanuella Josiane Joyce Plamedie"""
        ),
        "boys": _words(
            """Emmanuel Christ Exaucé Glody Merveil Divin Junior Israël Josué Samuel Gédéon
            Prince Jonathan Elie Daniel Bienvenu Dieumerci Trésor Héritier David"""
        ),
        "women": _words(
            """Nadège Pascaline Chantal Jeanne Mireille Bernadette Solange Béatrice Clarisse
            Odette Pauline Véronique Francine Annie Agathe Alphonsine Huguette Jeannette"""
        ),
        "men": _words(
            """Jean Pierre Joseph Patrick Didier Serge Papy Pascal Faustin Trésor Freddy Blaise
            Félicien Albert Christian Guy Alain Dieudonné"""
        ),
    },
    "italian": {
        "girls": _words(
            """Giulia Sofia Aurora Alice Ginevra Emma Giorgia Beatrice Greta Chiara Martina
            Francesca Elisa Sara Matilde Bianca Gaia Ludovica"""
        ),
        "boys": _words(
            """Leonardo Francesco Alessandro Lorenzo Mattia Andrea Gabriele Tommaso Riccardo
            Edoardo Matteo Giuseppe Luca Marco Antonio Giovanni Salvatore Nicola Dario"""
        ),
        "women": _words(
            """Maria Anna Giuseppina Rosa Angela Giovanna Teresa Lucia Carmela Francesca Rita
            Antonella Patrizia Cinzia Daniela Silvia Paola Sabrina Laura"""
        ),
        "men": _words(
            """Giuseppe Giovanni Antonio Mario Luigi Francesco Angelo Vincenzo Pietro Salvatore
            Carlo Franco Domenico Bruno Paolo Michele Giorgio Aldo Sergio Fabio Roberto"""
        ),
    },
    "iberian": {
        "girls": _words("Lucía Martina Sofía Valentina Inês Beatriz Mariana Carolina Ana Daniela"),
        "boys": _words("Mateo Hugo Martín Diego Santiago Tiago João Rodrigo Miguel Pedro"),
        "women": _words("María Carmen Ana Isabel Rosa Manuela Fernanda Cristina Sandra Paula"),
        "men": _words("José Antonio Manuel Francisco Carlos Javier João Rui Paulo Jorge"),
    },
}

# The first parts of compound names per origin and pool (Anne-Sophie, Pieter-Jan,
# Fatima-Zahra, Jean-Claude); the second part is one of the pool's common names.
COMPOUND_FIRST_PARTS: dict[str, dict[str, tuple[str, ...]]] = {
    "flemish": {
        "girls": _words("Anne Marie Ann Lies Eva"),
        "boys": _words("Pieter Jan Karel"),
        "women": _words("Anne Marie Ann Lies"),
        "men": _words("Jan Pieter Karel"),
    },
    "french": {
        "girls": _words("Marie Anne"),
        "boys": _words("Jean Louis"),
        "women": _words("Marie Anne"),
        "men": _words("Jean Pierre"),
    },
    "moroccan": {
        "girls": _words("Fatima"),
        "boys": _words("Mohamed"),
        "women": _words("Fatima"),
        "men": _words("Mohamed"),
    },
    "congolese": {
        "girls": _words("Marie"),
        "boys": _words("Jean"),
        "women": _words("Marie"),
        "men": _words("Jean"),
    },
}
# How first names are also written, as for SURNAME_SPELLINGS.
FIRST_NAME_SPELLINGS = _weighted(
    "ph>f:.3|y>i:.15|th>t:.2|c>k:.15|ine$>ien:.25|ien$>ine:.2|a$>ah:.05|ah$>a:.3|^Y>J:.15|"
    "ou>u:.15|ll>l:.1|nn>n:.1|tt>t:.1|ss>s:.15|mm>m:.1|ij>y:.1|ie$>y:.05"
)

STREETS = [
    "Kerkstraat",
    "Stationsstraat",
    "Schoolstraat",
    "Molenstraat",
    "Dorpsstraat",
    "Nieuwstraat",
    "Kapelstraat",
    "Beekstraat",
    "Veldstraat",
    "Lindenlaan",
    "Kouter",
    "Markt",
    "Hoogstraat",
    "Bergstraat",
    "Meersstraat",
    "Brugstraat",
    "Populierenlaan",
    "Eikenlaan",
    "Kastanjelaan",
    "Grote Baan",
    "Steenweg",
    "Heirweg",
    "Rozenstraat",
    "Tuinwijk",
    "Parklaan",
    "Blokstraat",
    "Akkerstraat",
    "Kloosterstraat",
]

CITIES = {
    "antwerpen": ["Antwerpen", "Mechelen", "Turnhout", "Lier", "Geel", "Mol", "Boom", "Schoten"],
    "limburg": ["Hasselt", "Genk", "Sint-Truiden", "Tongeren", "Lommel", "Beringen", "Bilzen"],
    "oost-vlaanderen": ["Gent", "Aalst", "Sint-Niklaas", "Dendermonde", "Lokeren", "Eeklo"],
    "west-vlaanderen": ["Brugge", "Kortrijk", "Oostende", "Roeselare", "Ieper", "Waregem"],
    "vlaams-brabant": ["Leuven", "Vilvoorde", "Halle", "Aarschot", "Tienen", "Zaventem"],
    "brussel": ["Brussel", "Anderlecht", "Schaarbeek", "Molenbeek", "Jette", "Elsene"],
}

ORGANISATIONS = [
    "Basisschool De Regenboog",
    "Vrije Basisschool Sint-Jozef",
    "Atheneum",
    "CLB GO!",
    "Vrij CLB",
    "Kind en Gezin",
    "Huis van het Kind",
    "CAW",
    "OCMW",
    "Centrum Geestelijke Gezondheidszorg",
    "Huisartsenpraktijk",
    "Kinderdagverblijf De Vlinder",
    "Politiezone",
    "Jeugdhulp",
    "Ziekenhuis, dienst pediatrie",
    "Thuisbegeleidingsdienst",
    "Dagcentrum",
    "JAC",
    "Onthaalouder",
]

WORRY_OPENINGS = (
    "School meldt dat het kind vaak met blauwe plekken komt.",
    "De leerkracht merkt dat het kind zich terugtrekt en weinig eet.",
    "Buren horen 's avonds regelmatig hevige ruzies in het gezin.",
    "Het kind vertelde aan de CLB-medewerker dat het thuis geslagen wordt.",
    "De huisarts maakt zich zorgen over de verzorging van de baby.",
    "Moeder belt zelf: zij voelt zich overbelast en vreest de controle te verliezen.",
    "De kinderopvang ziet verwaarlozing: vuile kleren, honger, vaak ziek.",
    "Het kind heeft een verhaal verteld dat op seksueel grensoverschrijdend gedrag wijst.",
    "Er is sprake van partnergeweld waarbij de kinderen aanwezig zijn.",
    "Een tiener is weggelopen en wil niet meer naar huis.",
    "Vader is opgenomen; de zorg voor de kinderen is onduidelijk.",
    "Grootmoeder maakt zich zorgen over alcoholgebruik van beide ouders.",
)
WORRY_DETAILS = (
    "De zorgen bestaan al enkele maanden.",
    "Eerdere hulp werd stopgezet.",
    "Er zijn meerdere kinderen in het gezin.",
    "De aanmelder heeft de ouders nog niet aangesproken.",
    "De ouders staan open voor een gesprek.",
    "Het gezin is gekend bij een andere dienst.",
    "De aanmelder wenst advies over de volgende stap.",
    "Er is geen netwerk rond het gezin.",
)

CONVERSATION_SUMMARIES = (
    "Kennismakingsgesprek met beide ouders over de zorgen van de school.",
    "Gesprek met moeder alleen; zij vertelt over de spanningen thuis.",
    "Huisbezoek: de woning is op orde, de kinderen waren aanwezig.",
    "Gesprek met het kind op school, in aanwezigheid van de CLB-medewerker.",
    "Telefonisch contact met vader over de afspraken van vorige week.",
    "Opvolggesprek: de afspraken lopen, de ouders vragen meer ondersteuning.",
    "Gesprek over het veiligheidsplan en wie het gezin kan helpen.",
    "Netwerkgesprek met grootouders en een buurvrouw.",
    "Gesprek met de jongere over wat zij zelf wil.",
    "Slechtnieuwsgesprek: de ouders zijn het niet eens met de inschatting.",
)
OBSERVATIONS = (
    "",
    "Het kind oogde rustig en speelde ontspannen.",
    "Moeder was emotioneel maar constructief.",
    "Vader kwam niet naar de afspraak.",
    "De ouders erkennen de zorgen gedeeltelijk.",
    "",
)
PARTICIPANTS = (
    "moeder, vader",
    "moeder",
    "vader",
    "moeder, kind",
    "kind, CLB-medewerker",
    "ouders, grootmoeder",
    "moeder, nieuwe partner",
)
LEARNED = (
    "De school bevestigt de afwezigheden en de vermoeidheid van het kind.",
    "De huisarts zag het kind recent; geen letsels vastgesteld.",
    "Het CLB volgt het gezin al een jaar op.",
    "De thuisbegeleidingsdienst start volgende maand.",
    "De politie kreeg eerder een melding van burengerucht.",
    "Kind en Gezin kent het gezin van de consultaties.",
)
PROFESSIONALS = (
    "huisarts",
    "leerkracht",
    "CLB-medewerker",
    "maatschappelijk werker",
    "wijkagent",
    "verpleegkundige Kind en Gezin",
    "psychiater",
    "zorgcoördinator",
)
TEAM_QUESTIONS = (
    "Is er voldoende veiligheid om vrijwillig verder te werken?",
    "Welke hulp stellen we voor aan het gezin?",
    "Kunnen we het dossier afsluiten?",
    "Is de MaNo-verwijzing ontvankelijk?",
)
TEAM_DECISIONS = (
    "Het team stelt voor om met het gezin een hulpverleningsvoorstel op te maken.",
    "Het team besluit het dossier af te sluiten: de hulp is overgedragen.",
    "Het team besluit de verkenning verder te zetten met een huisbezoek.",
    "Het team beslist dat hulp maatschappelijk noodzakelijk is.",
)
RATIONALES = (
    "De ouders werken mee en het netwerk is betrokken.",
    "De risico's zijn afgenomen; de school volgt verder op.",
    "De zorgen blijven ernstig en de ouders zijn ambivalent.",
)
SERVICES = (
    "Thuisbegeleidingsdienst",
    "CGG, kinder- en jeugdwerking",
    "CAW, gezinsondersteuning",
    "Dagcentrum",
    "Kinderpsychiater",
    "Opvoedingswinkel",
    "Contextbegeleiding",
)
GOALS = (
    "Het kind voelt zich veilig thuis; de ouders vinden rustige manieren om grenzen te stellen.",
    "De zorg voor de baby is dagelijks gegarandeerd.",
    "De ouders maken afspraken over de omgang na de scheiding.",
)
# Closing outcome (dossiers.ClosingOutcome) → (reason for closing, explanation).
CLOSINGS: dict[str, tuple[str, str]] = {
    "help_installed": (
        "De hulp is overgedragen aan een hulpverlener in de regio.",
        "hulp overgedragen",
    ),
    "safe_without_help": (
        "De zorgen zijn weggenomen; het gezin heeft geen hulp meer nodig.",
        "zorgen weggenomen",
    ),
    "concerns_not_confirmed": (
        "De zorgen uit de melding werden in de gesprekken niet bevestigd.",
        "zorgen niet bevestigd",
    ),
    "family_refused_help": (
        "Het gezin weigert verdere hulp; de school blijft waakzaam.",
        "hulp geweigerd",
    ),
    "mano_started": (
        "Vrijwillige hulp lukte niet; het traject liep verder als MaNo-procedure.",
        "MaNo-procedure",
    ),
    "referred_to_ocj": (
        "De veiligheid is onvoldoende gegarandeerd; het gezin is doorverwezen naar het OCJ.",
        "doorverwezen naar het OCJ",
    ),
    "referred_to_parket": (
        "Acute onveiligheid zonder medewerking: het Jeugdparket is ingeschakeld.",
        "Jeugdparket ingeschakeld",
    ),
    "family_moved": (
        "Het gezin is verhuisd; het dossier is overgedragen aan het bevoegde centrum.",
        "verhuisd",
    ),
    "other": (
        "Het gezin is niet meer bereikbaar.",
        "gezin onbereikbaar, geen nieuw adres gekend",
    ),
}
# How closed dossiers end, by how far they got: (outcome, weight). Dossiers closed in
# exploration or assessment more often had unconfirmed worries or a refusal; those
# closed after a help proposal mostly handed the family over to the help it accepted.
# A MaNo procedure on the dossier decides the outcome itself (casework.py).
CLOSING_WEIGHTS_EARLY: tuple[tuple[str, float], ...] = (
    ("help_installed", 22),
    ("safe_without_help", 15),
    ("concerns_not_confirmed", 26),
    ("family_refused_help", 18),
    ("referred_to_ocj", 3),
    ("referred_to_parket", 2),
    ("family_moved", 8),
    ("other", 6),
)
CLOSING_WEIGHTS_LATE: tuple[tuple[str, float], ...] = (
    ("help_installed", 58),
    ("safe_without_help", 20),
    ("concerns_not_confirmed", 2),
    ("family_refused_help", 8),
    ("referred_to_ocj", 3),
    ("referred_to_parket", 2),
    ("family_moved", 5),
    ("other", 2),
)
# The share of closed dossiers without a coded outcome (closed before it was coded): what
# the statistics' data-quality list finds.
CLOSED_WITHOUT_OUTCOME = 0.01
TASK_TITLES = (
    "Verslag van het huisbezoek schrijven",
    "School bellen over de afwezigheden",
    "Afspraak met de huisarts vastleggen",
    "Teamoverleg voorbereiden",
    "Hulpverleningsvoorstel uitschrijven",
    "Terugkoppeling aan de aanmelder",
    "Brief aan de ouders versturen",
)
ADVICE = (
    "De aanmelder spreekt de ouders zelf aan en belt terug na het gesprek.",
    "Het CLB volgt verder op; het VK blijft beschikbaar voor overleg.",
    "Advies om de huisarts te betrekken en de zorgen te documenteren.",
)
GROUNDS = (
    "Ernstige zorgen, een gezin zonder hulp: het VK neemt het op.",
    "Een professionele aanmelder die zelf verder kan met advies.",
    "Anonieme consultatie, geen gezin gekend.",
    "Er is al hulp; doorverwijzing naar de betrokken dienst.",
    "Acute onveiligheid: crisisinterventie vandaag.",
)
MANO_MOTIVATIONS = (
    "De vrijwillige hulp is uitgeput en de integriteit van het kind is bedreigd.",
    "De ouders weigeren elke hulp ondanks ernstige zorgen.",
)
COMPLAINT_TEXTS = (
    "Ik werd niet teruggebeld na mijn melding.",
    "De hulpverlener luisterde niet naar onze kant van het verhaal.",
    "Het duurde te lang voor er iemand langskwam.",
    "Ik kreeg geen uitleg over wat er met mijn gegevens gebeurt.",
)
TRAINING_TOPICS = (
    "Signalen van kindermishandeling herkennen",
    "Het meldpunt en de meldcode",
    "In gesprek gaan met ouders over zorgen",
    "Beroepsgeheim en gedeeld beroepsgeheim",
    "Seksueel grensoverschrijdend gedrag: het vlaggensysteem",
)
TARGET_GROUPS = (
    "leerkrachten lager onderwijs",
    "kinderbegeleiders",
    "huisartsen",
    "CLB-medewerkers",
    "jeugdwerkers",
    "verpleegkundigen",
)
AUDIENCES = ("ouders", "leerlingen secundair onderwijs", "het brede publiek", "jeugdwerkers")
