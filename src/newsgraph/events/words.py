"""The event coder's word lists, defined once (the modality cue lists live in data/events/modality.yaml).

Lemmas in lower case. ``EVENT_FLAGS`` (records.py) is the one flag order; ``LOCATIVE_PREPS`` is the one list of
prepositions that place an event, ``PLACE_PREPS`` the wider list after which a state name reads as a place
(pipeline.py), and ``REPORTING_VERBS`` the speech verbs whose clause the coder reads as reported content.
"""

from __future__ import annotations

from newsgraph.records import EVENT_FLAGS

FLAG_ORDER = EVENT_FLAGS
REPORTING_VERBS = frozenset({"say", "declare", "reiterate", "insist", "state", "tell", "stress", "add", "argue", "write",
                             "announce", "repeat", "emphasize", "emphasise", "assert", "maintain", "note", "remind"})  # fmt: skip
REPORT_FRAMES = REPORTING_VERBS | {"warn", "promise", "pledge", "vow", "confirm", "predict", "hint", "signal"}
LOCATIVE_PREPS = frozenset(
    {"in", "at", "into", "inside", "near", "across", "throughout", "around", "outside", "on"}
)
PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "around", "throughout", "within", "into", "to",
                         "from", "over", "toward", "towards", "between", "through", "off", "along", "beyond"})  # fmt: skip

# future cooperation → intent (PLOVER manual: future consult/support/cooperate/aid is AGREE)
INTENT_CODES = {"CONSULT": "036", "SUPPORT": "032", "COOPERATE": "031", "AID": "033"}
LIGHT_VERBS = frozenset({"launch", "carry", "conduct", "stage", "hold", "impose", "make", "pay", "mount", "wage",
                         "begin", "start", "continue", "resume", "step", "intensify", "escalate", "announce", "order",
                         "lead", "undertake", "perform", "commit", "join", "attend", "have", "host", "open", "sign",
                         "reach", "conclude", "deliver", "send", "provide", "give", "offer", "extend", "issue"})  # fmt: skip
ACCUSE_LEMMAS = frozenset({"accuse", "allege", "blame", "charge", "claim", "suspect", "indict", "condemn"})
PEOPLE_NOUNS = frozenset({"demonstrator", "protester", "protestor", "opponent", "candidate", "activist", "dissident",
                          "journalist", "worker", "student", "civilian", "resident", "villager", "people", "person",
                          "prisoner", "detainee", "suspect", "member", "supporter", "leader", "politician", "party",
                          "organization", "organisation", "group", "movement", "crowd", "rioter", "striker", "citizen",
                          "critic", "lawmaker", "official", "opposition", "rebel", "militant", "insurgent", "fighter",
                          "guerrilla", "gunman", "separatist", "youth", "farmer", "union", "teacher", "doctor",
                          "refugee", "migrant", "minority", "community", "village", "town", "city", "region",
                          "province"})  # fmt: skip
OCCUR_VERBS = frozenset({"take", "continue", "begin", "start", "resume", "occur", "happen", "kill", "hit", "wound",
                         "injure", "destroy", "damage", "target", "intensify", "escalate", "follow", "end", "break",
                         "erupt", "rage", "claim", "leave", "spread", "strike", "last", "mark"})  # fmt: skip
OBLIGATION = frozenset({"must", "should", "ought"})
DOMESTIC_ROOTS = frozenset({"14", "15", "17", "18", "19", "20", "10", "11", "12", "08"})
# intent, demand, reject, threaten, appeal: the complement is the content
FRAME_ROOTS = frozenset({"03", "10", "12", "13", "02", "08"})
INTENT_WORDS = frozenset({"willing", "ready", "prepared", "plan", "intend", "decide", "seek", "want", "hope", "aim",
                          "offer", "promise", "pledge", "vow", "agree", "commit", "committed", "determined", "eager",
                          "keen", "set", "expect", "propose", "prepare"})  # fmt: skip
CONSIDER_WORDS = frozenset({"consider", "weigh", "mull", "contemplate", "study", "explore", "ponder"})
BACKGROUND_PREPS = frozenset({"after", "following", "before", "since", "despite", "amid", "amidst", "during", "over",
                              "about", "for", "in", "from", "under", "as", "like", "than", "until", "through",
                              "throughout", "to", "with", "by", "into", "at", "between", "among", "of"})  # fmt: skip
REVERSAL_VERBS = frozenset({"lift", "ease", "end", "halt", "stop", "suspend", "scrap", "drop", "remove", "relax",
                            "reverse", "revoke", "cancel", "rescind", "oppose", "reject", "condemn", "criticize",
                            "criticise", "denounce", "deny", "protest", "demand", "urge", "seek", "propose", "consider",
                            "discuss", "debate", "threaten", "fear", "warn", "prevent", "avoid", "investigate", "probe",
                            "blame", "accuse", "deplore", "regret", "mourn", "commemorate", "mark", "remember",
                            "recall", "survive", "escape", "flee"})  # fmt: skip
ANAPHORS = {"group": "group", "movement": "group", "militia": "group", "faction": "group",
            "organisation": "organisation", "organization": "organisation", "agency": "organisation",
            "alliance": "organisation", "bloc": "organisation", "body": "organisation", "union": "organisation",
            "watchdog": "organisation", "country": "state", "kingdom": "state", "republic": "state",
            "nation": "state"}  # fmt: skip
CONTENT_FRAMES = frozenset({"warn", "threaten", "demand", "insist", "urge", "ask", "request", "call", "appeal", "vow",
                            "pledge", "promise", "offer", "reject", "refuse"})  # fmt: skip
PREP_CRITICAL = frozenset({"push", "press", "go", "come", "take", "get", "look", "turn", "stand", "run", "fall", "move",
                           "set", "put", "call", "break", "head", "carry", "hold", "side", "agree", "work", "deal",
                           "reach", "pull", "step", "back", "bring", "keep", "stay", "sit", "pass", "open", "close",
                           "act", "answer", "point", "speak", "talk"})  # fmt: skip
NO_COMMENT = frozenset({"comment", "elaborate", "answer", "respond", "confirm", "say", "speak", "discuss", "disclose",
                        "reply"})  # fmt: skip
NATURE = frozenset({"earthquake", "quake", "storm", "flood", "fire", "hurricane", "typhoon", "cyclone", "tornado",
                    "wildfire", "landslide", "avalanche", "drought", "heatwave", "tsunami", "snow", "rain", "wind",
                    "virus", "pandemic", "epidemic", "disease", "outbreak", "accident", "crash", "blaze", "eruption",
                    "tremor", "aftershock"})  # fmt: skip
TARGET_REQUIRED = frozenset({"043"})
TRANSITIVE_CODES = frozenset({"084", "0841", "0842"})
NEGATING_GOVERNORS = frozenset({"fail", "refrain", "cease", "neglect", "abandon"})
REFUSAL_OF = {"AID": "122", "COOPERATE": "121", "CONSULT": "125", "AGREE": "120", "SUPPORT": "120",
              "RETREAT": "124", "CONCEDE": "124", "REQUEST": "120"}  # fmt: skip
VIOLENT_NOUNS = frozenset({"attack", "bombing", "blast", "explosion", "strike", "airstrike", "shelling", "raid",
                           "ambush", "missile", "rocket", "bomb", "drone", "gunfire", "shell", "mortar", "grenade",
                           "assault", "gunman", "gunmen", "attacker", "bomber", "militant", "sniper"})  # fmt: skip
THREAT_OF = {"14": "133", "16": "131", "17": "132", "18": "137", "19": "138", "20": "1383"}
THREAT_DETAIL = {"163": "1312", "161": "1313", "162": "1311", "164": "134", "165": "135", "166": "136",
                 "1723": "1323", "1724": "1324", "172": "132", "1722": "1322", "191": "1381", "192": "1382",
                 "190": "1384", "195": "1384", "194": "1384", "193": "1384", "204": "1385", "2041": "1385"}  # fmt: skip
YIELD_INTENT = {"084": "0353", "085": "0354", "086": "0355", "087": "0356", "081": "0351", "082": "0352",
                "083": "034"}  # fmt: skip
