// Liner's JSON values are the shared JSON module's (`JSONValue`, `JSONParser`, `JSONWriter`);
// `import LinerWire` brings it along.
@_exported import JSON
