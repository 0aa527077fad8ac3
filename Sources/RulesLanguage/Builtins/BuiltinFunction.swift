/// The identity of a built-in function of the rules language. The checker knows each one through its
/// ``BuiltinDeclaration`` (``BuiltinRegistry``); the engine implements each one in an exhaustive `switch`,
/// so that a function added here without an implementation does not compile.
public enum BuiltinFunction: String, CaseIterable, Sendable, Hashable {
    case e164
    case phoneFirst = "phone_first", phoneRest = "phone_rest"
    case digits, int, lower, upper, trim, length, json, zone, concat, text
    case amount, min, max, round, floor, ceil
    case replace, stripPrefix = "strip_prefix", stripSuffix = "strip_suffix", substring
    case contains, startsWith = "starts_with", endsWith = "ends_with"
}
