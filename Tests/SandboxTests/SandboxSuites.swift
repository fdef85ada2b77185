import Testing

/// Every test that starts a whole sandbox (emulator, bot, web server, and for some a Chromium)
/// runs in this one serialized suite: one sandbox at a time keeps the load on a 2-core machine
/// bounded while the rest of the test run goes on in parallel beside it.
@Suite("The sandbox, one at a time", .serialized)
struct SandboxSuites {}
