import Testing

/// Every test that starts a whole sandbox (emulator, bot, web server, and for some a Chromium)
/// runs in this one serialized suite: one sandbox at a time keeps the load on a 2-core machine
/// bounded while the rest of the test run goes on in parallel beside it. Each test has a time
/// limit, so a stall fails that test with a message instead of holding up the whole run.
@Suite("The sandbox, one at a time", .serialized, .timeLimit(.minutes(3)))
struct SandboxSuites {}
