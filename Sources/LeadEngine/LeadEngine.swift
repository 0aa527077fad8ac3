import RulesLanguage

/// The evaluation engine: filled by the engine issue.
public enum LeadEngine {}
