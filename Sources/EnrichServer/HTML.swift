/// Building the page's HTML: every piece of text goes through ``escape(_:)``.
enum HTML {
    /// `text` safe inside an element or a double-quoted attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// `<tag attributes>escaped text</tag>`.
    static func element(_ tag: String, _ attributes: String = "", text: String) -> String {
        "<\(tag)\(attributes.isEmpty ? "" : " " + attributes)>\(escape(text))</\(tag)>"
    }
}
