import FlyingFox

/// Makes FlyingFox close a connection without writing a byte of response.
///
/// FlyingFox asks a WebSocket handler for its frames before it writes the upgrade response; throwing there
/// ends the connection with nothing sent, which is what a dropped connection looks like to a client.
struct DropConnection: WSHandler {
    struct Dropped: Error {}

    func makeFrames(for client: AsyncThrowingStream<WSFrame, any Error>) async throws -> AsyncStream<WSFrame> {
        throw Dropped()
    }
}
