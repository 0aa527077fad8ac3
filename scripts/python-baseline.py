#!/usr/bin/env python3
"""The Python baseline of the engine-speed issue: a straightforward `re` script doing a reduced default pack
(rules/) over JSON Lines leads. Usage: python-baseline.py [--moves] LEADS.jsonl [OUT.jsonl]; timings on stderr.
Kept: E.164 phone, utcOffset by longest prefix (a small table), priority with the pack's own regexes
(rules/30-priority.rules); with --moves also the junk/qualified moves (40-junk.rules). Left out: docs/benchmarks.md."""
import json, re, sys, time

I = re.I
PRIORITY = [(1, re.compile(r"(не\s+(звонить|звоните|звонит|беспокоить)|только\s+(в\s+)?(мессенджер|ватсап|whats\s?app|телеграм|смс)|don'?t\s+call|do\s+not\s+call)", I)),
            (9, re.compile(r"(\bсроч\w*|\bперез[вф][оа]н\w*\s+(сегодня|сейчас|скорее)|\bкак\s+можно\s+(скорее|быстрее|раньше)|\bасап\b|\basap\b|\burgent\w*|\bcall\s+(me\s+)?(back\s+)?today\b)", I)),
            (8, re.compile(r"(\bгото(в|ва|вы)\s+(купить|оплатить|заказать|брать|покупать)|\bхоч(у|ем)\s+(купить|заказать|оформить)|\bready\s+to\s+(buy|order|pay)\b|\bwant\s+to\s+buy\b)", I)),
            (7, re.compile(r"\b(бюджет\w*|budget)\b[^\d\n]{0,25}\d", I)),
            (6, re.compile(r"(\bна\s+этой\s+неделе|\bв\s+(этом|течение)\s+(месяц\w*|недел\w*)|\bв\s+ближайш\w+\s+(время|дни|недел\w*)|\bthis\s+(week|month)\b|\bsoon\b)", I)),
            (2, re.compile(r"(\bпросто\s+(смотр\w*|узна\w*|интерес\w*)|\bсравниваю|\bпока\s+(думаю|присматрива\w*)|\bjust\s+(looking|browsing)\b)", I))]
TEST_NUMBER = re.compile(r"^7?(\d)\1{9}$")
SPAM = re.compile(r"(казино|\bставк[иа]\b|букмекер|viagra|заработ\w*\s+без\s+вложений|\bбля\w*|\bсук[аи]\b|\b(на|по)?ху[йяе]\w*|\bпизд\w*|не\s+оставлял\w*\s+(никаких\s+)?заяв|не\s+заказывал\w*|ошиблись\s+номером)", I)
READY = re.compile(r"\bгото(в|ва|вы)\s+(купить|оплатить|заказать)", I)
TERM = re.compile(r"(недел|месяц|сразу|срочно)", I)
PHONE = re.compile(r"^\s*\+?[\d\s()\-]+$")
NON_DIGIT = re.compile(r"\D")
# Standard-time offsets (November) of a few prefixes; the pack has 37,000 rows and real zones.
ZONES = {"7495": 3, "7499": 3, "7812": 3, "7343": 5, "7383": 7, "7846": 4, "7861": 3, "79": 3, "77": 5,
         "375": 3, "380": 2, "49": 1, "998": 5, "1": -5}
NEW, JUNK, QUALIFIED = 1, 9, 5

def e164(phone):
    if not phone or not PHONE.match(phone): return ""
    digits = NON_DIGIT.sub("", phone)
    if phone.lstrip().startswith("+"): return digits
    if len(digits) == 11 and digits[0] in "78": return "7" + digits[1:]
    return "7" + digits if len(digits) == 10 and digits[0] == "9" else ""

def strings(value):
    if isinstance(value, str): yield value
    elif isinstance(value, dict): yield from (s for v in value.values() for s in strings(v))
    elif isinstance(value, list): yield from (s for v in value for s in strings(v))

def evaluate(lead, moves):
    comment, document = lead.get("sourceComment") or "", None
    if comment.startswith("{"):
        try: document = json.loads(comment)
        except ValueError: pass
    text = "\n".join(strings(document)) if isinstance(document, dict) else comment
    answers = document.get("answers") if isinstance(document, dict) else None
    answers = answers if isinstance(answers, dict) else {}
    budget = int(answers["budget"]) if str(answers.get("budget", "")).isdigit() else 0
    phone, patch = e164(lead.get("phone")), {}
    # Only a change is written; Liner stores 79001234567 as +79001234567, so those are no change.
    if len(phone) >= 10 and phone != (lead.get("phone") or "").lstrip("+"): patch["phone"] = "+" + phone
    if moves and lead.get("statusId") == NEW:   # junk outranks qualified (precedence 10 and 5 over 0)
        if TEST_NUMBER.match(phone) or lead.get("phone") and len(NON_DIGIT.sub("", lead["phone"])) < 10 or SPAM.search(text):
            patch["statusId"] = JUNK
        elif READY.search(text) or budget >= 100000 and TERM.search(str(answers.get("term", ""))):
            patch["statusId"] = QUALIFIED
    # The highest-precedence priority rule that fires wins (the list is in precedence order).
    priority = next((level for level, regex in PRIORITY if regex.search(text) or level == 7 and budget > 0), None)
    if priority is not None and priority != lead.get("priority"): patch["priority"] = priority
    if lead.get("utcOffset") is None and phone:
        offset = next((ZONES[phone[:n]] for n in range(min(len(phone), 4), 0, -1) if phone[:n] in ZONES), None)
        if offset is not None: patch["utcOffset"] = offset
    return patch

def main():
    moves = "--moves" in sys.argv
    paths = [a for a in sys.argv[1:] if a != "--moves"]
    start = time.perf_counter()
    with open(paths[0], encoding="utf-8") as source:
        leads = [json.loads(line) for line in source if line.strip()]
    read = time.perf_counter()
    patches = [(lead["id"], evaluate(lead, moves)) for lead in leads]
    evaluated = time.perf_counter()
    with open(paths[1] if len(paths) > 1 else "/dev/stdout", "w", encoding="utf-8") as out:
        out.writelines(json.dumps({"leadId": i, "patch": p}, ensure_ascii=False, separators=(",", ":")) + "\n" for i, p in patches if p)
    done, n = time.perf_counter(), len(leads)
    print(f"{n} leads, {sum(1 for _, p in patches if p)} patched; evaluation {(evaluated - read) / n * 1e6:.1f} µs/lead "
          f"({n / (evaluated - read):.0f} leads/s); end to end {done - start:.2f} s ({n / (done - start):.0f} leads/s)", file=sys.stderr)

if __name__ == "__main__":
    main()
