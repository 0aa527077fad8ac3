#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSON

/// Runs a ``LanguageServer`` over two file descriptors (standard input and output): reads framed messages,
/// answers them, and checks changed packs whenever no further message is waiting, so that a burst of
/// keystrokes costs one check.
public enum StdioTransport {
    /// Serves until `exit` (returns its exit code) or the end of the input (returns 1: the client left without `exit`).
    public static func run(_ server: LanguageServer, input: Int32 = 0, output: Int32 = 1) -> Int32 {
        var framer = MessageFramer()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            // Drain every whole message already read.
            while let next = framer.next() {
                switch next {
                case let .success(body):
                    guard send(server.handle(body), to: output) else { return 1 }
                    if let code = server.exitCode { return code }
                case let .failure(failure):
                    guard send([RPCError(.parseError, "malformed message: \(failure.message)").response], to: output) else { return 1 }
                }
            }
            if server.hasPendingChecks, !inputIsWaiting(input) {
                guard send(server.runPendingChecks(), to: output) else { return 1 }
                continue
            }
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return 1
            }
            if count == 0 { return server.exitCode ?? 1 }
            framer.append(buffer[0..<count])
        }
    }

    /// Whether bytes can be read from `fd` right now.
    static func inputIsWaiting(_ fd: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// Writes each message framed; `false` when the output is gone.
    static func send(_ messages: [JSONValue], to fd: Int32) -> Bool {
        for message in messages {
            let framed = MessageFramer.frame(Array(JSONWriter.write(message).utf8))
            var written = 0
            while written < framed.count {
                let result = framed[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if result < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += result
            }
        }
        return true
    }
}
