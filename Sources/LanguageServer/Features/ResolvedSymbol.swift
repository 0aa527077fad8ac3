import RulesLanguage

/// What an occurrence names once the pack is known: the identity that references are matched by.
enum ResolvedSymbol: Sendable, Hashable {
    case field(String)
    /// The `status` pseudo-field (the code of the lead's status).
    case statusField
    /// `lead["x"]`: any top-level field of the input lead.
    case rawLead
    case constant(String)
    case status(String)
    case writer(String)
    case local(String, rule: String)
    case function(String)
    case capture(String, rule: String?)
    case regex(pattern: String, flags: String)
    case test(String)
    /// An imported pack: the file or directory an import's path leads to.
    case importedPack(path: String)
    /// A name the pack does not declare (the checker reports it).
    case unknown(String)
}

extension Pack {
    /// What `occurrence` names in this pack.
    func resolve(_ occurrence: Occurrence) -> ResolvedSymbol {
        switch occurrence {
        case let .name(name, rule):
            if let rule, symbols.rules[rule]?.bindings.contains(where: { $0.name.text == name }) == true { return .local(name, rule: rule) }
            if name == LeadSchema.statusPseudoField { return .statusField }
            if LeadSchema.fields[name] != nil { return .field(name) }
            if symbols.constants[name] != nil { return .constant(name) }
            if symbols.statuses[name] != nil { return .status(name) }
            return .unknown(name)
        case let .field(name):
            return name == LeadSchema.statusPseudoField ? .statusField : .field(name)
        case let .subscriptBase(name):
            return name == LeadSchema.rawLead ? .rawLead : .field(name)
        case let .function(name): return .function(name)
        case let .status(code): return .status(code)
        case let .writer(name): return .writer(name)
        case let .constant(name): return .constant(name)
        case let .local(name, rule): return .local(name, rule: rule)
        case let .capture(name, rule): return .capture(name, rule: rule)
        case let .regex(pattern, flags): return .regex(pattern: pattern, flags: flags)
        case let .test(name): return .test(name)
        case let .importPath(path): return .importedPack(path: path)
        }
    }

    /// Where `symbol` is declared, if the pack declares it.
    func declaration(of symbol: ResolvedSymbol) -> SourceRange? {
        switch symbol {
        case let .constant(name): return symbols.constants[name]?.name.range
        case let .status(code): return symbols.statuses[code]?.code.range
        case let .writer(name): return symbols.writerName(name)?.range
        case let .local(name, rule): return symbols.rules[rule]?.bindings.first { $0.name.text == name }?.name.range
        case let .test(name): return test(named: name)?.name.range
        default: return nil
        }
    }

    /// Every occurrence of `symbol` in the pack, declarations included, in load order.
    func references(to symbol: ResolvedSymbol) -> [(ParsedFile, IndexEntry)] {
        var found: [(ParsedFile, IndexEntry)] = []
        for file in parsedFiles {
            for entry in file.index.entries where resolve(entry.occurrence) == symbol { found.append((file, entry)) }
        }
        return found
    }
}
