// libFuzzer entry for the rules language front end.
//
// Built by scripts/fuzz-parser.sh (see docs/fuzzing.md), which compiles this file together with
// every file of Sources/RulesLanguage into one module named RulesLanguage, so the API is called
// directly, internal parts included. SwiftPM never sees the fuzz/ folder.
//
// Every input must come back here with 0: a trap, a sanitizer report, a stack overflow or a run
// longer than the timeout is a bug in the lexer, the parser or the diagnostics code.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // Invalid UTF-8 becomes U+FFFD, as when the CLI reads a file.
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let file = SourceFile(path: "fuzz.rules", text: text)

    let (tree, parseDiagnostics) = Parser.parse(file)
    var diagnostics = parseDiagnostics

    // ---- CHECKER HOOK ----------------------------------------------------------------------
    // When Check/ is finished, add one line here to run the checker on the same tree. With the
    // signature of its draft, `Checker.check(_ files: [RulesFile], now: Date) -> (Ruleset?, [Diagnostic])`:
    //     diagnostics += Checker.check([tree], now: Date(timeIntervalSince1970: 1_700_000_000)).1
    // (a fixed `now` keeps runs reproducible; that needs `import Foundation` at the top of this file).
    // -----------------------------------------------------------------------------------------
    _ = tree

    // Render every diagnostic, one by one and as a batch: exercises line/column lookup and the
    // caret/underline code on arbitrary ranges (multi-byte characters, tabs, CRLF, ranges that
    // end on a later line or at the end of the file).
    let renderer = DiagnosticRenderer(colored: false)
    var renderedBytes = 0
    for diagnostic in diagnostics {
        renderedBytes &+= renderer.render(diagnostic).utf8.count
    }
    renderedBytes &+= renderer.render(diagnostics).utf8.count
    diagnostics.removeAll() // (also keeps `var` meaningful until the checker line is added)
    if renderedBytes < 0 { print(renderedBytes) } // never true; keeps the optimiser honest
    return 0
}
