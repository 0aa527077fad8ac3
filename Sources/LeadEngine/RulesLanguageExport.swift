// The types of the rules language that the engine's API takes and returns, re-exported so that
// `import LeadEngine` is enough to load a pack, read its diagnostics and the locations of changes,
// traces and errors. The rest of RulesLanguage (parser, checker, formatter, syntax tree) stays
// behind `import RulesLanguage`.
@_exported import struct RulesLanguage.Diagnostic
@_exported import struct RulesLanguage.DiagnosticRenderer
@_exported import struct RulesLanguage.SourceLocation
@_exported import struct RulesLanguage.SourceRange
@_exported import class RulesLanguage.SourceFile
@_exported import struct RulesLanguage.Ruleset
@_exported import enum RulesLanguage.RulesetLoader
@_exported import struct RulesLanguage.AccountFacts
@_exported import struct RulesLanguage.StatusResolution
@_exported import enum RulesLanguage.StatusResolutionProblem
