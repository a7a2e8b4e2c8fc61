"""Synthetic sites for benchmarks: the sample content plus N generated news articles.

    .venv/bin/python tools/corpus.py --articles 10000 --out /tmp/corpus10k [--seed 1]

The output folder is replaced by a copy of `content/`, and the generated articles are added
under `news/YYYY/YYYY-MM-DD-slug.md`. Everything is built from the word lists and templates
below with one `random.Random(seed)`, so the same seed always gives byte-identical files.
A pool of invented surnames, places and clinics (also seeded) makes the vocabulary grow with
the number of articles, as it does in real news.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"

FIRST_YEAR, LAST_YEAR = 2016, 2025

TAGS = [
    "patients' rights", "training", "cancer care", "e-health", "nursing", "allied health",
    "waiting times", "health information", "quality and safety", "consultation",
    "support for families",
]  # fmt: skip
DIRECTORATES = [
    "allied-healthcare-professions", "nursing-services", "cancer-care-pathways",
    "health-informatics", "dar-kenn-ghal-sahhtek",
]  # fmt: skip
DIRECTORATE_NAMES = {
    "allied-healthcare-professions": "the Directorate Allied Healthcare Professions",
    "nursing-services": "the Directorate Nursing Services",
    "cancer-care-pathways": "the Directorate Cancer Care Pathways",
    "health-informatics": "the Directorate Health Informatics",
    "dar-kenn-ghal-sahhtek": "Dar Kenn Għal Saħħtek",
}


def _list(text: str, separator: str = "|") -> list[str]:
    """Split a word list written as one string."""
    return text.split() if separator == " " else text.split(separator)


# --- Word lists ------------------------------------------------------------------------------

FIRST_NAMES = _list(
    "Maria Joseph Anna Paul Claire Daniel Joanne Mark Rita Kevin Sarah Michael Christine "
    "Stephen Helen Alan Karen Luke Roberta Matthew Francesca Andrew Nadia Adrian Simone "
    "Josef Ġorġ Ċettina Ġużeppi Marija Pawlu Mikiel Ħelena Żaren Gabriella Elaine Neville "
    "Romina Clayton Yvonne Godwin Doris Charmaine Reuben Lara Nicole Carmen Thomas Ivan "
    "Huong Minh Lan Thao Phuong Tuan Linh Quang Hoa Dung",
    " ",
)
KNOWN_SURNAMES = _list(
    "Azzopardi Camilleri Vella Zammit Grech Farrugia Borg Galea Mifsud Attard Cassar Spiteri "
    "Micallef Caruana Fenech Pace Agius Muscat Abela Debono Sultana Schembri Bonnici Xuereb "
    "Ellul Said Calleja Gauci Bugeja Cutajar Żammit Ċaċhia Għirxi Tran Nguyen Pham Le Hoang",
    " ",
)
KNOWN_PLACES = [
    "Ħamrun",
    "Żejtun",
    "Għargħur",
    "Mġarr",
    "Birkirkara",
    "Qormi",
    "Żabbar",
    "Xagħra",
    "Għajnsielem",
    "Marsaxlokk",
    "Siġġiewi",
    "Mosta",
    "Rabat",
    "Paola",
    "Floriana",
    "Gżira",
    "Naxxar",
    "Żurrieq",
    "Kirkop",
    "Għaxaq",
    "Victoria",
    "Sliema",
    "Valletta",
    "Hà Nội",
    "Đà Nẵng",
    "Hải Phòng",
    "Huế",
    "Cần Thơ",
    "Nha Trang",
]
VIETNAMESE_PLACES = ["Hà Nội", "Đà Nẵng", "Hải Phòng", "Huế", "Cần Thơ", "Nha Trang"]
SYLLABLES_START = _list(
    "Ba Be Bor Ca Ce Ċi Da De Fa Fe Ga Ġe Gi Ħa Ħe Ka Ke La Le Ma Me Mi Na Ne Pa Pe Qa Qo "
    "Ra Re Sa Se Ta Te Va Ve Xa Xe Za Że Zi Għa Għe Lu Mu Nu Bu Tu Ko Lo",
    " ",
)
SYLLABLES_MIDDLE = _list(
    "bar ber ċer dar del far ġar ħal kar lar mar nar par qar rin sal tar var zar", " "
)
SYLLABLES_END = _list(
    "a ri lla ffa ni ja nu lu bri ċi ġa ħa ta za ra tti rdi zzi sa na ja ġi rb rġ ħ lli tal", " "
)
CLINIC_KINDS = [
    "Health Centre",
    "Community Clinic",
    "Polyclinic",
    "Day Centre",
    "Rehabilitation Unit",
    "Outpatients Clinic",
    "Nursing Home",
    "Wellbeing Hub",
]

SERVICES = _list(
    "physiotherapy|occupational therapy|speech and language therapy|podiatry|radiography|"
    "dietetics|chemotherapy|radiotherapy|palliative care|district nursing|wound care|"
    "diabetes care|mental health support|cardiac rehabilitation|breast screening|"
    "bowel screening|home visits|antenatal classes|child development checks|vaccination|"
    "blood tests|hearing tests|eye clinics|stroke rehabilitation|falls prevention|"
    "respiratory care|pain management|orthotics|audiology|the patient helpline"
)
GROUPS = _list(
    "patients|families|carers|older people|young people|parents|student nurses|nurses|"
    "therapists|radiographers|doctors|pharmacists|volunteers|patient groups|ward managers|"
    "community nurses|healthcare assistants|cancer patients|people with diabetes|"
    "people living alone|new mothers|school children|residents|clinic staff|trainees"
)
SUBJECTS = _list(
    "The office|The directorate|The service|The new team|The programme|The working group|"
    "Our staff|The clinic|The hospital|The ward team|The project board|The steering committee|"
    "The helpline|The training unit|The quality team|The records team|The pilot|Each hospital|"
    "The review panel|The community team"
)
VERBS = _list(
    "will offer|has extended|plans to expand|is testing|now provides|has improved|"
    "will review|is introducing|has reorganised|continues to support|has simplified|"
    "will publish|is upgrading|has trained staff in|will measure|has started|is piloting|"
    "will fund|has shortened|is moving|has opened|will coordinate|has strengthened|"
    "will monitor|is redesigning|has agreed to extend|is bringing together"
)
OBJECTS = _list(
    "appointments|waiting lists|referral forms|discharge plans|care pathways|online forms|"
    "patient records|consent forms|home visits|evening clinics|weekend sessions|follow-up calls|"
    "information leaflets|training courses|team meetings|phone lines|reminder messages|"
    "transport for patients|family rooms|interpreting services|feedback surveys|audit reports|"
    "infection checks|medicine reviews|care plans|booking systems|waiting areas|test results"
)
ADJECTIVES = _list(
    "clear|simple|safer|shorter|faster|local|regular|practical|friendly|accessible|reliable|"
    "secure|timely|flexible|consistent|specialist|joined-up|quieter|modern|free|personal|"
    "detailed|honest|steady|careful|confidential|welcoming|affordable|routine|urgent"
)
TIME_PHRASES = _list(
    "from next month|by the end of the year|over the summer|this autumn|from January|"
    "in the coming weeks|during the spring|over the next two years|before the winter|"
    "from Monday|after Easter|later this year|by September|in the first quarter|"
    "from the start of the new academic year"
)
REASONS = _list(
    "patients asked for it in our last survey|waiting times had grown too long|"
    "staff told us the old forms took too much time|families found the old process confusing|"
    "the number of referrals has doubled|an audit found gaps in follow-up|"
    "demand rises every winter|people travel a long way for short appointments|"
    "the old system was close to the end of its life|carers need more notice of changes|"
    "the evidence shows earlier care works better|many calls went unanswered at peak times"
)
FEELINGS = _list("pleased|proud|encouraged|grateful|confident|delighted|reassured|optimistic")
ROLES = _list(
    "Director|Chief Nursing Officer|senior physiotherapist|charge nurse|project lead|"
    "clinical manager|head of informatics|patient representative|consultant radiographer|"
    "nurse navigator|quality manager|volunteer coordinator|practice educator"
)
EXTRA_WORDS = _list(
    "approachable assessment benchmark budget calendar caseload checklist collaboration "
    "commitment community complaint continuity coordinator dashboard deadline dignity "
    "eligibility equipment evaluation evidence expertise facility guidance handover "
    "independence induction infrastructure inspection isolation leadership literacy "
    "maintenance milestone mobility network nutrition outcome outreach partnership "
    "prescription prevention priority procurement protocol recovery referral rehabilitation "
    "reliability resilience roster safeguarding schedule screening shift specialist "
    "stakeholder supervision survey sustainability telehealth therapy transparency triage "
    "upgrade vacancy ventilation volunteer wellbeing workforce workload workshop",
    " ",
)
FIGURE_UNITS = _list(
    "patients|appointments|nurses|families|referrals|calls|visits|sessions|beds|volunteers|"
    "students|forms|clinics|tests|home visits"
)
PROVERB = "Lương y như từ mẫu"

SUBHEADINGS = [
    "What changes",
    "Who can use the service",
    "How to book",
    "What patients told us",
    "Training for staff",
    "What happens next",
    "How it works",
    "Where to find us",
    "Support for families",
    "Why we made the change",
    "Results so far",
    "Have your say",
    "Opening hours",
    "Keeping you safe",
    "Your information",
    "Getting there",
]
HEADLINE_TEMPLATES = [
    "{Service} {time} at {clinic}",
    "New {adj} {object} for {group}",
    "{Group} in {place} to get {adj} {service}",
    "{Subject} {verb} {object}",
    "{Service} moves to {clinic}",
    "More {group} trained in {service}",
    "Shorter waits for {service} in {place}",
    "{Adj} {object} for {group} in {place}",
    "Consultation on {service} opens",
    "{Surname} to lead {service} review",
]

WORD = re.compile(r"\S+")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _invented(rng: random.Random, count: int, maker) -> list[str]:
    """Return `count` distinct names from `maker(rng)`, in the order they were made."""
    seen: dict[str, None] = {}
    while len(seen) < count:
        seen.setdefault(maker(rng), None)
    return list(seen)


def _surname(rng: random.Random) -> str:
    parts = [rng.choice(SYLLABLES_START)]
    if rng.random() < 0.6:
        parts.append(rng.choice(SYLLABLES_MIDDLE))
    parts.append(rng.choice(SYLLABLES_END))
    return "".join(parts)


def _place(rng: random.Random) -> str:
    name = _surname(rng)
    roll = rng.random()
    if roll < 0.15:
        return "Ħal " + name
    if roll < 0.25:
        return "Santa " + name
    return name


class Writer:
    """Makes headlines, sentences and whole articles from one seeded random source."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        pool = random.Random(rng.random())
        self.surnames = KNOWN_SURNAMES + _invented(pool, 2400, _surname)
        self.places = KNOWN_PLACES + _invented(pool, 900, _place)
        self.clinics = [
            f"{pool.choice(self.places)} {pool.choice(CLINIC_KINDS)}" for _ in range(600)
        ]
        self.authors = [
            f"{pool.choice(FIRST_NAMES)} {pool.choice(self.surnames)}" for _ in range(300)
        ]

    # Pieces -----------------------------------------------------------------------------
    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(self.surnames)}"

    def figure(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.4:
            return f"{rng.randint(2, 950)} {rng.choice(FIGURE_UNITS)}"
        if roll < 0.7:
            return f"{rng.randint(3, 97)} per cent of {rng.choice(GROUPS)}"
        return f"€{rng.randint(12, 990)},000"

    def fields(self) -> dict[str, str]:
        rng = self.rng
        return {
            "service": rng.choice(SERVICES),
            "group": rng.choice(GROUPS),
            "subject": rng.choice(SUBJECTS),
            "verb": rng.choice(VERBS),
            "object": rng.choice(OBJECTS),
            "adj": rng.choice(ADJECTIVES),
            "time": rng.choice(TIME_PHRASES),
            "place": rng.choice(self.places),
            "clinic": rng.choice(self.clinics),
            "surname": rng.choice(self.surnames),
        }

    def headline(self) -> str:
        values = self.fields()
        values.update({key.capitalize(): _cap(value) for key, value in list(values.items())})
        return _cap(self.rng.choice(HEADLINE_TEMPLATES).format(**values))

    def sentence(self, directorate: str) -> str:
        rng = self.rng
        f = self.fields()
        kind = rng.randrange(14)
        if kind == 0:
            text = f"{f['subject']} {f['verb']} {f['object']} for {f['group']} {f['time']}"
        elif kind == 1:
            text = (
                f"{f['subject']} {f['verb']} {f['adj']} {f['object']} at {f['clinic']}, "
                f"because {rng.choice(REASONS)}"
            )
        elif kind == 2:
            text = f"Last year {self.figure()} used {f['service']} in {f['place']}"
        elif kind == 3:
            text = (
                f'"We are {rng.choice(FEELINGS)} with how {f["group"]} have responded," said '
                f"{self.person()}, {rng.choice(ROLES)}"
            )
        elif kind == 4:
            text = f"{_cap(DIRECTORATE_NAMES[directorate])} {f['verb']} {f['service']}"
        elif kind == 5:
            text = (
                f"Staff at {f['clinic']} will see {rng.randint(12, 900)} "
                f"{rng.choice(FIGURE_UNITS)} each month"
            )
        elif kind == 6:
            text = f"{_cap(f['group'])} can ask for {f['adj']} {f['object']}"
        elif kind == 7:
            extra = " ".join(rng.sample(EXTRA_WORDS, 3))
            text = (
                f"The plan covers {extra.replace(' ', ', ', 1).replace(' ', ' and ', 1)} for "
                f"{f['service']}, and {rng.choice(REASONS)}"
            )
        elif kind == 8:
            text = f"This is {f['adj']}"
        elif kind == 9:
            text = (
                f"{f['subject']} worked with {f['group']} from {f['place']} and "
                f"{rng.choice(self.places)} to plan {f['service']} {f['time']}"
            )
        elif kind == 10:
            text = f"{_cap(f['service'])} will be {f['adj']} and {rng.choice(ADJECTIVES)}"
        elif kind == 11 and rng.random() < 0.08:
            text = (
                f"A team from {rng.choice(VIETNAMESE_PLACES)} visited {f['clinic']} to "
                f"share ideas on {f['service']}; their motto, “{PROVERB}”, means a good "
                "healer is like a caring mother"
            )
        elif kind == 11:
            text = f"The {f['adj']} {f['object']} will save about €{rng.randint(5, 400)},000 a year"
        elif kind == 12:
            text = (
                f"If you have questions about {f['object']}, call {f['clinic']} on "
                f"+356 2{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
            )
        else:
            text = f"The {rng.choice(EXTRA_WORDS)} for {f['service']} {f['verb']} {f['object']}"
        return _cap(text) + "."

    def summary(self, directorate: str) -> str:
        while True:
            f = self.fields()
            text = (
                f"{f['subject']} {f['verb']} {f['adj']} {f['object']} for {f['group']} in "
                f"{f['place']} {f['time']}, because {self.rng.choice(REASONS)}."
            )
            if 15 <= len(text.split()) <= 30:
                return text

    def body(self, directorates: list[str]) -> str:
        rng = self.rng
        target = rng.randint(300, 850)
        blocks: list[str] = []
        words = 0
        headings = rng.sample(SUBHEADINGS, 3)
        with_list = rng.random() < 0.5
        while words < target:
            if blocks and headings and rng.random() < 0.18:
                blocks.append("## " + headings.pop())
                words += 3
                if with_list:
                    with_list = False
                    blocks.append(rng.choice(["You can:", "The changes include:"]))
                    items = [
                        f"- {rng.choice(ADJECTIVES)} {rng.choice(OBJECTS)} for {rng.choice(GROUPS)}"
                        for _ in range(rng.randint(3, 5))
                    ]
                    blocks.append("\n".join(items))
                    words += 2 + 4 * len(items)
                continue
            sentences = []
            for _ in range(rng.randint(2, 6)):
                sentence = self.sentence(rng.choice(directorates))
                sentences.append(sentence)
                words += len(sentence.split())
                if words >= target:
                    break
            blocks.append(" ".join(sentences))
        return "\n\n".join(blocks) + "\n"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words[:7]) or "news"


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(f'"{item}"' if "'" in item else item for item in items) + "]"


def generate(out: Path, articles: int, seed: int = 1) -> dict:
    """Replace `out` with the sample content plus `articles` generated news items."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(SAMPLE, out)
    images = sorted(path.name for path in (out / "images" / "news").glob("*.svg"))
    rng = random.Random(seed)
    writer = Writer(rng)
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    total_words = 0
    made_folders: set[int] = set()
    for number in range(1, articles + 1):
        year = years[(number - 1) % len(years)] if number <= len(years) else rng.choice(years)
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        stamp = f"{day.isoformat()} {rng.randint(7, 18):02d}:{rng.choice(range(0, 60, 5)):02d}"
        title = writer.headline()
        slug = f"{slugify(title)}-{number}"
        directorates = rng.sample(DIRECTORATES, rng.randint(1, 2))
        authors = [rng.choice(writer.authors) for _ in range(1 if rng.random() < 0.85 else 2)]
        lines = [
            "---",
            f"title: {title}",
            f"date: {stamp}",
            f"authors: [{', '.join(dict.fromkeys(authors))}]",
            f"summary: {writer.summary(directorates[0])}",
            f"tags: {_flow(rng.sample(TAGS, rng.randint(1, 3)))}",
            f"directorates: [{', '.join(directorates)}]",
        ]
        if images and rng.random() < 0.1:
            picture = rng.choice(images)
            lines += [
                "image:",
                f"  src: images/news/{picture}",
                f"  alt: Illustration of {rng.choice(GROUPS)} at {rng.choice(writer.clinics)}.",
                f"  caption: {_cap(rng.choice(SERVICES))} for {rng.choice(GROUPS)}.",
                "  width: 1200",
                "  height: 630",
            ]
        body = writer.body(directorates)
        total_words += len(body.split())
        folder = out / "news" / str(year)
        if year not in made_folders:
            folder.mkdir(parents=True, exist_ok=True)
            made_folders.add(year)
        text = "\n".join([*lines, "---", body])
        (folder / f"{day.isoformat()}-{slug}.md").write_text(text, encoding="utf-8")
    return {"articles": articles, "words": total_words, "out": str(out)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, required=True, help="how many news items")
    parser.add_argument("--out", type=Path, required=True, help="folder to (re)create")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = generate(args.out, args.articles, args.seed)
    seconds = time.perf_counter() - started
    print(
        f"wrote {result['articles']} articles, {result['words']} words of body text "
        f"to {result['out']} in {seconds:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
