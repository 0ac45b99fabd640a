"""Table-driven event tests: sentences written by the team, run through the real pipeline (Extractor).

Each case is ``(sentence, date, expected)``. ``expected`` lists events as
``(source_countries, type, target_countries, required_flags)``:

* countries are compared at country level (the first three letters of the actor codes);
* ``type`` is a PLOVER type (``"ASSAULT"``) or, written in digits, a CAMEO code prefix (``"19"``, ``"018"``); the
  digit form is used for CAMEO 01/02, which PLOVER drops, and wherever the root itself is what the case tests;
* an expected event is found when a predicted event has that type, shares a country-level dyad with it (the dyads
  of ``newsgraph.eval``: reciprocal events pair every party with every other), and carries every required flag;
  an expected event with one source and no target also matches a predicted event whose source holds that country
  (an implicit or domestic target is not held against it);
* ``negated`` must be present exactly when it is required: a non-negated expectation never matches a negated
  event;
* ``expected == []`` is a negative case: the sentence must yield no event at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from newsgraph.eval import dyads
from newsgraph.records import Article, Event

Exp = tuple[tuple[str, ...], str, tuple[str, ...], tuple[str, ...]]
Case = tuple[str, str, list[Exp]]
Coder = Callable[[str, str], list[Event]]

D = "2025-03-10"
NEG = ("negated",)
FUT = ("future",)
HYP = ("hypothetical",)
ALL = ("alleged",)
QUO = ("quoted",)


# fmt: off
# ---------------------------------------------------------------- every CAMEO root (01-20)
ROOTS: list[Case] = [
    # 01 make public statement
    ("The Kremlin declined comment on the report of a prisoner exchange.", D, [(("RUS",), "011", (), ())]),
    ("Japan expressed concern over North Korea's latest missile launch.", "2024-06-26", [(("JPN",), "012", ("PRK",), ())]),
    ("Erdogan offered condolences to Iran after the helicopter crash.", "2024-05-20", [(("TUR",), "018", ("IRN",), ())]),
    ("Hamas claimed responsibility for the rocket fire on Tel Aviv.", "2024-05-26", [(("PSE",), "015", (), ())]),
    ("Keir Starmer laid a wreath at the Cenotaph in London.", "2024-11-10", [(("GBR",), "017", (), ())]),
    ("Moscow denied any involvement in the damage to the undersea cable.", "2024-11-19", [(("RUS",), "016", (), ())]),
    ("Albanese expressed optimism about relations with China.", "2024-06-17", [(("AUS",), "013", ("CHN",), ())]),
    # 02 appeal
    ("Qatar urged Israel to allow more aid into Gaza.", "2024-03-12", [(("QAT",), "02", ("ISR",), ())]),
    ("Zelensky asked Germany for more air defence systems.", "2024-04-17", [(("UKR",), "02", ("DEU",), ())]),
    ("Pakistan called on India to exercise restraint.", "2025-04-24", [(("PAK",), "02", ("IND",), ())]),
    ("The Philippines sought support from Japan over the maritime dispute.", "2024-07-08", [(("PHL",), "022", ("JPN",), ())]),
    ("Sheinbaum asked the United States to share intelligence on the cartels.", D, [(("MEX",), "02", ("USA",), ())]),
    ("Baerbock called for a humanitarian ceasefire in Gaza.", "2024-03-20", [(("DEU",), "02", (), ())]),
    # 03 express intent to cooperate
    ("Japan and the Philippines agreed to deepen defence cooperation.", "2024-07-08", [(("JPN", "PHL"), "AGREE", (), ())]),
    ("Indonesia offered to send peacekeepers to Gaza.", "2025-05-28", [(("IDN",), "AGREE", (), ())]),
    ("Saudi Arabia pledged to invest $600 billion in the United States.", "2025-05-13", [(("SAU",), "03", ("USA",), ())]),
    ("Brazil offered to mediate between Russia and Ukraine.", "2023-04-17", [(("BRA",), "03", (), ())]),
    # 04 consult
    ("Lula and Modi held talks in Brasilia on trade and energy.", "2025-07-08", [(("BRA", "IND"), "CONSULT", (), ())]),
    ("Blinken met with Wang Yi in Beijing.", "2024-04-26", [(("USA",), "CONSULT", ("CHN",), ())]),
    ("Scholz spoke by phone with Putin for the first time in two years.", "2024-11-15", [(("DEU",), "CONSULT", ("RUS",), ())]),
    ("Orban visited Moscow on Friday.", "2024-07-05", [(("HUN",), "042", ("RUS",), ())]),
    ("Putin received the Indian prime minister in the Kremlin.", "2024-07-09", [(("RUS",), "043", ("IND",), ())]),
    ("Wang Yi held a phone call with Lavrov on Tuesday.", "2025-02-11", [(("CHN", "RUS"), "CONSULT", (), ())]),
    # "on Tuesday" is a date, not "called on"; a titled name spaCy parses as object predicate is the one called
    ("Erdogan called Putin on Tuesday.", "2025-02-11", [(("TUR",), "041", ("RUS",), ())]),
    ("Ramaphosa called Ethiopian President Sahle-Work Zewde on Friday.", "2024-02-09", [(("ZAF",), "041", ("ETH",), ())]),
    ("Egypt mediated between Israel and Hamas.", "2024-05-06", [(("EGY",), "045", ("ISR",), ())]),
    # 05 engage in diplomatic cooperation
    ("Spain, Ireland and Norway recognised the State of Palestine.", "2024-05-28", [(("ESP",), "SUPPORT", ("PSE",), ()), (("NOR",), "SUPPORT", ("PSE",), ())]),
    ("Trump praised Erdogan as a strong leader.", "2025-09-25", [(("USA",), "051", ("TUR",), ())]),
    ("India and Britain signed a free trade agreement.", "2025-07-24", [(("IND", "GBR"), "057", (), ())]),
    ("China defended Russia at the UN Security Council.", "2023-02-24", [(("CHN",), "SUPPORT", ("RUS",), ())]),
    ("Russia and North Korea signed a mutual defence treaty.", "2024-06-19", [(("RUS", "PRK"), "SUPPORT", (), ())]),
    # 06 engage in material cooperation
    ("Egypt and Saudi Arabia conducted joint military drills in the Red Sea.", "2024-02-11", [(("EGY", "SAU"), "06", (), ())]),
    ("The United States shared intelligence with Ukraine on Russian troop movements.", "2024-02-05", [(("USA",), "064", ("UKR",), ())]),
    ("Turkey extradited a senior Islamic State commander to Iraq.", "2024-09-12", [(("TUR",), "063", ("IRQ",), ())]),
    # 07 provide aid
    ("Germany sent Patriot air defence systems to Ukraine.", "2024-06-25", [(("DEU",), "AID", ("UKR",), ())]),
    ("Japan provided $50 million in humanitarian assistance to Sudan.", "2024-05-14", [(("JPN",), "07", ("SDN",), ())]),
    ("Norway donated fighter jets to Ukraine.", "2024-06-05", [(("NOR",), "AID", ("UKR",), ())]),
    ("Mexico granted asylum to Peru's former prime minister.", "2025-11-04", [(("MEX",), "075", ("PER",), ())]),
    ("The Netherlands handed over F-16 jets to Ukraine.", "2024-08-01", [(("NLD",), "AID", ("UKR",), ())]),
    # 08 yield
    ("Israel freed 90 Palestinian prisoners on Sunday.", "2025-01-20", [(("ISR",), "RETREAT", ("PSE",), ())]),
    ("Israel withdrew its troops from southern Lebanon.", "2025-02-18", [(("ISR",), "08", ("LBN",), ())]),
    ("Washington eased sanctions on Venezuela's oil sector.", "2023-10-19", [(("USA",), "085", ("VEN",), ())]),
    ("The United States lifted sanctions on Syria.", "2025-06-30", [(("USA",), "085", ("SYR",), ())]),
    ("Hamas released three Israeli hostages in Gaza.", "2025-02-08", [(("PSE",), "08", ("ISR",), ())]),
    # 09 investigate
    ("Turkish prosecutors opened an investigation into the mayor of Istanbul.", "2025-03-18", [(("TUR",), "09", (), ())]),
    ("Kenya launched an inquiry into the deaths of protesters.", "2024-07-02", [(("KEN",), "09", (), ())]),
    ("Polish investigators probed the sabotage of a railway line.", "2025-11-18", [(("POL",), "09", (), ())]),
    # 10 demand
    ("China demanded that the Philippines withdraw its vessel from Scarborough Shoal.", "2024-04-30", [(("CHN",), "10", ("PHL",), ())]),
    ("Ukraine demanded the return of its deported children from Russia.", "2024-02-24", [(("UKR",), "REQUEST", ("RUS",), ())]),
    ("Beijing insisted that Manila must stop its provocations.", "2024-06-18", [(("CHN",), "REQUEST", ("PHL",), ())]),
    # 11 disapprove
    ("France condemned the Russian strike on Odesa.", "2025-03-01", [(("FRA",), "11", ("RUS",), ())]),
    ("Beijing criticised Tokyo over the release of treated water from Fukushima.", "2023-08-24", [(("CHN",), "111", ("JPN",), ())]),
    ("Nicaragua sued Germany at the International Court of Justice.", "2024-03-01", [(("NIC",), "115", ("DEU",), ())]),
    ("Seoul lodged a formal protest with Tokyo over the textbooks.", "2024-03-22", [(("KOR",), "114", ("JPN",), ())]),
    ("Pakistan blamed India for the attack on the train.", "2025-03-12", [(("PAK",), "ACCUSE", ("IND",), ())]),
    # 12 reject
    ("Zelensky rejected Russia's demand that Ukraine give up territory.", "2024-06-15", [(("UKR",), "12", ("RUS",), ())]),
    ("Denmark rebuffed Trump's offer to buy Greenland.", "2025-01-08", [(("DNK",), "REJECT", ("USA",), ())]),
    ("Israel rejected the Hamas proposal for a permanent truce.", "2024-02-07", [(("ISR",), "REJECT", ("PSE",), ())]),
    ("Russia vetoed a Security Council resolution on Sudan.", "2024-11-18", [(("RUS",), "129", (), ())]),
    ("Hungary blocked a €50 billion aid package for Ukraine.", "2023-12-15", [(("HUN",), "REJECT", ("UKR",), ())]),
    # 13 threaten
    ("Trump threatened to impose tariffs on Canada.", "2025-02-01", [(("USA",), "13", ("CAN",), ())]),
    ("North Korea threatened to use nuclear weapons against South Korea.", "2024-10-08", [(("PRK",), "THREATEN", ("KOR",), ())]),
    ("Iran threatened to close the Strait of Hormuz.", "2025-06-22", [(("IRN",), "THREATEN", (), ())]),
    ("Washington issued an ultimatum to the Houthis.", "2024-01-03", [(("USA",), "13", ("YEM",), ())]),
    # 14 protest
    ("Thousands of Serbian students rallied in Belgrade against corruption.", "2025-03-15", [(("SRB",), "14", (), ())]),
    ("Argentine unions held a general strike against Milei's reforms.", "2024-05-09", [(("ARG",), "143", (), ())]),
    ("French farmers blocked motorways around Paris.", "2024-01-29", [(("FRA",), "144", (), ())]),
    ("Palestinian prisoners began a hunger strike in Israeli jails.", "2023-09-14", [(("PSE",), "142", (), ())]),
    ("Kenyan opposition supporters staged protests in Nairobi against tax rises.", "2024-06-25", [(("KEN",), "141", (), ())]),
    # 15 exhibit force posture
    ("China deployed warships near Taiwan.", "2024-05-23", [(("CHN",), "15", ("TWN",), ())]),
    ("Israel called up 300,000 reservists.", "2023-10-09", [(("ISR",), "MOBILIZE", (), ())]),
    ("The United States deployed an aircraft carrier to the eastern Mediterranean.", "2023-10-08", [(("USA",), "MOBILIZE", (), ())]),
    ("North Korea put its frontline units on high alert.", "2024-10-14", [(("PRK",), "15", (), ())]),
    ("South Korea staged live-fire drills near the border.", "2024-06-26", [(("KOR",), "15", (), ())]),
    # 16 reduce relations
    ("Britain imposed sanctions on Iranian officials.", "2024-04-18", [(("GBR",), "163", ("IRN",), ())]),
    ("Niger expelled the French ambassador.", "2023-08-25", [(("NER",), "SANCTION", ("FRA",), ())]),
    ("Bolivia severed diplomatic relations with Israel.", "2023-10-31", [(("BOL",), "161", ("ISR",), ())]),
    ("China banned imports of Japanese seafood.", "2023-08-24", [(("CHN",), "16", ("JPN",), ())]),
    ("Canada expelled six Indian diplomats.", "2024-10-14", [(("CAN",), "SANCTION", ("IND",), ())]),
    # 17 coerce
    ("Chinese authorities detained a Japanese executive in Beijing.", "2023-03-27", [(("CHN",), "173", ("JPN",), ())]),
    ("Georgian police detained dozens of protesters in Tbilisi.", "2024-12-02", [(("GEO",), "COERCE", (), ())]),
    ("The United States deported hundreds of Venezuelans to El Salvador.", "2025-03-17", [(("USA",), "17", ("VEN",), ())]),
    ("Israel imposed a blockade on Gaza.", "2023-10-09", [(("ISR",), "COERCE", ("PSE",), ())]),
    # 18 assault
    ("Houthi rebels hijacked a cargo ship in the Red Sea.", "2023-11-19", [(("YEM",), "181", (), ())]),
    ("Israel killed Hamas leader Ismail Haniyeh in Tehran.", "2024-07-31", [(("ISR",), "18", ("PSE",), ())]),
    ("Al-Shabaab militants abducted two Kenyan teachers.", "2024-02-20", [(("SOM",), "18", ("KEN",), ())]),
    # 19 fight
    ("Russia launched a massive drone attack on Kyiv overnight.", "2024-12-25", [(("RUS",), "19", ("UKR",), ())]),
    ("Israeli warplanes struck targets in southern Lebanon.", "2024-09-23", [(("ISR",), "19", ("LBN",), ())]),
    ("Thai and Cambodian troops clashed along the disputed border.", "2025-07-24", [(("THA", "KHM"), "19", (), ())]),
    ("Pakistan carried out airstrikes in Afghanistan.", "2024-03-18", [(("PAK",), "ASSAULT", ("AFG",), ())]),
    ("Iran fired ballistic missiles at Israel.", "2024-10-01", [(("IRN",), "19", ("ISR",), ())]),
    ("Russian forces shelled Kherson on Sunday.", "2024-08-11", [(("RUS",), "194", ("UKR",), ())]),
    ("Ukrainian drones struck an oil refinery in Russia's Ryazan region.", "2025-01-24", [(("UKR",), "ASSAULT", ("RUS",), ())]),
    ("Russia has waged a war against Ukraine since 2022.", "2025-02-24", [(("RUS",), "19", ("UKR",), ())]),
    # 20 use unconventional mass violence
    ("The Rapid Support Forces massacred civilians in El Fasher.", "2025-10-28", [(("SDN",), "20", (), ())]),
    ("Russia used chemical weapons against Ukrainian troops.", "2025-07-04", [(("RUS",), "20", ("UKR",), ())]),
]

# ---------------------------------------------------------------- passive voice
PASSIVE: list[Case] = [
    ("Kyiv was attacked by Russian missiles overnight.", "2024-08-26", [(("RUS",), "ASSAULT", ("UKR",), ())]),
    ("Sanctions were imposed on North Korea by Japan.", "2024-05-10", [(("JPN",), "SANCTION", ("PRK",), ())]),
    ("Zelensky was received by Erdogan in Ankara.", "2025-02-18", [(("TUR",), "CONSULT", ("UKR",), ())]),
    ("Two Ukrainian soldiers were captured by Russian forces near Pokrovsk.", "2024-12-10", [(("RUS",), "COERCE", ("UKR",), ())]),
    ("The German ambassador was summoned by Iran over the execution.", "2024-10-29", [(("IRN",), "114", ("DEU",), ())]),
    ("Three Chinese nationals were arrested by Philippine authorities.", "2025-02-21", [(("PHL",), "COERCE", ("CHN",), ())]),
    ("A Palestinian village was raided by Israeli troops.", "2024-08-28", [(("ISR",), "COERCE", ("PSE",), ())]),
    ("Venezuela was hit with new sanctions by Washington.", "2024-09-12", [(("USA",), "SANCTION", ("VEN",), ())]),
    ("Ukraine was promised more artillery shells by the Czech Republic.", "2024-03-05", [(("CZE",), "AGREE", ("UKR",), ())]),
]

# ---------------------------------------------------------------- coordination
COORDINATION: list[Case] = [
    ("France and Germany condemned the Russian strike on Sumy.", "2025-04-13",
     [(("FRA",), "ACCUSE", ("RUS",), ()), (("DEU",), "ACCUSE", ("RUS",), ())]),
    ("Russia shelled Ukrainian power plants and threatened Moldova.", "2024-03-22",
     [(("RUS",), "ASSAULT", ("UKR",), ()), (("RUS",), "THREATEN", ("MDA",), ())]),
    ("Japan condemned North Korea and urged China to restrain Pyongyang.", "2024-01-15",
     [(("JPN",), "ACCUSE", ("PRK",), ()), (("JPN",), "02", ("CHN",), ())]),
    ("Chinese and American negotiators held talks in Geneva.", "2025-05-11", [(("CHN", "USA"), "CONSULT", (), ())]),
    ("Armenia and Azerbaijan signed a peace agreement in Washington.", "2025-08-08", [(("ARM", "AZE"), "SUPPORT", (), ())]),
    ("Britain and France sent warships to the Red Sea.", "2024-01-12", [(("GBR",), "MOBILIZE", (), ()), (("FRA",), "MOBILIZE", (), ())]),
    ("India expelled a Pakistani diplomat and closed the Attari border crossing.", "2025-04-23", [(("IND",), "SANCTION", ("PAK",), ())]),
    ("Turkey and Hungary approved Sweden's NATO membership.", "2024-03-08", [(("TUR",), "SUPPORT", ("SWE",), ())]),
    ("Saudi Arabia and Iran restored diplomatic relations.", "2023-03-10", [(("SAU", "IRN"), "SUPPORT", (), ())]),
]

# ---------------------------------------------------------------- negation
NEGATION: list[Case] = [
    ("Israel did not attack Iranian oil facilities.", "2024-10-26", [(("ISR",), "ASSAULT", ("IRN",), NEG)]),
    ("Tehran denied supplying ballistic missiles to Russia.", "2024-09-10", [(("IRN",), "AID", ("RUS",), NEG)]),
    ("China did not send troops to Myanmar.", "2024-11-20", [(("CHN",), "MOBILIZE", ("MMR",), NEG)]),
    ("Washington has not imposed sanctions on Israeli ministers.", "2024-06-01", [(("USA",), "SANCTION", ("ISR",), NEG)]),
    ("Putin never met with Zelensky in Istanbul.", "2025-05-16", [(("RUS",), "CONSULT", ("UKR",), NEG)]),
    ("Hungary did not condemn the Russian invasion.", "2023-02-24", [(("HUN",), "ACCUSE", ("RUS",), NEG)]),
    ("Kyiv denied attacking the Zaporizhzhia nuclear plant.", "2024-04-08", [(("UKR",), "ASSAULT", (), NEG)]),
    ("India did not invite Pakistan to the summit.", "2023-07-04", [(("IND",), "AGREE", ("PAK",), NEG)]),
    ("Egypt failed to mediate between Ethiopia and Sudan.", "2023-08-01", [(("EGY",), "CONSULT", ("ETH",), NEG)]),
]

# ---------------------------------------------------------------- future (PLOVER: future consult/support/cooperate/aid is AGREE)
FUTURE: list[Case] = [
    ("Xi is expected to meet Trump in South Korea.", "2025-10-25", [(("CHN",), "AGREE", ("USA",), FUT)]),
    ("Germany will provide Ukraine with four more IRIS-T systems.", "2025-06-10", [(("DEU",), "033", ("UKR",), FUT)]),
    ("India plans to hold talks with China on the border dispute.", "2024-08-20", [(("IND",), "036", ("CHN",), FUT)]),
    ("Modi will visit Moscow next month.", "2024-06-20", [(("IND",), "036", ("RUS",), FUT)]),
    ("Iran will retaliate against Israel.", "2024-08-01", [(("IRN",), "THREATEN", ("ISR",), FUT)]),
    ("Australia is set to sign a defence pact with Papua New Guinea.", "2025-09-15", [(("AUS",), "AGREE", ("PNG",), FUT)]),
    ("Japan will cooperate with South Korea on missile defence.", "2024-03-20", [(("JPN",), "031", ("KOR",), FUT)]),
    ("France will impose new sanctions on Russia.", "2024-02-22", [(("FRA",), "THREATEN", ("RUS",), FUT)]),
    ("Carney is scheduled to travel to Washington next week.", "2025-04-30", [(("CAN",), "AGREE", ("USA",), FUT)]),
    ("Turkey is expected to support Finland's accession.", "2023-03-15", [(("TUR",), "032", ("FIN",), FUT)]),
    ("Poland will send more troops to its border with Belarus.", "2024-06-01", [(("POL",), "MOBILIZE", (), FUT)]),
]

# ---------------------------------------------------------------- hypothetical
HYPOTHETICAL: list[Case] = [
    ("Beijing could impose sanctions on Lithuania.", "2023-01-12", [(("CHN",), "SANCTION", ("LTU",), HYP)]),
    ("Trump might meet Kim Jong Un at the border.", "2025-10-24", [(("USA",), "CONSULT", ("PRK",), HYP)]),
    ("If Russia attacks Lithuania, Poland will respond.", "2024-05-10", [(("RUS",), "ASSAULT", ("LTU",), HYP)]),
    ("Israel may strike Iranian nuclear facilities.", "2024-10-10", [(("ISR",), "ASSAULT", ("IRN",), HYP)]),
    ("Venezuela could seize the Essequibo region from Guyana.", "2023-12-05", [(("VEN",), "COERCE", ("GUY",), HYP)]),
    ("China would blockade Taiwan in a conflict.", "2024-05-24", [(("CHN",), "COERCE", ("TWN",), HYP)]),
]

# ---------------------------------------------------------------- alleged (accusations and evidentials)
ALLEGED: list[Case] = [
    ("Israel accused Iran of supplying drones to the Houthis.", "2024-01-10",
     [(("ISR",), "ACCUSE", ("IRN",), ()), (("IRN",), "AID", ("YEM",), ALL)]),
    ("Russian forces reportedly shelled a Ukrainian village.", "2024-09-02", [(("RUS",), "ASSAULT", ("UKR",), ALL)]),
    ("Ukraine allegedly attacked a Russian oil refinery.", "2024-03-13", [(("UKR",), "ASSAULT", ("RUS",), ALL)]),
    ("South Africa accused Israel of committing genocide in Gaza.", "2024-01-11", [(("ZAF",), "ACCUSE", ("ISR",), ())]),
    ("Seoul accused Pyongyang of sending troops to Russia.", "2024-10-18",
     [(("KOR",), "ACCUSE", ("PRK",), ()), (("PRK",), "MOBILIZE", ("RUS",), ALL)]),
    ("Washington accused Beijing of supplying components to Russia.", "2024-04-12",
     [(("USA",), "ACCUSE", ("CHN",), ()), (("CHN",), "AID", ("RUS",), ALL)]),
    ("Chinese hackers allegedly attacked Taiwanese government networks.", "2025-01-06", [(("CHN",), "ASSAULT", ("TWN",), ALL)]),
]

# ---------------------------------------------------------------- reported speech and quotes
REPORTED: list[Case] = [
    ("Zelensky said Russia had attacked a hospital in Kharkiv.", "2024-05-25", [(("RUS",), "ASSAULT", ("UKR",), ())]),
    ("The Pentagon said that Iran had supplied ballistic missiles to Russia.", "2024-09-10", [(("IRN",), "AID", ("RUS",), ())]),
    ('"Russia attacked our energy grid again last night," Zelensky told reporters.', "2024-12-13", [(("RUS",), "ASSAULT", ("UKR",), QUO)]),
    ("Officials in Manila said Chinese vessels had rammed a Philippine supply boat.", "2024-06-17", [(("CHN",), "ASSAULT", ("PHL",), ())]),
    ("Tokyo said Beijing had detained a Japanese national.", "2025-07-16", [(("CHN",), "COERCE", ("JPN",), ())]),
    ("Sudan's army said the Rapid Support Forces attacked El Obeid.", "2025-05-05", [(("SDN",), "ASSAULT", (), ())]),
    ('"We will not negotiate with terrorists," Netanyahu said of Hamas.', "2024-02-14", [(("ISR",), "REJECT", (), QUO)]),
    ("Lavrov said Moscow had rejected the European peace plan.", "2025-11-26", [(("RUS",), "REJECT", (), ())]),
]

# ---------------------------------------------------------------- nominal events
NOMINAL: list[Case] = [
    ("The Russian invasion of Ukraine entered its fourth year.", "2025-02-24", [(("RUS",), "ASSAULT", ("UKR",), ())]),
    ("Modi's visit to Washington focused on trade.", "2025-02-14", [(("IND",), "CONSULT", ("USA",), ())]),
    ("Chinese military drills around Taiwan alarmed Tokyo.", "2024-10-15", [(("CHN",), "MOBILIZE", ("TWN",), ())]),
    ("American sanctions on Iranian oil exports tightened.", "2024-10-11", [(("USA",), "SANCTION", ("IRN",), ())]),
    ("Israeli airstrikes on Gaza killed dozens.", "2024-05-26", [(("ISR",), "ASSAULT", ("PSE",), ())]),
    ("Talks between Armenia and Azerbaijan resumed in Almaty.", "2024-05-10", [(("ARM", "AZE"), "CONSULT", (), ())]),
    ("Erdogan's talks with Putin in Sochi ended without a breakthrough.", "2023-09-04", [(("TUR",), "CONSULT", ("RUS",), ())]),
    ("Iranian missile attacks on Israel drew condemnation.", "2024-10-02", [(("IRN",), "ASSAULT", ("ISR",), ())]),
    ("Lula's upcoming visit to China will focus on trade.", "2025-05-05", [(("BRA",), "AGREE", ("CHN",), FUT)]),
    ("Russian drone attacks on Ukrainian ports continued overnight.", "2023-08-02", [(("RUS",), "ASSAULT", ("UKR",), ())]),
    ("China's import ban on Japanese seafood remained in place.", "2024-06-01", [(("CHN",), "SANCTION", ("JPN",), ())]),
]

# ---------------------------------------------------------------- pronouns
PRONOUNS: list[Case] = [
    ("Iran said it had fired missiles at Israeli military bases.", "2024-10-02", [(("IRN",), "ASSAULT", ("ISR",), ())]),
    ("Japan said it would provide emergency aid to Myanmar.", "2025-03-29", [(("JPN",), "AGREE", ("MMR",), FUT)]),
    ("Lithuania says it will sanction Belarusian officials.", "2024-09-18", [(("LTU",), "THREATEN", ("BLR",), FUT)]),
    ("Japan said it had lodged a protest with China over the incursion.", "2024-08-27", [(("JPN",), "114", ("CHN",), ())]),
    ("Hungary says it will block new sanctions against Russia.", "2025-01-20", [(("HUN",), "REJECT", (), FUT)]),
    ("Poland said it had shot down Russian drones over its territory.", "2025-09-10", [(("POL",), "ASSAULT", ("RUS",), ())]),
    ("Syria's new government said it was ready to cooperate with Turkey.", "2025-01-15", [(("SYR",), "AGREE", ("TUR",), ())]),
]

# ---------------------------------------------------------------- no codable event
NEGATIVE: list[Case] = [
    ("Manchester City beat Arsenal 3-1 at the Etihad on Sunday.", D, []),
    ("Heavy rain is forecast across southern England this weekend.", D, []),
    ("The euro rose against the dollar in early trading in Frankfurt.", D, []),
    ("Germany's finance minister said growth would be weak this year.", "2024-10-09", []),
    ("Tokyo is the capital of Japan.", D, []),
    ("Brazil won the match 2-0 in Rio de Janeiro.", "2024-06-12", []),
    ("Oil prices fell 2% on Monday as traders weighed Chinese demand.", D, []),
    ("The Kenyan shilling weakened against the dollar.", "2024-01-15", []),
    ("Snow closed roads across northern Italy.", "2025-01-10", []),
    ("Spain is a popular destination for British tourists.", "2024-07-01", []),
    ("India's economy grew 7.8% in the first quarter.", "2025-05-30", []),
    ("A magnitude 6.2 earthquake struck off the coast of Japan.", "2024-08-08", []),
    ("Paris will host the Olympic Games in 2024.", "2023-07-26", []),
    ("The Mexican peso was the best-performing currency in Latin America.", "2023-06-30", []),
    ("Thousands of tourists visited the Acropolis in Athens.", "2024-06-13", []),
    ("The Australian cricket team arrived in Mumbai on Tuesday.", "2023-09-26", []),
    ("Norway's sovereign wealth fund reported a record profit.", "2024-01-30", []),
]

# fmt: on

GROUPS: dict[str, list[Case]] = {
    "root": ROOTS,
    "passive": PASSIVE,
    "coord": COORDINATION,
    "neg": NEGATION,
    "future": FUTURE,
    "hypo": HYPOTHETICAL,
    "alleged": ALLEGED,
    "reported": REPORTED,
    "nominal": NOMINAL,
    "pronoun": PRONOUNS,
    "none": NEGATIVE,
}
# known engine gaps: sentence -> precise reason (strict xfail: the test fails once the engine is fixed)
XFAIL: dict[str, str] = {
    "Modi's visit to Washington focused on trade.": "the destination of a nominal visit ('visit to Washington') is a place, not an actor: no target",
    '"Russia attacked our energy grid again last night," Zelensky told reporters.': "first-person 'our' inside a direct quote is not resolved to the speaker's country (Zelensky -> UKR)",
    "Oil prices fell 2% on Monday as traders weighed Chinese demand.": "market sentence: 'weighed' (014) and economic 'demand' (100, amod 'Chinese') are coded although the "
    "clause subject ('traders') is no actor",
    "The Australian cricket team arrived in Mumbai on Tuesday.": "actors resolve 'Australian cricket team' to the state AUS, so 'arrived in Mumbai' becomes a visit",
}


def _params() -> list[Any]:
    out = []
    for group, cases in GROUPS.items():
        for n, (sentence, date, expected) in enumerate(cases, 1):
            cid = f"{group}-{n:02d}"
            marks = [pytest.mark.xfail(reason=XFAIL[sentence], strict=True)] if sentence in XFAIL else []
            out.append(pytest.param(sentence, date, expected, id=cid, marks=marks))
    return out


def _countries(actors: Sequence[Any]) -> list[str]:
    return [a.code[:3].upper() for a in actors if a.code]


def _type_ok(kind: str, ev: Event) -> bool:
    return ev.cameo.startswith(kind) if kind.isdigit() else ev.plover == kind


def _matches(exp: Exp, ev: Event) -> bool:
    src, kind, tgt, flags = exp
    if not _type_ok(kind, ev) or not set(flags) <= set(ev.flags):
        return False
    if ("negated" in ev.flags) != ("negated" in flags):
        return False
    found_src, found_tgt = _countries(ev.source), _countries(ev.target)
    if dyads(src, tgt) & dyads(found_src, found_tgt):
        return True
    return len(src) == 1 and not tgt and src[0] in found_src


def _describe(events: Sequence[Event]) -> str:
    return (
        "; ".join(
            f"{_countries(e.source)} {e.cameo}/{e.plover} {_countries(e.target)} {list(e.flags)} '{e.trigger}'"
            for e in events
        )
        or "no events"
    )


@pytest.fixture(scope="module")
def code_sentence(nlp: Any) -> Coder:
    """The table checks the pattern coder, so it runs rules only (the learned stage is tested in
    test_learned.py and measured by benchmarks/sealed_eval.py)."""
    from newsgraph.pipeline import Extractor
    from newsgraph.settings import Settings

    rules = Extractor(Settings(event_model=False), nlp=nlp)

    def run(sentence: str, date: str) -> list[Event]:
        res = next(rules.process([Article.from_text(sentence, published=date)]))
        return list(res.events)

    return run


@pytest.mark.parametrize(("sentence", "date", "expected"), _params())
def test_event_table(code_sentence: Coder, sentence: str, date: str, expected: list[Exp]) -> None:
    events = code_sentence(sentence, date)
    if not expected:
        assert not events, f"expected no event, got {_describe(events)}"
    for exp in expected:
        assert any(_matches(exp, ev) for ev in events), f"missing {exp}; got {_describe(events)}"


def test_table_covers_requirements() -> None:
    cases = [c for cases in GROUPS.values() for c in cases]
    assert len(cases) >= 150
    roots = {exp[1][:2] for _, _, expected in cases for exp in expected if exp[1].isdigit()}
    assert roots == {f"{r:02d}" for r in range(1, 21)}
    assert len(NEGATIVE) >= 15
    assert len(XFAIL) <= 0.15 * len(cases)
    assert set(XFAIL) <= {c[0] for c in cases}, "XFAIL names a sentence that is not in the table"
    assert len({c[0] for c in cases}) == len(cases), "duplicate sentence"
