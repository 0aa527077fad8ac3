// The engine's JSON (`JSONValue`, `JSONParser`, `JSONWriter`) lives in the JSON module, shared with
// LinerWire; `import LeadEngine` brings it along.
@_exported import JSON
