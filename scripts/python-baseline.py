#!/usr/bin/env python3
"""The Python baseline of the engine-speed issue: a straightforward `re` script doing a reduced default pack
(rules/) over JSON Lines leads. Usage: python-baseline.py [--moves] LEADS.jsonl [OUT.jsonl]; timings on stderr.
Kept: E.164 phone, utcOffset by longest prefix (a small table), priority with the pack's own regexes
(rules/30-priority.rules); with --moves also the junk/qualified moves (40-junk.rules). Left out: docs/benchmarks.md."""
import json, re, sys, time

I = re.I
# (level, regex, guard): the rule fires when the regex finds and the guard does not (the pack's `~` and `!~`).
PRIORITY = [(1, re.compile(r"(не\s+(звонить|звоните|беспокоить|надо\s+звонить|нужно\s+звонить)|(пере)?звонить\s+(мне\s+)?не\s+(надо|нужно)|звонки\s+не\s+принима\w*|не\s+принима\w*\s+звонки|don\W?t\s+call|do\s+not\s+call|\bno\s+calls\b)", I), re.compile(r"не\s+(звонить|звоните|беспокоить)\s+(мне\s+)?(только\s+)?(после\s+\d|до\s+\d|раньше\s+\d|позже\s+\d|с\s+\d|утром|вечером|ночью|днём|днем|в\s+выходн\w*|на\s+(рабоч|домашн|городск|стационар|этот))", I)),
            (1, re.compile(r"\bтолько\s+(в\s+|через\s+)?(мессенджер\w*|ватсап\w*|вотсап\w*|whats\s?app|телеграм\w*|telegram|тг|смс|sms)\b", I), re.compile(r"(\bтолько\s+(в\s+|через\s+)?(мессенджер\w*|ватсап\w*|вотсап\w*|whats\s?app|телеграм\w*|telegram|тг|смс|sms)\s+не\s+|\bне\s+только\s+(в\s+|через\s+)?(мессенджер|ватсап|вотсап|whats|телеграм|telegram|тг|смс|sms))", I)),
            (9, re.compile(r"(\b[сc]+[рp]+[оo]+ч\w*|\b(пере)?з[вф][оа]н\w*,?\s+(мне\s+|прямо\s+|пожалуйста,?\s+)?(сегодня|сейчас|скорее|срочно|побыстрее|поскорее)|\bпозвон\w*\s+(мне\s+)?(сегодня|сейчас)|\bкак\s+можно\s+(скорее|скорей|быстрее|раньше)|\bасап\b|\basap\b|\burgent\w*|\bas\s+soon\s+as\s+possible\b|\bcall\s+(me\s+)?(back\s+)?today\b)", I), re.compile(r"(\b(не|без)\s+(очень\s+|сильно\s+|так\s+|особо\s+|слишком\s+)?срочн\w*|\bнасколько\s+срочн|\bкак\s+срочно\b[^.!\n]*\?|\bсрочн\w*\s+(вклад|депозит)\w*|\bnot\s+(very\s+|that\s+|so\s+)?urgent)", I)),
            (8, re.compile(r"(\bгото(в|ва|вы)(\(а\))?\s+(\w+\s+)?(купить|оплатить|заказать|брать|покупать|оформить|приобрести)|\bгото(в|ва|вы)\s+к\s+(покупке|оплате|заказу)|\bready\s+to\s+(buy|order|pay)\b|\b(хоч(у|ем)|хотим|хотел(а|и)?\s+бы)\s+(\w+\s+)?(купить|заказать|оформить|приобрести)|\bwant\s+to\s+buy\b)", I), re.compile(r"(\bне\s+(гото(в|ва|вы)|хоч(у|ем)|хотим)|\bгото(в|ва|вы)[^.,!?\n]*\?|\bnot\s+(yet\s+)?ready|\bне\s+сейчас|\bне\s+раньше|\bчерез\s+(год|полгода|пару\s+лет))", I)),
            (7, re.compile(r"\b(бюджет(а|е|у|ом)?|budget)\b[^\d]{0,25}(\d{1,3}\s\d{3}(\s\d{3})?|\d{5,}|\d+([.,]\d+)?\s*(тыс|млн|млрд|k\b|к\b|т\.р|руб|р\.|\$|usd|eur|евро|долл)|\$\s*\d)", I), None),
            (6, re.compile(r"(\bна\s+(этой|следующей)\s+неделе|\bв\s+(этом|течение|течении)\s+(месяц\w*|недел\w*)|\bв\s+(ближайш\w+|течение|течении)\s+(\d+\s+)?(время|дн\w*|недел\w*)|\bчерез\s+(неделю|две\s+недели|пару\s+недель)|\bдо\s+конца\s+(месяца|недели)|\bthis\s+(week|month)\b|\bnext\s+week\b|\bsoon\b)", I), re.compile(r"(\bnot\s+(so\s+)?(soon|this\s+(week|month))|\bне\s+(в\s+этом|на\s+этой)|\bне\s+планиру\w*|\b(на\s+этой\s+неделе|в\s+этом\s+месяце)\s+не\s|\bв\s+ближайш\w+\s+(время|дни)[^.!\n]*\?)", I)),
            (2, re.compile(r"(\bпросто\s+(смотр\w*|узна\w*|интерес\w*|прицениваюсь)|\bсравнива\w*|\bпока\s+(думаю|думаем|присматрива\w*)|\bподумаю|\bjust\s+(looking|browsing|checking)\b)", I), None)]
TEST_NUMBER = re.compile(r"^[17]?(\d)\1{9}$")
SPAM = re.compile(r"(онлайн[\s-]*[кk][аa]з[иi]н[оo]|[кk][аa]з[иi]н[оo]\s+(онлайн|вулкан|азино|бонус\w*|без\s+депозит\w*)|лучш\w+\s+[кk][аa]з[иi]н[оo]|\b[кk][аa]з[иi]н[оo]\W+(\w+\W+)?(бонус|выигр|фриспин|депозит|промокод|джекпот|ставк)|casino|букмекер\w*\W+(\w+\W+)?(бонус|выигр|фриспин|промокод)|\bставк\w*\s+на\s+спорт|\bтестов(ая|ый|ое)\s+(заявк|лид|запрос|сообщени)\w*|\btest\s+(lead|request|submission)|\bviagra|\bвиагр\w*|\bсиалис|заработ\w*\s+без\s+вложений)", I)
ABUSE = re.compile(r"(\bбля(ть|дь|ди|дина|дский|дская|дство)?\b|\bсук[аи]\b|\b(на|по)?ху[йяе]\w*|\bпизд\w*|\bfuck\w*|не\s+оставлял\w*\s+(никаких\s+)?заяв|\bзаяв\w*\s+(я\s+)?не\s+оставлял|не\s+заказывал\w*|ошиблись\s+номером)", I)
REQUEST = re.compile(r"(\bхоч(у|ем|ет)|\bхотел\w*|\bнуж(ен|на|но|ны)\b|\bинтерес\w*|\bподскаж\w*|\bсколько\b|\bцен[аыуе]\b|\bстоимост\w*|\bконсультац\w*|\bзаказать|\bкупить|\bоформить|\bузнать|\bрассчита\w*|\bзапис(ать|аться)|\bскидк\w*|\bдайте\b|\bпришлите\b|\bрасскажите\b|\bприобрести)", I)
READY, NOT_READY = re.compile(r"(\bгото(в|ва|вы)(\(а\))?\s+(\w+\s+)?(купить|оплатить|заказать|брать|покупать|оформить|приобрести)|\bгото(в|ва|вы)\s+к\s+(покупке|оплате|заказу)|\bready\s+to\s+(buy|order|pay)\b)", I), re.compile(r"(\bне\s+(гото(в|ва|вы)|хоч(у|ем)|хотим)|\bгото(в|ва|вы)[^.,!?\n]*\?|\bnot\s+(yet\s+)?ready|\bне\s+сейчас|\bне\s+раньше|\bчерез\s+(год|полгода|пару\s+лет))", I)
TERM, NOT_TERM = re.compile(r"(\bна\s+(этой|следующей)\s+неделе|\bв\s+(этом|течение|течении)\s+(месяц\w*|недел\w*)|\bв\s+ближайш\w+\s+(время|дни|недел\w*)|\bчерез\s+(неделю|недели|две\s+недели|пару\s+недель|\d+\s+(дня|дней|недел\w*))|\bдо\s+конца\s+(месяца|недели)|\bсразу\b|\bсрочно\b|\bthis\s+(week|month)\b|\bnext\s+week\b|\bimmediately\b|\basap\b)", I), re.compile(r"(\bне\s+(в\s+этом|на\s+этой|срочно|сразу))", I)
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
    budget = str(answers.get("budget", "")).replace(" ", "")
    budget = int(budget) if budget.isdigit() else 0
    phone, patch = e164(lead.get("phone")), {}
    # Only a change is written; Liner stores 79001234567 as +79001234567, so those are no change.
    if len(phone) >= 10 and phone != (lead.get("phone") or "").lstrip("+"): patch["phone"] = "+" + phone
    if moves and lead.get("statusId") == NEW:   # junk outranks qualified (precedence 10 and 5 over 0)
        term = str(answers.get("term", ""))
        if (TEST_NUMBER.match(phone) or not phone and 0 < len(NON_DIGIT.sub("", lead.get("phone") or "")) < 10
                or SPAM.search(text) or ABUSE.search(text) and not REQUEST.search(text)):
            patch["statusId"] = JUNK
        elif (READY.search(text) and not NOT_READY.search(text)
              or budget >= 100000 and TERM.search(term) and not NOT_TERM.search(term)):
            patch["statusId"] = QUALIFIED
    # The highest-precedence priority rule that fires wins (the list is in precedence order).
    priority = next((level for level, regex, guard in PRIORITY
                     if regex.search(text) and not (guard and guard.search(text)) or level == 7 and budget > 0), None)
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
