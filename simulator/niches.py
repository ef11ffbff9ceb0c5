"""The niches a demo creator can have: their themes (best first) and the words their titles use."""

from __future__ import annotations

from dataclasses import dataclass

# The four theme kinds, in the seed's ranking: Tutorials > Tips > Reviews > Vlogs.
THEME_KINDS = ("tutorial", "tips", "review", "vlog")


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in text.split(";"))


@dataclass(frozen=True)
class Niche:
    """One niche: theme names per kind (in THEME_KINDS order) and its title vocabulary."""

    themes: tuple[str, str, str, str]
    tasks: tuple[str, ...]  # verb phrases: "how to {task}"
    subjects: tuple[str, ...]  # nouns: "{n} {subject} tips"
    items: tuple[str, ...]  # products or named things that get reviewed
    persona: str  # "a day in my life as a {persona}"
    places: tuple[str, ...]


NICHE_DATA: dict[str, Niche] = {
    "tech_reviews": Niche(
        themes=("Tutorials", "Tips", "Reviews", "Vlogs"),
        tasks=_words(
            "set up a home server; speed up an old laptop; build a budget gaming PC; "
            "back up your phone properly; clean install Windows; calibrate your monitor; "
            "automate your smart home; edit photos on an iPad; secure your wifi network; "
            "switch from Android to iPhone; build a mechanical keyboard; "
            "fix laggy Bluetooth"
        ),
        subjects=_words(
            "laptop; smartphone; home office; battery life; smart home; desk setup; "
            "privacy; keyboard; camera; wifi; monitor; headphones"
        ),
        items=_words(
            "iPhone 16 Pro; Pixel 9; Galaxy S24 Ultra; MacBook Air M3; Steam Deck OLED; "
            "AirPods Pro 2; Sony WH-1000XM5; Framework Laptop 16; Kindle Scribe; "
            "Apple Watch Ultra 2; Logitech MX Master 3S; Nothing Phone 2"
        ),
        persona="tech reviewer",
        places=_words("CES; my studio; the Apple Store; Tokyo's Akihabara"),
    ),
    "fitness": Niche(
        themes=("Workout Tutorials", "Training Tips", "Gear Reviews", "Gym Vlogs"),
        tasks=_words(
            "do a perfect pull-up; deadlift with good form; build a home workout routine; "
            "run your first 10K; fix your squat depth; train for a half marathon; "
            "get your first muscle-up; stretch after leg day; plan a cutting phase; "
            "warm up for heavy lifts; do a proper push-up; build grip strength"
        ),
        subjects=_words(
            "protein; leg day; cardio; recovery; mobility; core; bulking; running; sleep; "
            "meal prep; glute; back pain"
        ),
        items=_words(
            "Whoop 4.0; Garmin Forerunner 265; Bowflex dumbbells; Theragun Mini; "
            "Nike Metcon 9; Peloton Tread; Rogue Echo bike; Oura Ring; Hoka Clifton 9; "
            "TRX straps; Apple Fitness+; Optimum Nutrition whey"
        ),
        persona="personal trainer",
        places=_words("my garage gym; the park; a CrossFit box; Muscle Beach"),
    ),
    "cooking": Niche(
        themes=("Recipe Tutorials", "Kitchen Tips", "Product Reviews", "Kitchen Vlogs"),
        tasks=_words(
            "make fresh pasta; bake sourdough bread; sear a steak; make ramen broth; "
            "cook perfect rice; make croissants at home; make a 15-minute curry; "
            "fold dumplings; make crispy roast potatoes; temper chocolate; "
            "make pizza dough; meal prep for the week"
        ),
        subjects=_words(
            "knife; cast iron; baking; spice; budget meal; meal prep; pasta; sourdough; "
            "air fryer; grilling; dessert; breakfast"
        ),
        items=_words(
            "Ninja air fryer; Le Creuset dutch oven; Instant Pot Duo; KitchenAid mixer; "
            "Ooni Koda 16; Vitamix E310; HexClad pan; Anova sous vide; "
            "Global chef's knife; Breville Barista Express; Lodge skillet; Thermapen One"
        ),
        persona="home cook",
        places=_words("Naples; my tiny kitchen; a night market; my grandmother's kitchen"),
    ),
    "gaming": Niche(
        themes=("Guides", "Pro Tips", "Game Reviews", "Stream Highlights"),
        tasks=_words(
            "beat the final boss; rank up fast; build the best loadout; speedrun level 1; "
            "farm gold efficiently; aim better in shooters; find every secret area; "
            "win more ranked games; set up OBS for streaming; master parry timing; "
            "build a base that survives; unlock the hidden ending"
        ),
        subjects=_words(
            "ranked; loadout; speedrun; controller; boss fight; build; streaming; aim; "
            "co-op; open world; strategy; esports"
        ),
        items=_words(
            "Elden Ring DLC; Baldur's Gate 3; Helldivers 2; Zelda: Tears of the Kingdom; "
            "Hades II; Balatro; Final Fantasy VII Rebirth; Stardew Valley 1.6; PS5 Pro; "
            "Switch OLED; Xbox Elite controller; Palworld"
        ),
        persona="full-time streamer",
        places=_words("Gamescom; my streaming room; a LAN party; PAX West"),
    ),
    "beauty": Niche(
        themes=("Makeup Tutorials", "Skincare Tips", "Product Reviews", "Beauty Vlogs"),
        tasks=_words(
            "do a natural makeup look; apply eyeliner perfectly; contour a round face; "
            "build a skincare routine; cover dark circles; do a glass skin routine; "
            "make lipstick last all day; fix cakey foundation; do a soft glam look; "
            "shape your brows; apply false lashes; do a 5-minute makeup routine"
        ),
        subjects=_words(
            "skincare; foundation; sunscreen; eyeliner; acne; lip; brow; hair care; "
            "retinol; dry skin; blush; concealer"
        ),
        items=_words(
            "Rare Beauty blush; Charlotte Tilbury Flawless Filter; CeraVe cleanser; "
            "Dyson Airwrap; The Ordinary niacinamide; Fenty Gloss Bomb; "
            "Glossier Cloud Paint; La Roche-Posay sunscreen; Olaplex No. 3; "
            "NARS concealer; Laneige lip mask; Maybelline Sky High"
        ),
        persona="makeup artist",
        places=_words("Sephora; Seoul; a bridal shoot; backstage at fashion week"),
    ),
    "finance": Niche(
        themes=("Money Explainers", "Money Tips", "App & Card Reviews", "Money Diaries"),
        tasks=_words(
            "build an emergency fund; start investing with $100; pay off credit card debt; "
            "make a budget that works; max out your retirement account; "
            "raise your credit score; buy your first ETF; negotiate a raise; "
            "file your taxes yourself; save for a house deposit; track your net worth; "
            "automate your savings"
        ),
        subjects=_words(
            "budgeting; index fund; credit score; side hustle; retirement; tax; debt; "
            "savings; mortgage; dividend; inflation; frugal living"
        ),
        items=_words(
            "Vanguard; Robinhood; YNAB; Chase Sapphire Preferred; Fidelity; Wise; Revolut; "
            "Amex Gold; Monarch Money; Trading 212; Wealthfront; "
            "Schwab Intelligent Portfolios"
        ),
        persona="personal finance coach",
        places=_words("Wall Street; my home office; a bank; a financial planner's office"),
    ),
    "education": Niche(
        themes=("Lessons", "Study Tips", "Book Reviews", "Study Vlogs"),
        tasks=_words(
            "solve quadratic equations; write a strong essay; learn a language fast; "
            "memorise anything; understand derivatives; read faster; take better notes; "
            "prepare for finals; learn to code in Python; "
            "understand the French Revolution; balance chemical equations; "
            "ace a job interview"
        ),
        subjects=_words(
            "exam; note-taking; productivity; calculus; history; physics; "
            "language learning; memory; study; focus; chemistry; writing"
        ),
        items=_words(
            "Atomic Habits; Deep Work; Notion; Anki; Make It Stick; Duolingo; "
            "Khan Academy; Sapiens; Obsidian; Thinking, Fast and Slow; Coursera; "
            "Brilliant"
        ),
        persona="student",
        places=_words("the library; Oxford; a study café; exam week"),
    ),
    "travel": Niche(
        themes=("Travel Guides", "Travel Tips", "Hotel Reviews", "Travel Vlogs"),
        tasks=_words(
            "plan a week in Japan; travel Europe on a budget; pack carry-on only; "
            "find cheap flights; spend 48 hours in Lisbon; road trip Iceland; "
            "get over jet lag; travel solo safely; use trains across Italy; "
            "plan a Bali itinerary; see Paris in 3 days; work remotely while travelling"
        ),
        subjects=_words(
            "packing; budget travel; airport; solo travel; hostel; road trip; carry-on; "
            "visa; travel insurance; street food; backpacking; layover"
        ),
        items=_words(
            "Aman Tokyo; Hoshinoya Kyoto; a Ryanair flight; the Eurail pass; "
            "Away carry-on; a capsule hotel; Singapore Airlines business class; "
            "Peak Design travel backpack; an overnight sleeper train; Marriott Bonvoy; "
            "Airalo eSIM; a Maldives overwater villa"
        ),
        persona="travel creator",
        places=_words("Kyoto; Lisbon; Reykjavik; Bali; Mexico City; the Amalfi Coast"),
    ),
}

NICHES: tuple[str, ...] = tuple(NICHE_DATA)


def niche(name: str) -> Niche:
    """The data of one niche (the caller has validated the name)."""
    return NICHE_DATA[name]
