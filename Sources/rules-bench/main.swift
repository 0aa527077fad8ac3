import Foundation
import BenchSupport
import RulesLanguage

/// Times parsing and checking a large generated ruleset: a phone-prefix table of ROWS rows
/// (default 20,000, about 1 MB with the comment rules) plus ~30 comment rules.
/// Usage: rules-bench [ROWS] [REPEAT]
let arguments = CommandLine.arguments
let rows = arguments.count > 1 ? Int(arguments[1]) ?? 20_000 : 20_000
let repeats = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5

func generate(rows: Int) -> String {
    let zones = ["Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk", "Asia/Novosibirsk",
                 "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok", "Asia/Magadan",
                 "Asia/Kamchatka", "Europe/Kaliningrad", "Europe/Volgograd", "Europe/Astrakhan"]
    var random = SplitMix64(seed: 42)
    var text = "# Generated for the load benchmark.\n"
    text += "table \"Russian mobiles\" {\n  fill utcOffset from e164(phone) by longest prefix\n"
    var used = Set<String>()
    while used.count < rows {
        let prefix = "79" + String(random.below(100_000_000)).leftPadded(to: 8)
        let key = String(prefix.prefix(6 + random.below(5)))
        guard used.insert(key).inserted else { continue }
        text += "  \"\(key)\" => zone(\"\(random.pick(zones))\")  # range \(key)\n"
    }
    text += "}\n\n"
    let words = ["срочно", "сегодня", "готов купить", "бюджет", "просто смотрю", "перезвоните", "не звонить",
                 "доставка", "кредит", "рассрочка"]
    for i in 0..<30 {
        let word = words[i % words.count]
        text += """
        rule "Comment rule \(i)" precedence \(i) {
          when sourceComment ~ /\\b\(word)\\w*\\s*(?<n\(i)>\\d+)?/i and phone is not empty
          set priority = \(i % 10)
          fill customValues[\(100 + i)] = "${n\(i)}"
        }


        """
    }
    return text
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

let text = generate(rows: rows)
print("ruleset: \(rows) table rows + 30 rules, \(text.utf8.count) bytes")
var parseTimes: [Double] = []
var totalTimes: [Double] = []
for _ in 0..<repeats {
    let start = DispatchTime.now().uptimeNanoseconds
    let (file, parseDiagnostics) = Parser.parse(SourceFile(path: "bench.rules", text: text))
    let parsed = DispatchTime.now().uptimeNanoseconds
    let (ruleset, diagnostics) = Checker.check([file])
    let end = DispatchTime.now().uptimeNanoseconds
    guard ruleset != nil, !parseDiagnostics.hasErrors else {
        print(DiagnosticRenderer().render(parseDiagnostics + diagnostics))
        exit(1)
    }
    parseTimes.append(Double(parsed - start) / 1e6)
    totalTimes.append(Double(end - start) / 1e6)
}
print(String(format: "parse: best %.1f ms, median %.1f ms", parseTimes.min()!, parseTimes.sorted()[repeats / 2]))
print(String(format: "parse + check: best %.1f ms, median %.1f ms (over %d runs)", totalTimes.min()!, totalTimes.sorted()[repeats / 2], repeats))
