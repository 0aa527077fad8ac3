/// The version of the engine: how rules are evaluated and patches are built. A plan made by
/// `enrich run --plan` records it, and `enrich apply` refuses a plan made by another version, whose
/// patches the same rules might not produce any more. Raise it with any change to evaluation.
public enum EngineVersion {
    /// The current version, as `enrich --version` prints it.
    public static let current = "1.0.0"
}
