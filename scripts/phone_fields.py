"""Phone fields as forms, operators and spreadsheet imports fill them: a deterministic generator.

Each field is built around real numbers (the pack's own generated tests give a number inside every
registry range and under every landline code, with the zone the source data gives it; Kazakh
numbers under the +7 6xx/7xx codes; a few foreign capitals), written the way people write them,
one KIND at a time. For each field it states the truth: the zone of its FIRST number (None: the
field must stay without an offset) and whether the number is alone (formatting only: the phone may
be rewritten to E.164) or the field holds more (an extension, another number, a note: a rewrite
without keeping it would lose it).

Used by scripts/gen-phone-field-tests.py (pack tests) and scripts/accuracy.py (the accuracy tables).
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

KINDS = [
    ("labels", "labels before the number (тел.:, Телефон, моб., phone:, Номер:)"),
    ("notes", "a name or a note around the number ((WhatsApp), — звонить после 18)"),
    ("extensions", "extensions (доб. 123, ext. 12, x12, (доб. 301))"),
    ("several", "two numbers (, ; / или): the first decides"),
    ("tel-uri", "tel: URIs"),
    ("unicode", "Unicode spaces, dashes, fullwidth plus, direction marks, tabs"),
    ("spreadsheet", "spreadsheet artefacts (', =\"...\", 79161234567.0)"),
    ("trunk-zero", "international numbers with the trunk (0): +49 (0) 30 ..."),
    ("ten-digits", "ten digits without a country code"),
    ("kazakh", "Kazakh numbers in all of these forms"),
    ("no-offset", "must stay without an offset: nationwide 8-800/8-804/+7 80x, placeholders, junk, incomplete"),
]


@dataclass
class Field:
    kind: str
    text: str
    zone: str | None  # the first number's zone; None: no offset may be written
    e164: str | None  # the first number, digits
    alone: bool | None  # nothing but the number and formatting; None: not stated (a nationwide number alone)


def base_numbers(rules: Path):
    """(digits, zone) of real +7 numbers from the pack's generated tests: mobiles and landlines."""
    mobiles, landlines = [], []
    for path, into in ((rules / "tests/21-ru-registry.tests.rules", mobiles),
                       (rules / "tests/23-ru-landlines.tests.rules", landlines)):
        name = None
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r'test ".*, ([A-Za-z_/]+)" \{', line)
            if m:
                name = m.group(1)
            m = re.search(r'"phone": "\+(\d+)"', line)
            if m and name:
                into.append((m.group(1), name))
                name = None
    # Baikonur (733) is Kazakh-run; keep the Russian landlines to 3xx/4xx/8xx codes of Russia.
    landlines = [(d, z) for d, z in landlines if not d.startswith("733")]
    return mobiles, landlines


KZ_CODES = ["700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778",
            "7172", "727", "7212", "7232", "7252", "7122", "7132", "7142", "7182", "7292", "7112"]
FOREIGN = [("49", "30", 7, "Europe/Berlin"), ("49", "89", 7, "Europe/Berlin"), ("44", "20", 8, "Europe/London"),
           ("43", "1", 7, "Europe/Vienna"), ("33", "1", 8, "Europe/Paris"), ("31", "20", 7, "Europe/Amsterdam"),
           ("41", "44", 7, "Europe/Zurich"), ("48", "22", 7, "Europe/Warsaw")]


def groups(national: str) -> list[str]:
    """A 10-digit national number as area code (3 or 4 digits when it is a 4-digit code) and subscriber groups."""
    return [national[:3], national[3:6], national[6:8], national[8:]]


def written(rng: random.Random, digits: str) -> str:
    """A +7 number (11 digits) in one of the usual written forms."""
    n = digits[1:]
    a, b, c, d = groups(n)
    return rng.choice([
        f"+7 {a} {b}-{c}-{d}", f"8 ({a}) {b}-{c}-{d}", f"8{n}", f"+7{n}", f"7 {a} {b} {c} {d}",
        f"8-{a}-{b}-{c}-{d}", f"+7 ({a}) {b} {c} {d}", f"8 {a} {b} {c} {d}", f"+7-{a}-{b}-{c}{d}",
    ])


def kz_number(rng: random.Random) -> str:
    code = rng.choice(KZ_CODES)
    return "7" + code + "".join(rng.choice("0123456789") for _ in range(10 - len(code)))


LABELS = ["тел.: ", "Телефон ", "моб. ", "phone: ", "Номер: ", "Тел. ", "тел ", "Телефон: ", "Моб.тел.: ", "Phone "]
NOTES_AFTER = [" Иван", " (WhatsApp)", " (Telegram)", " — звонить после 18", " Анна Петровна", " whatsapp",
               " - до 20:00", " (мама)", ", Сергей", " (звонить вечером)"]
NOTES_BEFORE = ["Иван ", "Иван: ", "WhatsApp: ", "Ольга Сергеевна, "]
EXTENSIONS = [" доб. 123", " доб 45", ", доб. 7", " ext. 12", " (доб. 301)", " x12", " доб.1234", " доп. 22", " #5"]
SEPARATORS = [", ", "; ", " / ", "/", " или ", ",", " ; ", "\n"]


def unicode_form(rng: random.Random, digits: str) -> str:
    n = digits[1:]
    a, b, c, d = groups(n)
    space = rng.choice(["\u00a0", "\u202f", "\u2009", " "])
    dash = rng.choice(["\u2011", "\u2013", "\u2010", "\u2212"])
    plus = rng.choice(["+", "\uff0b"])
    core = rng.choice([f"{plus}7{space}{a}{space}{b}{dash}{c}{dash}{d}", f"8{space}({a}){space}{b}{dash}{c}{dash}{d}",
                       f"{plus}7{space}({a}){space}{b}{space}{c}{space}{d}"])
    wrap = rng.choice([("", ""), ("\u200e", "\u200f"), ("\t", "  "), ("", " \t"), ("\u202a", "\u202c"), ("\ufeff", "")])
    if "+" not in core and "\uff0b" not in core and rng.random() < 0.3:
        core = core.replace("8", plus + "7", 1)
    return wrap[0] + core + wrap[1]


def spreadsheet_form(rng: random.Random, digits: str) -> str:
    n = digits[1:]
    return rng.choice([f"'+{digits}", f"'8{n}", f'="+{digits}"', f'="8 {n[:3]} {n[3:6]} {n[6:8]} {n[8:]}"',
                       f"{digits}.0", f"8{n}.0", f'"+7 {n[:3]} {n[3:]}"', f"'{digits}"]
                      # ten digits as a float: only where they cannot be a trunk 8 or a Kazakh 7 before 9 digits
                      + ([f"{n}.0"] if n[0] in "349" or n[:2] in ("81", "82", "85") else []))


def tel_form(rng: random.Random, digits: str) -> str:
    n = digits[1:]
    a, b, c, d = groups(n)
    return rng.choice([f"tel:+7-{a}-{b}-{c}-{d}", f"tel:+{digits}", f"tel:8{n}", f"tel:7-{a}-{b}-{c}-{d}",
                       f"TEL:+7{n}", f"tel:8-{a}-{b}-{c}-{d}"])


def field_around(rng: random.Random, kind: str, digits: str, zone: str | None, pool) -> Field:
    """One field of KIND around the +7 number DIGITS."""
    if kind == "labels":
        return Field(kind, rng.choice(LABELS) + written(rng, digits), zone, digits, True)
    if kind == "notes":
        if rng.random() < 0.25:
            return Field(kind, rng.choice(NOTES_BEFORE) + written(rng, digits), zone, digits, False)
        return Field(kind, written(rng, digits) + rng.choice(NOTES_AFTER), zone, digits, False)
    if kind == "extensions":
        label = rng.choice(["", ""] + LABELS)
        return Field(kind, label + written(rng, digits) + rng.choice(EXTENSIONS), zone, digits, False)
    if kind == "several":
        other, _ = rng.choice(pool)
        text = written(rng, digits) + rng.choice(SEPARATORS) + written(rng, other)
        if rng.random() < 0.2:
            text += rng.choice(SEPARATORS) + written(rng, rng.choice(pool)[0])
        return Field(kind, text, zone, digits, False)
    if kind == "tel-uri":
        return Field(kind, tel_form(rng, digits), zone, digits, True)
    if kind == "unicode":
        return Field(kind, unicode_form(rng, digits), zone, digits, True)
    if kind == "spreadsheet":
        return Field(kind, spreadsheet_form(rng, digits), zone, digits, True)
    raise ValueError(kind)


def generate(rules: Path, per_kind: int, seed: int) -> list[Field]:
    rng = random.Random(seed)
    mobiles, landlines = base_numbers(rules)
    pool = mobiles + landlines * 20  # landlines weigh in, though there are 95 codes only

    def pick():
        return rng.choice(mobiles) if rng.random() < 0.7 else rng.choice(landlines)

    fields: list[Field] = []
    for kind, _ in KINDS:
        for _ in range(per_kind):
            if kind in ("labels", "notes", "extensions", "several", "tel-uri", "unicode", "spreadsheet"):
                digits, zone = pick()
                fields.append(field_around(rng, kind, digits, zone, pool))
            elif kind == "trunk-zero":
                cc, area, rest_len, zone = rng.choice(FOREIGN)
                sub = "".join(rng.choice("123456789") for _ in range(rest_len))
                sep = rng.choice([" ", ""])
                text = rng.choice([f"+{cc} (0) {area} {sub}", f"+{cc}{sep}(0){area} {sub[:3]} {sub[3:]}",
                                   f"+{cc} (0){area}-{sub}", f"00{cc} (0) {area} {sub}"])
                fields.append(Field(kind, text, zone, cc + area + sub, True))
            elif kind == "ten-digits":
                digits, zone = pick()
                n = digits[1:]
                a, b, c, d = groups(n)
                forms = [f"{a} {b} {c} {d}", f"({a}) {b}-{c}-{d}", f"{a}-{b}-{c}-{d}", f"{a}{b}{c}{d}", f"{a} {b}{c}{d}"]
                text = rng.choice(forms)
                if text == n and n.startswith("8") and n[1] not in "125":
                    text = f"{a} {b}-{c}-{d}"  # 8xx written solid is ambiguous (see PhoneFieldReader)
                fields.append(Field(kind, text, zone, digits, True))
            elif kind == "kazakh":
                digits = kz_number(rng)
                sub = rng.choice(["labels", "notes", "extensions", "several", "tel-uri", "unicode", "spreadsheet", "plain"])
                if sub == "plain":
                    fields.append(Field(kind, written(rng, digits), "Asia/Almaty", digits, True))
                else:
                    f = field_around(rng, sub, digits, "Asia/Almaty", pool)
                    f.kind = kind
                    fields.append(f)
            elif kind == "no-offset":
                fields.append(no_offset(rng, pick))
    return fields


PLACEHOLDERS = ["не указан", "-", "+7 (___) ___-__-__", "00000000000", "нет", "—", "0", "+7", "8 (___) ___-__-__",
                "Не указан", "нет телефона", "---", "+7 (000) 000-00-00", "тел.: -", "''", "N/A", "0000000000"]


def no_offset(rng: random.Random, pick) -> Field:
    r = rng.random()
    if r < 0.35:
        code = rng.choice(["800", "804", "801", "802", "803", "805", "806", "807", "808", "809"])
        sub = "".join(rng.choice("0123456789") for _ in range(7))
        text = rng.choice([f"8-{code}-{sub[:3]}-{sub[3:5]}-{sub[5:]}", f"8 ({code}) {sub[:3]}-{sub[3:5]}-{sub[5:]}",
                           f"+7 {code} {sub[:3]} {sub[3:5]} {sub[5:]}", f"8{code}{sub}", f"тел.: 8 {code} {sub}",
                           f"8 {code} {sub[:3]} {sub[3:5]} {sub[5:]} доб. 12"])
        return Field("no-offset", text, None, None, False if "доб" in text else None)
    if r < 0.6:
        return Field("no-offset", rng.choice(PLACEHOLDERS), None, None, None)
    digits, _ = pick()
    n = digits[1:]
    cut = rng.choice([1, 2, 3])
    short = n[: len(n) - cut]
    a, b = short[:3], short[3:]
    text = rng.choice([f"+7 {a} {b}", f"8 ({a}) {b}", f"+7{short}", f"8 {a} {b[:3]} {b[3:]}", f"8 {a} {b}",
                       f"тел.: +7 {a} {b}", f"{a} {b}", f"8{short}"])
    if text == f"8{short}" and len(short) == 9:
        text = f"8 {a} {b}"  # written solid, 10 digits starting with 8 can be a whole 8xx number
    return Field("no-offset", text, None, None, None)
