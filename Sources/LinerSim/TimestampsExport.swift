// The emulator's timestamps (ISO8601Timestamp) come from the shared Timestamps module.
@_exported import Timestamps
