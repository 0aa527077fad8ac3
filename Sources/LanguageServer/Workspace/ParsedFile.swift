import Foundation
import RulesLanguage

/// One rules file parsed, kept between checks so that an edit re-parses only the file it changed.
final class ParsedFile {
    let path: String
    let text: String
    let tree: RulesFile
    let syntaxDiagnostics: [Diagnostic]
    /// When the text was read (for files read from disk: a later modification means it must be read again).
    let readAt = Date()
    /// Protocol positions of the text, built when first needed.
    private(set) lazy var lines = LineIndex(bytes: tree.file.bytes)
    /// Every name, call and regex of the file, built when first needed.
    private(set) lazy var index = SymbolIndex(tree)

    init(path: String, text: String) {
        self.path = path
        self.text = text
        (tree, syntaxDiagnostics) = Parser.parse(SourceFile(path: path, text: text))
    }
}
