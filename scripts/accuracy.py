#!/usr/bin/env python3
"""Accuracy of the default rule pack's `utcOffset` against libphonenumber.

Samples phone numbers of four kinds (seeded, reproducible), asks the pack (`enrich run`) and
libphonenumber (Python `phonenumbers`) for each number's UTC offset at fixed reference times, scores
both against a truth defined per kind, and writes docs/accuracy.md.

    python scripts/accuracy.py --enrich .build-acc/release/enrich          # see --help

Run it through scripts/accuracy.sh, which builds enrich and prepares the venv with `phonenumbers`.
It reads whatever rules/ holds: re-run it after the pack changes. The reference data (the Russian
numbering-plan registry and libphonenumber's resource files) is read from outside the repository
(--data, default ../shared/data next to the work tree) and never copied into it.

Kinds and their truth:
  ru-mobile    Russian mobiles: numbers inside every range of DEF-9xx.csv (not the nationwide ones);
               truth = the zone of the range's territory in rules/sources/ru-region-zones.tsv.
               NOT independent of the pack: the pack is generated from the same registry and table.
  ru-landline  Russian landlines: numbers under each +7 3xx/4xx/8xx code of libphonenumber's
               geocoding/ru/7.txt; truth = the region name through REGION_NAME_ZONES below (our own
               mapping, written for this script, not the pack's table).
  kz           Kazakhstan (+7 6xx/7xx): truth = UTC+5 (the whole country since 1 March 2024).
  world        Other countries, numbers generated valid by libphonenumber; truth = libphonenumber's
               zone's offset when it gives one zone or several zones with one offset at the reference time,
               else "no single zone" (then writing nothing is right).
Offsets come from Python's zoneinfo (the system tz database) at the reference time, rounded down to
whole hours (Liner takes whole hours; the pack rounds fractional zones down too).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import functools
import hashlib
import json
import os
import platform
import random
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers as pn
from phonenumbers import timezone as pn_timezone

sys.path.insert(0, str(Path(__file__).resolve().parent))
import phone_fields  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TIMES = ["2026-11-25T09:00:00Z", "2026-07-15T09:00:00Z"]
UNKNOWN_ZONE = "Etc/Unknown"

# ---------------------------------------------------------------------------------------------
# Our own mapping of libphonenumber's Russian region names (geocoding/ru/7.txt) to IANA zones.
# Written for this check from the regions' official time (not copied from the pack's
# rules/sources/ru-landline-regions.tsv), so that the landline table is checked against a second,
# independent reading. Keys are compared after normalize_name(): case, accents (7857 is written
# "Луга́нская Наро́дная Респу́блика"), punctuation and spacing do not matter.
REGION_NAME_ZONES = {
    # Moscow time (+3)
    "г. Москва": "Europe/Moscow",
    "Московская обл.": "Europe/Moscow",
    "г. Санкт-Петербург": "Europe/Moscow",
    "Ленинградская обл.": "Europe/Moscow",
    "Архангельская обл.": "Europe/Moscow",
    "Белгородская обл.": "Europe/Moscow",
    "Брянская обл.": "Europe/Moscow",
    "Владимирская обл.": "Europe/Moscow",
    "Вологодская обл.": "Europe/Moscow",
    "Воронежская обл.": "Europe/Moscow",
    "Ивановская обл.": "Europe/Moscow",
    "Калужская обл.": "Europe/Moscow",
    "Кировская обл.": "Europe/Kirov",
    "Костромская обл.": "Europe/Moscow",
    "Краснодарский край": "Europe/Moscow",
    "Курская обл.": "Europe/Moscow",
    "Липецкая обл.": "Europe/Moscow",
    "Мурманская обл.": "Europe/Moscow",
    "Нижегородская обл.": "Europe/Moscow",
    "Новгородская обл.": "Europe/Moscow",
    "Орловская обл.": "Europe/Moscow",
    "Пензенская обл.": "Europe/Moscow",
    "Псковская обл.": "Europe/Moscow",
    "Ростовская обл.": "Europe/Moscow",
    "Рязанская обл.": "Europe/Moscow",
    "Смоленская обл.": "Europe/Moscow",
    "Ставропольский край": "Europe/Moscow",
    "Тамбовская обл.": "Europe/Moscow",
    "Тверская обл.": "Europe/Moscow",
    "Тульская обл.": "Europe/Moscow",
    "Ярославская обл.": "Europe/Moscow",
    "Республика Адыгея": "Europe/Moscow",
    "Республика Дагестан": "Europe/Moscow",
    "Республика Ингушетия": "Europe/Moscow",
    "Республика Кабардино-Балкарская": "Europe/Moscow",
    "Республика Калмыкия": "Europe/Moscow",
    "Республика Карачаево-Черкесская": "Europe/Moscow",
    "Республика Карелия": "Europe/Moscow",
    "Республика Коми": "Europe/Moscow",
    "Республика Марий Эл": "Europe/Moscow",
    "Республика Мордовия": "Europe/Moscow",
    "Республика Северная Осетия - Алания": "Europe/Moscow",
    "Республика Татарстан": "Europe/Moscow",
    "Республика Чеченская": "Europe/Moscow",
    "Чувашская Республика - Чувашия": "Europe/Moscow",
    "Республика Крым": "Europe/Simferopol",
    "г. Севастополь": "Europe/Simferopol",
    # De facto Moscow time; tzdata has no zone of their own (Europe/Kyiv would say +2).
    "Донецкая Народная Республика": "Europe/Moscow",
    "Луганская Народная Республика": "Europe/Moscow",
    "Херсонская область": "Europe/Moscow",
    # Volgograd (+3 again since Dec 2020), Kaliningrad (+2)
    "Волгоградская обл.": "Europe/Volgograd",
    "Калининградская обл.": "Europe/Kaliningrad",
    # Samara time (+4) and the regions on their own +4 zones
    "Астраханская обл.": "Europe/Astrakhan",
    "Самарская обл.": "Europe/Samara",
    "Саратовская обл.": "Europe/Saratov",
    "Ульяновская обл.": "Europe/Ulyanovsk",
    "Республика Удмуртская": "Europe/Samara",
    # Yekaterinburg time (+5)
    "Свердловская обл.": "Asia/Yekaterinburg",
    "Челябинская обл.": "Asia/Yekaterinburg",
    "Курганская обл.": "Asia/Yekaterinburg",
    "Тюменская обл.": "Asia/Yekaterinburg",
    "Оренбургская обл.": "Asia/Yekaterinburg",
    "Пермский край": "Asia/Yekaterinburg",
    "Республика Башкортостан": "Asia/Yekaterinburg",
    "Ханты-Мансийский-Югра АО": "Asia/Yekaterinburg",
    "Ямало-Ненецкий АО": "Asia/Yekaterinburg",
    # Baikonur: a town in Kazakhstan's Kyzylorda region leased to Russia, with Russian numbers
    # (+7 336); it keeps Kazakhstan's time, +5.
    "Байконыр": "Asia/Qyzylorda",
    # Omsk (+6)
    "Омская обл.": "Asia/Omsk",
    # +7
    "Новосибирская обл.": "Asia/Novosibirsk",
    "Томская обл.": "Asia/Tomsk",
    "Алтайский край": "Asia/Barnaul",
    "Республика Алтай": "Asia/Barnaul",
    "Кемеровская обл.": "Asia/Novokuznetsk",
    "Красноярский край": "Asia/Krasnoyarsk",
    "Республика Хакасия": "Asia/Krasnoyarsk",
    "Республика Тыва": "Asia/Krasnoyarsk",
    # Irkutsk time (+8)
    "Иркутская обл.": "Asia/Irkutsk",
    "Республика Бурятия": "Asia/Irkutsk",
    # +9
    "Забайкальский край": "Asia/Chita",
    "Амурская обл.": "Asia/Yakutsk",
    # Yakutia spans +9, +10 and +11; its code 7411 is Yakutsk (+9).
    "Республика Саха /Якутия/": "Asia/Yakutsk",
    # +10
    "Приморский край": "Asia/Vladivostok",
    "Хабаровский край": "Asia/Vladivostok",
    "Еврейская автономная обл.": "Asia/Vladivostok",
    # +11
    "Магаданская обл.": "Asia/Magadan",
    "Сахалинская обл.": "Asia/Sakhalin",
    # +12
    "Камчатский край": "Asia/Kamchatka",
    "Чукотский АО": "Asia/Anadyr",
}

# The data README's known errors of libphonenumber, applied by area code whatever the name says.
LANDLINE_FIXES = {
    "740": "Europe/Kaliningrad",   # libphonenumber: Europe/Bucharest (summer time; Kaliningrad has none)
    "7845": "Europe/Saratov",      # libphonenumber: Europe/Moscow (Saratov is +4 since Dec 2016)
}

KAZAKHSTAN_OFFSET = 5   # the whole country since 1 March 2024

# Other countries (ISO 3166 codes), in the order of the report.
WORLD_COUNTRIES = [
    ("BY", "Belarus"), ("UZ", "Uzbekistan"), ("KG", "Kyrgyzstan"), ("TJ", "Tajikistan"),
    ("TM", "Turkmenistan"), ("AZ", "Azerbaijan"), ("AM", "Armenia"), ("GE", "Georgia"),
    ("MD", "Moldova"), ("UA", "Ukraine"), ("TR", "Turkey"), ("AE", "UAE"), ("IL", "Israel"),
    ("AT", "Austria"), ("BE", "Belgium"), ("BG", "Bulgaria"), ("HR", "Croatia"), ("CY", "Cyprus"),
    ("CZ", "Czechia"), ("DK", "Denmark"), ("EE", "Estonia"), ("FI", "Finland"), ("FR", "France"),
    ("DE", "Germany"), ("GR", "Greece"), ("HU", "Hungary"), ("IE", "Ireland"), ("IT", "Italy"),
    ("LV", "Latvia"), ("LT", "Lithuania"), ("LU", "Luxembourg"), ("MT", "Malta"),
    ("NL", "Netherlands"), ("PL", "Poland"), ("PT", "Portugal"), ("RO", "Romania"),
    ("SK", "Slovakia"), ("SI", "Slovenia"), ("ES", "Spain"), ("SE", "Sweden"),
    ("GB", "United Kingdom"), ("US", "United States"), ("CA", "Canada"),
]

NUMBER_TYPES = [  # (type, how many valid variations of its example number to look for)
    (pn.PhoneNumberType.FIXED_LINE, 8), (pn.PhoneNumberType.MOBILE, 8),
    (pn.PhoneNumberType.FIXED_LINE_OR_MOBILE, 4), (pn.PhoneNumberType.TOLL_FREE, 2),
    (pn.PhoneNumberType.PREMIUM_RATE, 2), (pn.PhoneNumberType.SHARED_COST, 2),
    (pn.PhoneNumberType.VOIP, 2), (pn.PhoneNumberType.PERSONAL_NUMBER, 2),
    (pn.PhoneNumberType.PAGER, 1), (pn.PhoneNumberType.UAN, 2), (pn.PhoneNumberType.VOICEMAIL, 1),
]

KIND_TITLES = {
    "ru-mobile": "Russian mobiles (registry ranges)",
    "ru-landline": "Russian landlines (+7 3xx/4xx/8xx)",
    "kz": "Kazakhstan (+7 6xx/7xx)",
    "world-single": "Other countries: single-zone countries",
    "world-multi": "Other countries: several zones (US, CA, GB, IE, ES, PT, FI, IT)",
}
KIND_ORDER = list(KIND_TITLES)


# ---------------------------------------------------------------------------------------------
@dataclass
class Sample:
    kind: str
    group: str                 # country or registry/geocoding label, for breakdowns
    digits: str                # E.164 digits, no "+"
    truth_zones: tuple = ()    # the zone(s) the truth rests on
    truth_fixed: int | None = None   # a fixed offset (Kazakhstan)
    no_truth: str | None = None      # why there is no truth for this number
    source: str = ""           # where the number came from (range, prefix, type)
    id: int = 0
    pack: dict = field(default_factory=dict)    # time -> offset | None
    lpn: dict = field(default_factory=dict)     # time -> libphonenumber's offset | None
    rule: dict = field(default_factory=dict)    # time -> "rule (row)" that wrote utcOffset

    @property
    def single_zone_truth(self) -> bool:
        return self.truth_fixed is not None or len(self.truth_zones) == 1


def normalize_name(name: str) -> str:
    text = unicodedata.normalize("NFD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("ё", "е")
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


@functools.lru_cache(maxsize=None)
def offset_hours(zone: str, when: dt.datetime) -> int:
    seconds = when.astimezone(ZoneInfo(zone)).utcoffset().total_seconds()
    return int(seconds // 3600)   # floor: -3:30 -> -4, +5:30 -> +5


def parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def read_prefix_file(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        prefix, _, value = line.partition("|")
        out[prefix.strip()] = value.strip()
    return out


def read_region_zones(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) >= 2:
            out[cells[0].strip()] = cells[1].split("#")[0].strip()
    return out


def random_digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def parse_e164(digits: str):
    try:
        return pn.parse("+" + digits)
    except pn.NumberParseException:
        return None


# ---------------------------------------------------------------------------------------------
# Sampling

def sample_ru_mobiles(rng, registry: Path, region_zones: dict, per_range: int, stats: dict) -> list[Sample]:
    out = []
    ranges = nationwide = 0
    text = registry.read_text(encoding="utf-8-sig")
    for line_no, line in enumerate(text.splitlines(), 1):
        if line_no == 1 or not line.strip():
            continue
        cells = [c.strip() for c in line.split(";")]
        code, first, last = cells[0], int(cells[1]), int(cells[2])
        territory = cells[6].split("|")[-1].strip()
        if territory == "Российская Федерация":
            nationwide += 1
            continue
        ranges += 1
        picks = [first, last]
        size = last - first + 1
        extra = min(per_range - 2, max(size - 2, 0))
        if extra > 0:
            picks += rng.sample(range(first + 1, last), extra) if size > 2 else []
        zone = region_zones.get(territory)
        for sub in dict.fromkeys(picks[:per_range]):
            out.append(Sample(
                kind="ru-mobile", group=territory, digits=f"7{code}{sub:07d}",
                truth_zones=(zone,) if zone else (),
                no_truth=None if zone else f"territory not in ru-region-zones.tsv: {territory}",
                source=f"DEF-9xx.csv:{line_no} {code} {first:07d}-{last:07d}"))
    stats["ranges"] = ranges
    stats["nationwide"] = nationwide
    return out


def valid_completion(rng, prefix: str, total_len: int, tries: int, region: str | None = None):
    """A number of total_len digits starting with prefix that libphonenumber says is valid, or
    (after tries) the last random one. Returns (digits, valid)."""
    digits = prefix + random_digits(rng, total_len - len(prefix))
    for _ in range(tries):
        number = parse_e164(digits)
        if number is not None and pn.is_valid_number(number) and (
                region is None or pn.region_code_for_number(number) == region):
            return digits, True
        digits = prefix + random_digits(rng, total_len - len(prefix))
    return digits, False


def sample_ru_landlines(rng, geocoding: dict, per_code: int, stats: dict) -> list[Sample]:
    out = []
    names = {normalize_name(k): v for k, v in REGION_NAME_ZONES.items()}
    unmapped = collections.Counter()
    invalid = 0
    codes = sorted(p for p in geocoding if p[:2] in ("73", "74", "78"))
    for prefix in codes:
        name = geocoding[prefix]
        zone = LANDLINE_FIXES.get(prefix) or names.get(normalize_name(name))
        if zone is None:
            unmapped[name] += per_code
        seen = set()
        for _ in range(per_code):
            digits, valid = valid_completion(rng, prefix, 11, 40)
            if digits in seen:
                continue
            seen.add(digits)
            invalid += not valid
            out.append(Sample(
                kind="ru-landline", group=f"{prefix} {name}", digits=digits,
                truth_zones=(zone,) if zone else (),
                no_truth=None if zone else f"region name not mapped: {name}",
                source=f"geocoding {prefix}"))
    stats["codes"] = len(codes)
    stats["unmapped"] = dict(unmapped)
    stats["invalid"] = invalid
    return out


def type_variations(rng, region: str, cc: int, quota_scale: float = 1.0):
    """Valid numbers of region made from its example number of each type with varied digits."""
    found = []
    for number_type, quota in NUMBER_TYPES:
        example = pn.example_number_for_type(region, number_type)
        if example is None:
            continue
        national = pn.national_significant_number(example)
        if pn.is_valid_number(example) and pn.region_code_for_number(example) == region:
            # (KZ's examples for toll-free and premium numbers are Russian +7 800/809 ones.)
            found.append((str(cc) + national, pn.PhoneNumberType.to_string(number_type), True))
        want = max(1, round(quota * quota_scale))
        got = tries = 0
        while got < want and tries < want * 150:
            tries += 1
            keep = rng.randint(1, min(3, len(national) - 1))
            digits = str(cc) + national[:keep] + random_digits(rng, len(national) - keep)
            number = parse_e164(digits)
            if (number is not None and pn.is_valid_number(number)
                    and pn.region_code_for_number(number) == region
                    and pn.number_type(number) == number_type):
                found.append((digits, pn.PhoneNumberType.to_string(number_type), True))
                got += 1
    return found


def sample_kazakhstan(rng, geocoding: dict, per_code: int, random_6xx: int, stats: dict) -> list[Sample]:
    out = []
    seen = set()

    def add(digits, group, source):
        if digits not in seen:
            seen.add(digits)
            out.append(Sample(kind="kz", group=group, digits=digits, truth_fixed=KAZAKHSTAN_OFFSET,
                              source=source))

    invalid = 0
    for prefix in sorted(p for p in geocoding if p.startswith("77")):
        for _ in range(per_code):
            digits, valid = valid_completion(rng, prefix, 11, 40)
            invalid += not valid
            add(digits, "7 7xx geocoded", f"geocoding {prefix} {geocoding[prefix]}")
    for digits, type_name, _ in type_variations(rng, "KZ", 7, 2.0):
        add(digits, "7 7xx by type", f"libphonenumber KZ {type_name}")
    for _ in range(random_6xx):
        add("76" + random_digits(rng, 9), "7 6xx", "random 6xx")
    stats["invalid_geocoded"] = invalid
    return out


def world_truth(number) -> tuple:
    zones = tuple(pn_timezone.time_zones_for_number(number))
    return () if zones == (UNKNOWN_ZONE,) else zones


def sample_world(rng, per_prefix: int, nanp_per_prefix: int, stats: dict) -> list[Sample]:
    out = []
    seen = set()
    tz_prefixes = sorted(pn.tzdata.TIMEZONE_DATA)
    wanted = {code for code, _ in WORLD_COUNTRIES}

    def add(region, digits, source):
        if digits in seen:
            return
        number = parse_e164(digits)
        if number is None or not pn.is_valid_number(number) or pn.region_code_for_number(number) != region:
            return
        seen.add(digits)
        zones = world_truth(number)
        out.append(Sample(kind="world", group=region, digits=digits, truth_zones=zones, source=source))

    for region, _ in WORLD_COUNTRIES:
        cc = pn.country_code_for_region(region)
        for digits, type_name, _ in type_variations(rng, region, cc):
            add(region, digits, f"{type_name}")
    # Every prefix of libphonenumber's time-zone map under the country codes (US/Canada: area codes
    # and the split ones), a few valid numbers each.
    for cc in sorted({pn.country_code_for_region(r) for r in wanted}):
        regions = [r for r in pn.region_codes_for_country_code(cc) if r in wanted]
        lengths = sorted({length for r in regions
                          for length in pn.PhoneMetadata.metadata_for_region(r).general_desc.possible_length})
        count = nanp_per_prefix if cc == 1 else per_prefix
        for prefix in tz_prefixes:
            if not prefix.startswith(str(cc)) or len(prefix) <= len(str(cc)):
                continue
            rest = prefix[len(str(cc)):]
            fitting = [n for n in lengths if n > len(rest)]
            got = tries = 0
            while fitting and got < count and tries < count * 60:
                tries += 1
                digits = prefix + random_digits(rng, rng.choice(fitting) - len(rest))
                number = parse_e164(digits)
                if number is None or not pn.is_valid_number(number):
                    continue
                region = pn.region_code_for_number(number)
                if region in regions and digits not in seen:
                    add(region, digits, f"tz prefix {prefix}")
                    got += 1
    stats["countries"] = len(WORLD_COUNTRIES)
    return out


def single_zone_countries() -> set[str]:
    """Countries whose every prefix in libphonenumber's time-zone map gives the same single zone."""
    out = set()
    for region, _ in WORLD_COUNTRIES:
        cc = str(pn.country_code_for_region(region))
        if len(pn.region_codes_for_country_code(int(cc))) > 1:
            continue   # shared code (+1, +44 with the Channel Islands, +7...)
        zones = set()
        for prefix, zs in pn.tzdata.TIMEZONE_DATA.items():
            if prefix.startswith(cc):
                zones |= set(zs)
        if len(zones) == 1:
            out.add(region)
    return out


# ---------------------------------------------------------------------------------------------
# Answers

def run_pack(enrich: str, rules: Path, samples: list[Sample], when: str, work: Path) -> dict:
    leads = work / "leads.jsonl"
    if not leads.exists():
        with leads.open("w", encoding="utf-8") as f:
            for s in samples:
                f.write(json.dumps({"id": s.id, "phone": "+" + s.digits}) + "\n")
    out_path = work / f"enrich-{when.replace(':', '')}.jsonl"
    err_path = work / f"enrich-{when.replace(':', '')}.stderr"
    with out_path.open("w") as out, err_path.open("w") as err:
        rc = subprocess.run([enrich, "run", "--rules", str(rules), "--input", str(leads),
                             "--now", when, "--explain"], stdout=out, stderr=err).returncode
    if rc not in (0, 1):
        sys.exit(f"accuracy: enrich run exited {rc}; see {err_path}")
    by_id = {s.id: s for s in samples}
    with out_path.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            s = by_id[record["leadId"]]
            if "utcOffset" in record["patch"]:
                s.pack[when] = record["patch"]["utcOffset"]
                for change in record.get("changes", []):
                    if change.get("field") == "utcOffset":
                        row = change.get("row") or {}
                        key = str(row.get("key", "")).strip('"')
                        s.rule[when] = change.get("rule", "?") + (f" [{key}]" if key else "")
    failed = [l for l in err_path.read_text(encoding="utf-8").splitlines() if ": error:" in l]
    return {"rc": rc, "failed": len(failed), "failed_examples": failed[:5]}


def lpn_answer(digits: str, when: dt.datetime, cache: dict):
    key = digits
    if key not in cache:
        number = parse_e164(digits)
        cache[key] = world_truth(number) if number is not None else ()
    zones = cache[key]
    return common_offset(zones, when), zones


@functools.lru_cache(maxsize=None)
def common_offset(zones: tuple, when: dt.datetime):
    """The offset all zones share at when, or None (no zones, or they differ)."""
    offsets = {offset_hours(z, when) for z in zones}
    return offsets.pop() if len(offsets) == 1 else None


def truth_offset(s: Sample, when: dt.datetime):
    """(has_truth, offset or None for 'no single zone')."""
    if s.no_truth:
        return False, None
    if s.truth_fixed is not None:
        return True, s.truth_fixed
    # Zones that share one offset at that time (London, Jersey, Guernsey) still give one answer.
    if s.truth_zones:
        return True, common_offset(tuple(s.truth_zones), when)
    return True, None


def verdict(answer, truth):
    """correct / wrong (another offset) / wrote (an offset where the truth is "no single zone":
    not correct either) / undecided."""
    if truth is None:
        return "correct" if answer is None else "wrote"
    if answer is None:
        return "undecided"
    return "correct" if answer == truth else "wrong"


# ---------------------------------------------------------------------------------------------
# Report

def pct(part: int, whole: int) -> str:
    return "–" if whole == 0 else f"{100.0 * part / whole:.2f} %"


def fmt_offset(value) -> str:
    return "—" if value is None else f"{value:+d}"


def tzdata_version() -> str:
    for path in ("/usr/share/zoneinfo/tzdata.zi",):
        try:
            with open(path, encoding="utf-8") as f:
                first = f.readline().strip()
            if first.startswith("# version"):
                return first.split()[-1] + " (system)"
        except OSError:
            pass
    try:
        import tzdata  # type: ignore
        return tzdata.IANA_VERSION + " (tzdata package)"
    except Exception:
        return "unknown"


def rules_fingerprint(rules: Path) -> tuple[str, list[str]]:
    digest = hashlib.sha256()
    files = sorted(p for p in rules.rglob("*") if p.is_file() and not p.name.startswith("."))
    for p in files:
        digest.update(str(p.relative_to(rules)).encode() + b"\0" + p.read_bytes())
    return digest.hexdigest()[:16], [str(p.relative_to(rules)) for p in files if p.suffix == ".rules"]


def git_head() -> str:
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "rules"],
                               capture_output=True, text=True).stdout.strip()
        return head + (" (rules/ has uncommitted changes)" if dirty else "")
    except Exception:
        return "unknown"


def shared_zone(map_data: dict, digits: str):
    """The zones of the longest prefix of the reference map_data.txt (what the pack's world table
    was generated from), to tell a data-version difference from a pack error."""
    for end in range(len(digits), 0, -1):
        if digits[:end] in map_data:
            return digits[:end], tuple(map_data[digits[:end]].split("&"))
    return None, ()


# ---------------------------------------------------------------------------------------------
# Phone fields as people write them (scripts/phone_fields.py)

def run_fields(enrich: str, rules: Path, fields: list, when: str, work: Path) -> dict:
    leads = work / "fields.jsonl"
    if not leads.exists():
        with leads.open("w", encoding="utf-8") as f:
            for i, fld in enumerate(fields, 1):
                f.write(json.dumps({"id": i, "phone": fld.text}, ensure_ascii=False) + "\n")
    out_path = work / f"fields-{when.replace(':', '')}.jsonl"
    with out_path.open("w") as out, (work / "fields.stderr").open("w") as err:
        rc = subprocess.run([enrich, "run", "--rules", str(rules), "--input", str(leads), "--now", when],
                            stdout=out, stderr=err).returncode
    if rc not in (0, 1):
        sys.exit(f"accuracy: enrich run (fields) exited {rc}")
    patches = {}
    for line in out_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        patches[record["leadId"]] = record["patch"]
    return patches


def lpn_field_answer(text: str, when: dt.datetime):
    """libphonenumber's reading of a field: the first number its matcher finds (region RU), and the
    offset its zones share."""
    try:
        match = next(iter(pn.PhoneNumberMatcher(text, "RU")), None)
    except Exception:  # noqa: BLE001 - a field libphonenumber cannot read is undecided
        match = None
    if match is None:
        return None, None
    zones = tuple(z for z in pn_timezone.time_zones_for_number(match.number) if z != "Etc/Unknown")
    return common_offset(zones, when), pn.format_number(match.number, pn.PhoneNumberFormat.E164)


def same_number(text: str, phone: str) -> bool:
    """Whether a rewritten phone is the field's only number with nothing else dropped."""
    digits = "".join(ch for ch in text if ch.isdigit() and ch.isascii())
    if digits.startswith("8") and len(digits) == 11:
        digits = "7" + digits[1:]
    return phone.lstrip("+") == digits


def score_fields(fields: list, patches: dict, when: str) -> dict:
    moment = parse_time(when)
    per_kind = {k: collections.Counter() for k, _ in phone_fields.KINDS}
    examples = collections.defaultdict(list)
    for i, fld in enumerate(fields, 1):
        c = per_kind[fld.kind]
        c["fields"] += 1
        truth = offset_hours(fld.zone, moment) if fld.zone else None
        patch = patches.get(i, {})
        pack = patch.get("utcOffset")
        lpn, lpn_e164 = lpn_field_answer(fld.text, moment)
        for who, answer in (("pack", pack), ("lpn", lpn)):
            if truth is None:
                c[who + (" correct" if answer is None else " wrong")] += 1
            elif answer is None:
                c[who + " undecided"] += 1
            else:
                c[who + (" correct" if answer == truth else " wrong")] += 1
        if "phone" in patch:
            c["pack rewrites"] += 1
            lossless = (fld.alone is True and patch["phone"] == "+" + (fld.e164 or "")) or \
                (fld.alone is None and same_number(fld.text, patch["phone"]))
            if not lossless:
                c["pack lossy"] += 1
                examples[fld.kind].append((fld.text, patch))
        if lpn_e164 is not None:
            # Rewriting the phone to the matcher's number would keep it only when it is alone.
            c["lpn rewrites"] += 1
            if not ((fld.alone is True and lpn_e164 == "+" + (fld.e164 or "")) or
                    (fld.alone is None and same_number(fld.text, lpn_e164))):
                c["lpn lossy"] += 1
        if (truth is None and pack is not None) or (truth is not None and pack is not None and pack != truth):
            examples[fld.kind].append((fld.text, patch))
    return {"per_kind": per_kind, "examples": examples}


def render_fields(results: dict, times: list, fields: list, args) -> str:
    w = ["## Phone fields as people write them", ""]
    w.append(f"{len(fields):,} phone fields, {args.fields_per_kind} per kind, generated by `scripts/phone_fields.py` (seed "
             f"{args.fields_seed}) around real numbers: the pack's own generated tests give a number inside every registry "
             "range and under every landline code with the zone its source data gives; Kazakh numbers under the +7 6xx/7xx "
             "codes (UTC+5); foreign capitals for the trunk `(0)`. Truth: the zone of the field's FIRST number, or **no "
             "offset** (nationwide 8-800/8-804/+7 80x numbers, placeholders and junk, incomplete numbers). The pack reads "
             "the field with `phone_first(phone)`; libphonenumber with `PhoneNumberMatcher(field, \"RU\")`, its first "
             "match, then `time_zones_for_number` (an offset when its zones share one). Scores: **correct** (the truth's "
             "offset, or nothing where there is none), **wrong** (another offset, or one where there must be none), "
             "**undecided**. **Lossy**: the phone rewritten although the field held more than the number (an extension, "
             "another number, a note) or rewritten to another number; for libphonenumber, had the phone been rewritten "
             "to the E.164 form of its first match. The pack's `phoneRestField` is 0 (no custom field): a field with "
             "more than its number keeps its phone as written.")
    w.append("")
    for when in times:
        per_kind = results[when]["per_kind"]
        w.append(f"### At {when}")
        w.append("")
        w.append("| kind | fields | **pack correct** | wrong | undecided | rewrites | lossy | libphonenumber correct | wrong | undecided | lossy |")
        w.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        total = collections.Counter()
        for kind, title in phone_fields.KINDS:
            c = per_kind[kind]
            total.update(c)
            w.append(f"| {title} | {c['fields']:,} | **{c['pack correct']:,} ({pct(c['pack correct'], c['fields'])})** | "
                     f"{c['pack wrong']:,} | {c['pack undecided']:,} | {c['pack rewrites']:,} | {c['pack lossy']:,} | "
                     f"{c['lpn correct']:,} ({pct(c['lpn correct'], c['fields'])}) | {c['lpn wrong']:,} | "
                     f"{c['lpn undecided']:,} | {c['lpn lossy']:,} |")
        c = total
        w.append(f"| **all** | {c['fields']:,} | **{c['pack correct']:,} ({pct(c['pack correct'], c['fields'])})** | "
                 f"{c['pack wrong']:,} | {c['pack undecided']:,} | {c['pack rewrites']:,} | {c['pack lossy']:,} | "
                 f"{c['lpn correct']:,} ({pct(c['lpn correct'], c['fields'])}) | {c['lpn wrong']:,} | "
                 f"{c['lpn undecided']:,} | {c['lpn lossy']:,} |")
        w.append("")
        bad = [(k, e) for k, ex in results[when]["examples"].items() for e in ex]
        if bad:
            w.append(f"Pack fields wrong or lossy at {when} (up to 10):")
            w.append("")
            for kind, (text, patch) in bad[:10]:
                w.append(f"- {kind}: `{json.dumps(text, ensure_ascii=False)}` → `{json.dumps(patch, ensure_ascii=False)}`")
            w.append("")
    return "\n".join(w) + "\n"


def fields_targets(results: dict, times: list) -> tuple[list, list]:
    lines, missed = [], []
    for when in times:
        total = collections.Counter()
        for c in results[when]["per_kind"].values():
            total.update(c)
        share = total["pack correct"] / max(1, total["fields"])
        ok = share >= 0.99 and total["pack wrong"] == 0 and total["pack lossy"] == 0
        line = (f"- **Phone fields at {when}: ≥ 99 % correct, 0 wrong, 0 lossy: {'met' if ok else 'MISSED'}** — "
                f"{total['pack correct']:,} of {total['fields']:,} = {100 * share:.2f} %, {total['pack wrong']} wrong, "
                f"{total['pack lossy']} lossy rewrites (libphonenumber: {total['lpn correct']:,} correct, "
                f"{total['lpn wrong']:,} wrong).")
        lines.append(line)
        if not ok:
            missed.append(line)
    return lines, missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enrich", default=str(REPO / ".build-acc/release/enrich"),
                        help="the enrich binary (default: .build-acc/release/enrich)")
    parser.add_argument("--rules", default=str(REPO / "rules"), help="the rule pack (default: rules/)")
    parser.add_argument("--data", default=os.environ.get("ACCURACY_DATA", str(REPO.parent / "shared/data")),
                        help="folder of DEF-9xx.csv and the libphonenumber files (default: $ACCURACY_DATA, "
                        "else ../shared/data beside the work tree)")
    parser.add_argument("--out", default=str(REPO / "docs/accuracy.md"), help="the report (default: docs/accuracy.md)")
    parser.add_argument("--work", default=str(REPO / ".build-acc/accuracy"),
                        help="scratch folder for the leads and enrich's output (emptied first)")
    parser.add_argument("--seed", type=int, default=20261125, help="sampling seed (default: 20261125)")
    parser.add_argument("--now", action="append", help="reference time(s), ISO 8601 "
                        f"(default: {', '.join(DEFAULT_TIMES)}); the first one is the main one")
    parser.add_argument("--per-range", type=int, default=4, help="numbers per registry range "
                        "(the first and last number of the range, then random ones inside)")
    parser.add_argument("--per-code", type=int, default=20, help="numbers per Russian landline code")
    parser.add_argument("--fields-per-kind", type=int, default=300, help="phone fields per kind (default: 300)")
    parser.add_argument("--fields-seed", type=int, default=20261126, help="seed of the phone fields (default: 20261126)")
    parser.add_argument("--fail-on-miss", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    times = args.now or DEFAULT_TIMES
    data = Path(args.data)
    rules = Path(args.rules)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    for stale in work.glob("*"):
        stale.unlink()
    for name in ("DEF-9xx.csv", "libphonenumber-geocoding-ru-7.txt", "libphonenumber-timezones-map_data.txt"):
        if not (data / name).is_file():
            sys.exit(f"accuracy: {data / name} not found (set --data or ACCURACY_DATA)")
    region_table = rules / "sources/ru-region-zones.tsv"
    if not region_table.is_file():
        sys.exit(f"accuracy: {region_table} not found")

    rng = random.Random(args.seed)
    stats: dict = {"ru-mobile": {}, "ru-landline": {}, "kz": {}, "world": {}}
    geocoding = read_prefix_file(data / "libphonenumber-geocoding-ru-7.txt")
    map_data = read_prefix_file(data / "libphonenumber-timezones-map_data.txt")
    print("accuracy: sampling numbers", file=sys.stderr)
    samples = sample_ru_mobiles(rng, data / "DEF-9xx.csv", read_region_zones(region_table),
                                args.per_range, stats["ru-mobile"])
    samples += sample_ru_landlines(rng, geocoding, args.per_code, stats["ru-landline"])
    samples += sample_kazakhstan(rng, geocoding, 2, 40, stats["kz"])
    samples += sample_world(rng, 2, 3, stats["world"])
    single_countries = single_zone_countries()
    for s in samples:
        if s.kind == "world":
            s.kind = "world-single" if s.group in single_countries else "world-multi"
    # One number, one lead: a number sampled under two kinds keeps the first.
    unique, seen = [], set()
    for s in samples:
        if s.digits not in seen:
            seen.add(s.digits)
            unique.append(s)
    samples = unique
    for i, s in enumerate(samples, 1):
        s.id = i


    lpn_cache: dict = {}
    run = Run(args=args, times=times, samples=samples, stats=stats, single_countries=single_countries,
              map_data=map_data, rules=rules, lpn_cache=lpn_cache)
    for when in times:
        print(f"accuracy: enrich run --now {when} ({len(samples)} leads)", file=sys.stderr)
        run.enrich_runs[when] = run_pack(args.enrich, rules, samples, when, work)
        moment = parse_time(when)
        per_kind = {k: collections.Counter() for k in KIND_ORDER}
        for s in samples:
            counter = per_kind[s.kind]
            counter["numbers"] += 1
            has_truth, truth = truth_offset(s, moment)
            lpn, _ = lpn_answer(s.digits, moment, lpn_cache)
            s.lpn[when] = lpn
            pack = s.pack.get(when)
            if not has_truth:
                counter["no truth"] += 1
                continue
            counter["with truth"] += 1
            if truth is None:
                counter["no single zone"] += 1
            counter["pack " + verdict(pack, truth)] += 1
            counter["lpn " + verdict(lpn, truth)] += 1
            if pack is not None and lpn is not None:
                counter["both agree" if pack == lpn else "both disagree"] += 1
        run.results[when] = per_kind

    fields = phone_fields.generate(rules, args.fields_per_kind, args.fields_seed)
    field_results = {}
    for when in times:
        print(f"accuracy: enrich run --now {when} ({len(fields)} phone fields)", file=sys.stderr)
        field_results[when] = score_fields(fields, run_fields(args.enrich, rules, fields, when, work), when)

    report = render_report(run)
    fields_lines, fields_missed = fields_targets(field_results, times)
    fields_section = render_fields(field_results, times, fields, args) + "\n" + "\n".join(fields_lines) + "\n\n"
    report = report.replace("## Reading the numbers", fields_section + "## Reading the numbers", 1)
    Path(args.out).write_text(report, encoding="utf-8")
    target_lines, missed = summarize_targets(run)
    target_lines += fields_lines
    missed += fields_missed
    print(fields_section)
    print(report.split("## Results")[1].split("### Other countries, one by one")[0].strip())
    print()
    print("\n".join(target_lines))
    print(f"accuracy: wrote {args.out}; targets missed: {len(missed)}", file=sys.stderr)
    return 1 if (missed and args.fail_on_miss) else 0


@dataclass
class Run:
    args: argparse.Namespace
    times: list
    samples: list
    stats: dict
    single_countries: set
    map_data: dict
    rules: Path
    lpn_cache: dict
    enrich_runs: dict = field(default_factory=dict)
    results: dict = field(default_factory=dict)   # time -> kind -> Counter


# ---------------------------------------------------------------------------------------------
# Why the pack is not correct: the causes this check knows how to recognise.

CAUSE_SHORT = "fewer than 10 digits: the pack's e164() reads no number, nothing is written"
CAUSE_TEN = ("10 digits: the phone rule rewrites \"+CC…\" as bare digits, and the zone tables then "
             "read 10 bare digits as a Russian national number (+7 and these digits)")
CAUSE_SKEW = "data version: the pack's map_data.txt and phonenumbers {version} differ for this prefix"
CAUSE_NONGEO = ("non-geographic number (mobile, toll-free…): libphonenumber answers with all the "
                "country's zones; its map_data.txt has a finer prefix, which the pack's table uses")
CAUSE_NONE = "not explained by this script: look at it"


def cause(s: Sample, run: Run) -> str:
    digits = s.digits
    if len(digits) < 10:
        return CAUSE_SHORT
    if len(digits) == 10 and not digits.startswith("7"):
        return CAUSE_TEN
    if s.kind.startswith("world"):
        prefix, zones = shared_zone(run.map_data, digits)
        if prefix and zones != run.lpn_cache.get(digits, ()):
            number = parse_e164(digits)
            cc = str(number.country_code) if number else ""
            if number is not None and not pn.is_number_geographical(number) and len(prefix) > len(cc):
                return CAUSE_NONGEO
            return CAUSE_SKEW.format(version=pn.__version__)
    return CAUSE_NONE


def zones_note(s: Sample, answer, moment) -> str:
    """For an offset written where the truth has several zones: does it fit them?"""
    offsets = {offset_hours(z, moment) for z in s.truth_zones}
    if answer in offsets:
        return "fits all its zones" if len(offsets) == 1 else "fits some of its zones only"
    return "fits none of its zones"


# ---------------------------------------------------------------------------------------------
# Report

def summarize_targets(run: Run):
    lines, missed = [], []
    for when in run.times:
        total = collections.Counter()
        for counter in run.results[when].values():
            total.update(counter)
        share = total["pack correct"] / total["with truth"] if total["with truth"] else 0.0
        ok = share >= 0.995
        lines.append(f"- **Pack ≥ 99.5 % correct overall at {when}: {'met' if ok else 'MISSED'}** — "
                     f"{total['pack correct']:,} of {total['with truth']:,} numbers with a truth = "
                     f"{100 * share:.2f} % ({total['pack wrong']:,} wrong offsets, {total['pack wrote']:,} "
                     f"written where no single zone, {total['pack undecided']:,} undecided).")
        rest = total - run.results[when]["ru-mobile"]
        lines.append(f"  Without the Russian mobiles ({pct(total['numbers'] - rest['numbers'], total['numbers'])} "
                     "of the sample, checked against our own region table): "
                     f"{rest['pack correct']:,} of {rest['with truth']:,} = "
                     f"{pct(rest['pack correct'], rest['with truth'])}.")
        if not ok:
            missed.append(f"overall {when}")
        c = run.results[when]["world-single"]
        bad = c["pack wrong"] + c["pack wrote"]
        lines.append(f"- **Zero wrong answers for single-zone countries at {when}: "
                     f"{'met' if bad == 0 else 'MISSED'}** — {bad:,} wrong of {c['with truth']:,} numbers "
                     f"({c['pack undecided']:,} undecided).")
        if bad:
            missed.append(f"single-zone {when}")
    return lines, missed


def render_report(run: Run) -> str:
    args, times, samples, stats = run.args, run.times, run.samples, run.stats
    fingerprint, rule_files = rules_fingerprint(run.rules)
    today = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    by_kind = collections.defaultdict(list)
    for s in samples:
        by_kind[s.kind].append(s)
    L: list[str] = []
    w = L.append
    w("# Accuracy of the utcOffset tables against libphonenumber")
    w("")
    w("<!-- Generated by scripts/accuracy.sh (scripts/accuracy.py): do not edit by hand, re-run it. -->")
    w("")
    w("How often does the default rule pack (`rules/`) write the right `utcOffset` for a phone number, and "
      "how does that compare with Google's libphonenumber (`phonenumbers.timezone.time_zones_for_number`)? "
      "Both answer the same seeded sample of numbers, and each answer is scored against a truth defined "
      "for each kind of number (below).")
    w("")
    w("## Command")
    w("")
    w("```sh")
    w("bash scripts/accuracy.sh")
    w("```")
    w("")
    w("It builds `enrich` (release, `--scratch-path .build-acc`), installs a pinned `phonenumbers` into a "
      "venv under `.build-acc/venv` (the system Python is not touched), samples the numbers, runs "
      "`enrich run --rules rules --explain --now T` over all of them once per reference time, and "
      "rewrites this file (the results tables are printed too). The reference data is read from "
      "`../shared/data` next to the work tree (or `ACCURACY_DATA=/path`) and never copied into the "
      "repository. It runs against whatever `rules/` holds: re-run it after the pack changes. Options go "
      "to the script (`bash scripts/accuracy.sh --help`); `--fail-on-miss` makes a missed target exit 1. "
      "A run takes a few minutes on 2 cores, most of it the build.")
    w("")
    w("## This run")
    w("")
    w(f"- Date: {today}. rules/ fingerprint `{fingerprint}` (sha256 over its files), git HEAD {git_head()}; "
      f"rule files: {', '.join('`' + f + '`' for f in rule_files)}.")
    w(f"- Reference times (`--now`): {', '.join('`' + t + '`' for t in times)}: winter, then summer, to "
      "show summer time in the EU, the UK and North America.")
    w(f"- Seed {args.seed}; {len(samples):,} numbers; phonenumbers {pn.__version__}; tz database "
      f"{tzdata_version()} for the truth (Python `zoneinfo`); Python {platform.python_version()}.")
    for when in times:
        r = run.enrich_runs[when]
        if r["failed"]:
            w(f"- `enrich run` at {when}: {r['failed']} leads failed (counted as undecided), e.g. "
              f"`{r['failed_examples'][0]}`.")
    w("")
    w("## What is compared, and the truth for each kind")
    w("")
    ru = stats["ru-mobile"]
    ll = stats["ru-landline"]
    w(f"1. **Russian mobiles.** For each of the {ru['ranges']:,} ranges of the Russian numbering-plan "
      f"registry (`DEF-9xx.csv`; the {ru['nationwide']:,} nationwide \"Российская Федерация\" ranges are "
      f"skipped: they have no zone), up to {args.per_range} numbers: the first and the last number of the "
      "range and random ones inside. Truth: the zone of the range's territory in our "
      "`rules/sources/ru-region-zones.tsv`. **This truth is not independent of the pack**: the pack's "
      "table is generated from the same registry and the same region table, so this kind checks the "
      "generator and the engine (ranges carved into prefixes, precedence against the other tables, "
      "offsets resolved at evaluation time), not whether a region's zone is right. Yakutia's ranges all "
      "get its majority zone (+9) in both, though parts of it are +10 and +11.")
    unmapped = ("Names that could not be mapped (their numbers count as \"no truth\"): "
                + ", ".join(f"{k} ({v} numbers)" for k, v in sorted(ll["unmapped"].items())) + "."
                if ll["unmapped"] else "Every name was mapped.")
    w(f"2. **Russian landlines.** Up to {args.per_code} numbers under each of the {ll['codes']} +7 "
      "3xx/4xx/8xx codes of libphonenumber's `geocoding/ru/7.txt`, with random subscriber digits (valid "
      f"for libphonenumber where 40 tries found one; {ll['invalid']} are not). Truth: the code's region "
      "name mapped to a zone by a table kept in `scripts/accuracy.py` (`REGION_NAME_ZONES`: our own, "
      "written apart from the pack's `rules/sources/ru-landline-regions.tsv`, so this is a second "
      "reading of the same names), with the data's known fixes applied by code: 740 Kaliningrad = "
      "Europe/Kaliningrad (libphonenumber: Europe/Bucharest), 7845 Saratov = Europe/Saratov "
      "(libphonenumber: Europe/Moscow). Judgement calls: 733 Baikonur = Asia/Qyzylorda (+5); the DNR, LNR "
      f"and Kherson codes = Europe/Moscow (the time in use there). {unmapped}")
    w("3. **Kazakhstan** (+7 6xx/7xx). Two numbers under each Kazakh prefix of the geocoding file, valid "
      "KZ numbers of every type libphonenumber knows (its example numbers with varied digits), and 40 "
      "random +7 6xx numbers (libphonenumber does not know 6xx: invalid for it). Truth: UTC+5, the whole "
      "country since 1 March 2024, at both times. Independent of libphonenumber.")
    single = [c for c, _ in WORLD_COUNTRIES if c in run.single_countries]
    multi = [c for c, _ in WORLD_COUNTRIES if c not in run.single_countries]
    w(f"4. **Other countries** ({len(WORLD_COUNTRIES)}): Belarus, Uzbekistan, Kyrgyzstan, Tajikistan, "
      "Turkmenistan, Azerbaijan, Armenia, Georgia, Moldova, Ukraine, Turkey, UAE, Israel, the 27 EU "
      "countries, the UK, the US and Canada. Numbers valid for libphonenumber: its example number of each "
      "type with varied digits, plus a few under every prefix of its time-zone map for the country's "
      "calling code (for the US and Canada: every area code, and the split ones by exchange). Truth: "
      "libphonenumber's zone when it gives exactly one; otherwise **no single zone**, and then only "
      "writing nothing counts as correct, even where the zones happen to agree on the offset. So this "
      "truth *is* libphonenumber: libphonenumber is correct wherever it gives one zone, and these rows "
      "show how much of it the pack reproduces, not who is right. Split into **single-zone countries** "
      "(every prefix of the country in libphonenumber's map gives the same one zone: "
      f"{', '.join(single)}) and the rest ({', '.join(multi)}).")
    w("")
    w("For every number, the pack's answer is the `utcOffset` of its patch (no `utcOffset` = undecided), "
      "and libphonenumber's is the offset of the zones `time_zones_for_number` gives when they all have the "
      "same offset at the reference time, else undecided (it answers `Etc/Unknown` for numbers it thinks "
      "invalid). Offsets are whole hours, rounded down (Newfoundland −3:30 → −4, India +5:30 → +5). "
      "Scores: **correct**; **wrong** = another offset; **wrote** = an offset where the truth is \"no "
      "single zone\" (not correct either); **undecided** = nothing written where the truth has one zone. "
      "Numbers without a truth are left out of the percentages.")
    w("")
    w("## Results")
    w("")
    for when in times:
        w(f"### At {when}")
        w("")
        w("| kind | numbers | with truth | pack correct | wrong | wrote | undecided | **pack % correct** "
          "| libphonenumber correct | wrong | wrote | undecided | libphonenumber % correct |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        total = collections.Counter()
        for kind in KIND_ORDER:
            c = run.results[when][kind]
            total.update(c)
            w(row_line(KIND_TITLES[kind], c))
        w(row_line("**all**", total))
        w(row_line("all but the Russian mobiles", total - run.results[when]["ru-mobile"]))
        w("")
        notes = []
        for kind in KIND_ORDER:
            c = run.results[when][kind]
            if c["no truth"]:
                notes.append(f"{KIND_TITLES[kind]}: {c['no truth']:,} numbers without a truth")
            if c["no single zone"]:
                notes.append(f"{KIND_TITLES[kind]}: {c['no single zone']:,} of the numbers have several zones "
                             "in libphonenumber (truth: write nothing)")
        if notes:
            w("Notes: " + "; ".join(notes) + ".")
            w("")
        w("Where both answered, pack and libphonenumber: " + "; ".join(
            f"{KIND_TITLES[k]}: {run.results[when][k]['both agree']:,} agree, "
            f"{run.results[when][k]['both disagree']:,} differ" for k in KIND_ORDER) + ".")
        w("")
    w("### Other countries, one by one")
    w("")
    w("Scores as correct/wrong/wrote/undecided.")
    w("")
    w("| country | numbers | several zones |" + "".join(
        f" pack {t[:10]} | libphonenumber {t[:10]} |" for t in times))
    w("|---|---:|---:|" + "---|---|" * len(times))
    names = dict(WORLD_COUNTRIES)
    for region, _ in WORLD_COUNTRIES:
        rows = [s for s in samples if s.group == region and s.kind.startswith("world")]
        cells = [f"{names[region]} ({region})", f"{len(rows)}",
                 f"{sum(1 for s in rows if not s.single_zone_truth)}"]
        for when in times:
            moment = parse_time(when)
            pc, lc = collections.Counter(), collections.Counter()
            for s in rows:
                _, truth = truth_offset(s, moment)
                pc[verdict(s.pack.get(when), truth)] += 1
                lc[verdict(s.lpn[when], truth)] += 1
            for c in (pc, lc):
                cells.append(f"{c['correct']}/{c['wrong']}/{c['wrote']}/{c['undecided']}")
        w("| " + " | ".join(cells) + " |")
    w("")
    w("## Targets")
    w("")
    target_lines, _ = summarize_targets(run)
    L.extend(target_lines)
    w("")
    w("The first target counts undecided numbers as not correct, so a kind the pack does not cover yet "
      "pulls it down. The second is about harm: a wrong offset places a call at the wrong local hour, "
      "while an undecided one leaves the account's default. For the Russian mobiles the pack is checked "
      "against its own region table (kind 1), for the other countries against libphonenumber's own data "
      "(kind 4): only the Russian landlines (our separate name mapping) and Kazakhstan are checked against "
      "a truth that neither side's tables produced.")
    w("")
    render_pack_errors(run, by_kind, w)
    render_differences(run, by_kind, w)
    w("## Reading the numbers")
    w("")
    L.extend(interpretation(run, by_kind))
    w("")
    return "\n".join(L)


SEVERITY = {"wrong": 0, "wrote": 1, "undecided": 2}


def render_pack_errors(run: Run, by_kind, w):
    times = run.times
    w("## Where the pack is not correct")
    w("")
    w(f"Every number the pack got wrong, wrote where it should not, or left undecided, grouped by the cause "
      f"this script recognises; up to 10 examples each at {times[0]}, and at the other times only the "
      "numbers whose score differs from the first time (a summer-time effect).")
    w("")
    anything = False
    for kind in KIND_ORDER:
        blocks = []
        first_scores = {}
        for n, when in enumerate(times):
            moment = parse_time(when)
            bad = []
            for s in by_kind[kind]:
                has, truth = truth_offset(s, moment)
                if not has:
                    continue
                score = verdict(s.pack.get(when), truth)
                if n == 0:
                    first_scores[s.id] = score
                if score != "correct" and (n == 0 or first_scores.get(s.id) != score):
                    bad.append((s, truth, score))
            if bad:
                blocks.append((when, moment, bad))
        if not blocks:
            continue
        anything = True
        w(f"### {KIND_TITLES[kind]}")
        w("")
        for n, (when, moment, bad) in enumerate(blocks):
            groups = collections.defaultdict(list)
            for s, truth, score in bad:
                groups[(score, cause(s, run))].append((s, truth, score))
            lead = f"At {when}" + ("" if when == times[0] else f", differing from {times[0]}")
            ordered = sorted(groups.items(), key=lambda kv: (SEVERITY[kv[0][0]], -len(kv[1])))
            w(f"{lead}: " + "; ".join(f"**{len(v):,} {score}** ({c})" for (score, c), v in ordered) + ".")
            w("")
            w("| number | pack | truth | libphonenumber | score | rule [row] that wrote it | sampled from | cause / note |")
            w("|---|---:|---|---:|---|---|---|---|")
            for (score, c), items in ordered:
                for s, truth, sc in pick_examples(items, 10 if len(groups) == 1 else 5):
                    note = c.split(":")[0]
                    if sc == "wrote":
                        note += "; " + zones_note(s, s.pack.get(when), moment)
                    w(f"| +{s.digits} | {fmt_offset(s.pack.get(when))} | {truth_text(s, truth)} | "
                      f"{fmt_offset(s.lpn[when])} | {sc} | {s.rule.get(when, '—')} | {s.source} | {note} |")
            w("")
    if not anything:
        w("Nowhere: every number with a truth got the right answer at every reference time.")
        w("")


def render_differences(run: Run, by_kind, w):
    times = run.times
    w("## Where the pack and libphonenumber differ")
    w("")
    w(f"Numbers where both answered with different offsets: up to 10 examples per kind at {times[0]}, and "
      "at the other times the numbers that differ only then.")
    w("")
    anything = False
    for kind in KIND_ORDER:
        first = set()
        for n, when in enumerate(times):
            moment = parse_time(when)
            diffs = [s for s in by_kind[kind] if s.pack.get(when) is not None and s.lpn[when] is not None
                     and s.pack.get(when) != s.lpn[when]]
            if n == 0:
                first = {s.id for s in diffs}
                shown = diffs
            else:
                shown = [s for s in diffs if s.id not in first]
            if not shown:
                continue
            anything = True
            extra = "" if n == 0 else f" that did not differ at {times[0]}"
            w(f"**{KIND_TITLES[kind]} at {when}: {len(shown):,} numbers{extra}.**")
            w("")
            w("| number | pack | libphonenumber (zones) | truth | rule [row] |")
            w("|---|---:|---|---|---|")
            for s, _, _ in pick_examples([(s, None, None) for s in shown], 10):
                _, truth = truth_offset(s, moment)
                zones = run.lpn_cache.get(s.digits, ())
                w(f"| +{s.digits} | {fmt_offset(s.pack.get(when))} | {fmt_offset(s.lpn[when])} "
                  f"({', '.join(zones[:3])}{', …' if len(zones) > 3 else ''}) | {truth_text(s, truth)} | "
                  f"{s.rule.get(when, '—')} |")
            w("")
    if not anything:
        w("None.")
        w("")


def row_line(title, c) -> str:
    wt = c["with truth"]
    return (f"| {title} | {c['numbers']:,} | {wt:,} | {c['pack correct']:,} | {c['pack wrong']:,} | "
            f"{c['pack wrote']:,} | {c['pack undecided']:,} | **{pct(c['pack correct'], wt)}** | "
            f"{c['lpn correct']:,} | {c['lpn wrong']:,} | {c['lpn wrote']:,} | {c['lpn undecided']:,} | "
            f"{pct(c['lpn correct'], wt)} |")


def truth_text(s: Sample, truth) -> str:
    if s.truth_fixed is not None:
        return f"{truth:+d} (Kazakhstan)"
    if truth is None:
        return ("no single zone (" + ", ".join(s.truth_zones[:3])
                + (", …" if len(s.truth_zones) > 3 else "") + ")")
    return f"{truth:+d} ({s.truth_zones[0]})"


def pick_examples(items, limit):
    """Up to limit examples, spread over distinct groups first (not ten from one range)."""
    chosen, groups = [], set()
    for item in items:
        if item[0].group not in groups:
            groups.add(item[0].group)
            chosen.append(item)
            if len(chosen) == limit:
                return chosen
    taken = {id(item) for item in chosen}
    for item in items:
        if len(chosen) == limit:
            break
        if id(item) not in taken:
            chosen.append(item)
    return chosen


def skew_summary(run: Run) -> str:
    """The prefixes where the reference map_data.txt and the installed phonenumbers differ."""
    package = {p: "&".join(z) for p, z in pn.tzdata.TIMEZONE_DATA.items()}
    diff = sorted(p for p in set(package) | set(run.map_data) if package.get(p) != run.map_data.get(p))
    heads = collections.Counter(p[:4] for p in diff)
    return ", ".join(f"+{h}" + (f" ({n} prefixes)" if n > 1 else "") for h, n in sorted(heads.items()))


def interpretation(run: Run, by_kind) -> list[str]:
    out = []
    times, samples = run.times, run.samples
    main_time, moment = times[0], parse_time(times[0])
    res = run.results[main_time]
    mob = res["ru-mobile"]
    out.append(f"- **Russian mobiles: libphonenumber is undecided for {mob['lpn undecided']:,} of "
               f"{mob['with truth']:,}.** It returns every +7 zone (16, Russian and Kazakh) for any +7 9xx "
               "number: it cannot place mobiles. The registry can: each range belongs to one region. The "
               f"pack's {pct(mob['pack correct'], mob['with truth'])} here shows that the generated range "
               "table and the engine reproduce registry + region table, range ends included; it cannot "
               "show whether the region table itself is right (that is what the landline kind does, "
               "with a separate mapping).")
    kal = [s for s in by_kind["ru-landline"] if s.digits.startswith("740")]
    if kal:
        s = kal[0]
        parts = [f"{when}: pack {fmt_offset(s.pack.get(when))}, libphonenumber {fmt_offset(s.lpn[when])}, "
                 f"truth {offset_hours('Europe/Kaliningrad', parse_time(when)):+d}" for when in times]
        out.append("- **740 Kaliningrad.** libphonenumber maps it to Europe/Bucharest, which has summer "
                   "time; Kaliningrad has none (Europe/Kaliningrad, +2 all year). So libphonenumber is right "
                   "in winter and an hour ahead in summer: " + "; ".join(parts) + ".")
    sar = [s for s in by_kind["ru-landline"] if s.digits.startswith("7845")]
    if sar:
        s = sar[0]
        out.append(f"- **7845 Saratov.** libphonenumber: Europe/Moscow ({fmt_offset(s.lpn[main_time])}); "
                   f"Saratov has been +4 since December 2016 (Europe/Saratov). Pack: "
                   f"{fmt_offset(s.pack.get(main_time))}.")
    bad = collections.Counter()
    for s in by_kind["ru-landline"]:
        has, truth = truth_offset(s, moment)
        if has and s.lpn[main_time] is not None and s.lpn[main_time] != truth:
            bad[(s.group, s.lpn[main_time], truth)] += 1
    if bad:
        out.append(f"- **Landline codes where libphonenumber disagrees with our truth at {main_time}** "
                   "(libphonenumber → truth): "
                   + "; ".join(f"{g}: {l:+d} → {t:+d}" for (g, l, t), _ in sorted(bad.items())) + ".")
    kz = res["kz"]
    out.append(f"- **Kazakhstan.** libphonenumber is undecided for {kz['lpn undecided']:,} of "
               f"{kz['with truth']:,}: mobiles get every +7 zone, 6xx numbers are invalid for it; its "
               "landline zones (Asia/Almaty, Asia/Aqtobe) are both +5 with tz data 2024b or later.")
    # Causes across all kinds at the main time.
    counts = collections.Counter()
    per_country = collections.defaultdict(collections.Counter)
    examples = {}

    def where(c):
        return ", ".join(f"{k} {v}" for k, v in per_country[c].most_common())
    for s in samples:
        has, truth = truth_offset(s, moment)
        if has and verdict(s.pack.get(main_time), truth) != "correct":
            c = cause(s, run)
            counts[c] += 1
            per_country[c][s.group if s.kind.startswith("world") else KIND_TITLES[s.kind]] += 1
            if c not in examples or (examples[c].pack.get(main_time) is None and s.pack.get(main_time) is not None):
                examples[c] = s
    if counts[CAUSE_TEN]:
        s = examples[CAUSE_TEN]
        out.append(f"- **Pack bug: 10-digit international numbers are read as Russian** "
                   f"({counts[CAUSE_TEN]:,} numbers at {main_time}). `10-phone.rules` rewrites `+{s.digits}` "
                   f"as `{s.digits}`, and the zone tables then take 10 bare digits for a Russian national "
                   f"number, `7{s.digits}`: +{s.digits} gets {fmt_offset(s.pack.get(main_time))} "
                   f"({s.rule.get(main_time, 'nothing written')}), truth {truth_text(s, truth_offset(s, moment)[1])}. "
                   "Where no Russian row matches, the number is left undecided instead (no world row "
                   "matches `7…` either). With `10-phone.rules` taken out of a copy of the pack, every "
                   "such number with a single zone got the right offset (checked by hand on this sample). "
                   f"By country: {where(CAUSE_TEN)}. Every Danish number and many Belgian, Hungarian, "
                   "Bulgarian, Estonian and Irish landlines are 10 digits with the country code.")
    if counts[CAUSE_SHORT]:
        s = examples[CAUSE_SHORT]
        out.append(f"- **Numbers under 10 digits are not read** ({counts[CAUSE_SHORT]:,} at {main_time}, "
                   f"e.g. +{s.digits}, valid for libphonenumber): `e164()` gives nothing, so nothing is "
                   f"written. Harmless (undecided), but they are valid E.164 numbers. By country: "
                   f"{where(CAUSE_SHORT)}.")
    if counts[CAUSE_NONGEO]:
        s = examples[CAUSE_NONGEO]
        out.append(f"- **Non-geographic numbers** ({counts[CAUSE_NONGEO]:,} at {main_time}, e.g. +{s.digits}): "
                   "libphonenumber's `time_zones_for_number` answers mobiles and other non-geographic numbers "
                   "with the whole country's zones even where its `map_data.txt` has a finer prefix; the "
                   "pack's world table takes the finer prefix (e.g. Spanish mobiles 346/347 = Europe/Madrid, "
                   "though a Canary Islands mobile is an hour behind). Under this check's truth that counts "
                   f"as written where there is no single zone. By country: {where(CAUSE_NONGEO)}.")
    if counts[CAUSE_SKEW.format(version=pn.__version__)]:
        c = CAUSE_SKEW.format(version=pn.__version__)
        s = examples[c]
        out.append(f"- **Data versions** ({counts[c]:,} at {main_time}, e.g. +{s.digits}): the pack's world "
                   f"table was generated from the reference `map_data.txt`, which differs from phonenumbers "
                   f"{pn.__version__} for a few prefixes ({skew_summary(run)}). Regenerate the table from "
                   "the same libphonenumber release to remove them.")
    if counts[CAUSE_NONE]:
        s = examples[CAUSE_NONE]
        out.append(f"- **Not explained** ({counts[CAUSE_NONE]:,} at {main_time}, e.g. +{s.digits}: pack "
                   f"{fmt_offset(s.pack.get(main_time))}, truth {truth_text(s, truth_offset(s, moment)[1])}): "
                   "see the tables above.")
    ie = [s for s in samples if s.group == "IE"]
    if ie:
        out.append("- **Ireland** is all \"no single zone\": libphonenumber lists Europe/London, "
                   "Europe/Guernsey and Europe/Isle_of_Man for +353 (not Europe/Dublin). They share "
                   "Ireland's offsets, but by this check's rule the pack must write nothing there.")
    if len(times) > 1:
        summer = times[1]
        flips = sum(1 for s in samples if s.kind.startswith("world")
                    and s.pack.get(main_time) is not None and s.pack.get(summer) is not None
                    and s.pack.get(main_time) != s.pack.get(summer))
        changed = sum(1 for s in samples
                      if truth_offset(s, moment)[0]
                      and verdict(s.pack.get(main_time), truth_offset(s, moment)[1])
                      != verdict(s.pack.get(summer), truth_offset(s, parse_time(summer))[1]))
        out.append(f"- **Summer time.** {flips:,} numbers of other countries get a different offset from the "
                   f"pack at {summer} than at {main_time} (the EU, the UK, the US and Canada, Moldova, "
                   "Ukraine and Israel change their clocks; Russia, Belarus, Turkey and Central Asia do not). "
                   f"Numbers whose score differs between the two times: {changed:,}"
                   + (" — the pack handles summer time as its zones do." if changed == 0 else
                      " — see the tables above."))
    return out


if __name__ == "__main__":
    sys.exit(main())
