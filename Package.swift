// swift-tools-version: 6.2
import PackageDescription

/// The upcoming features that make the compiler keep module boundaries: every existential is
/// spelled `any`, and a member is usable only where its module is imported. Errors, not
/// warnings, so a slip does not build. Every target has them.
let strictImportsAndExistentials: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .treatWarning("ExistentialAny", as: .error),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// Imports are internal unless a file writes `public import`, so a module's public API cannot
/// leak a dependency (a C shim least of all) by accident. On every library but Bot and
/// PostgresStore (see their notes); executables and tests have no importers, so it changes nothing there.
let internalImports: [SwiftSetting] = strictImportsAndExistentials + [
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    // Linux only (Debian): the C libraries come from its -dev packages and the code uses glibc;
    // no Apple platform is claimed because none is built or tested.
    name: "sogreto",
    products: [
        .executable(name: "sogreto", targets: ["sogreto"]),
        .executable(name: "sogreto-bench", targets: ["SogretoBench"]),
        .executable(name: "sogreto-fuzz", targets: ["SogretoFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Plain imports: its public records are GRDB records (`UserRecord: FetchableRecord`), so GRDB
        // is part of its API until the store interface stops exposing them.
        .target(
            name: "Bot",
            dependencies: [
                "Program",
                "Audio",
                "BlobStore",
                "TelegramBotAPI",
                "HTTPTransport",
                "S3",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                // NIOThreadPool: the one kind of pool for blocking work (the narration catalog's).
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictImportsAndExistentials
        ),
        // The media task handlers that draw or read images and the PDF (photo ingest, collages,
        // timelines, cards, the practice diary), given to Bot as a `MediaTaskKit`: Bot itself
        // depends on neither Media nor Reports.
        .target(
            name: "BotMedia",
            dependencies: ["Bot", "Media", "Reports", "Program", "BlobStore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: internalImports
        ),
        // The one place a running bot is built from configuration (client, store, runtime), for
        // `sogreto run`, the sandbox, the benchmarks and the end-to-end tests.
        .target(
            name: "BotAssembly",
            dependencies: [
                "Bot", "BotMedia", "BlobStore", "PostgresStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: internalImports
        ),
        // The store on PostgreSQL, for several instances; the composition roots pick the engine.
        // Bot never imports it. Plain imports: its API is Bot's `Store` implemented (28 of its 44
        // files would `public import Bot`); it follows Bot when the store interface moves.
        .target(
            name: "PostgresStore",
            dependencies: [
                "Bot",
                "Media",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // Only to read a SQLite store for `sogreto store migrate`.
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                // NIOThreadPool: pg_dump and pg_restore run on the one pool for blocking work.
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictImportsAndExistentials
        ),
        // The admin HTTP API, page and /metrics, installed on Web's server. Bot never imports it.
        .target(
            name: "Admin",
            dependencies: [
                "Bot",
                "Web",
                "Media",
                "Program",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: internalImports
        ),
        // Pixel kernels on plain RGB buffers (resampling, orientation, green count, drawing):
        // the one image pipeline after decoding. libc only.
        .target(name: "CPixels"),
        // libjpeg (libjpeg-dev) decodes plain JPEG photos and encodes every JPEG: no libvips.
        .target(
            name: "CJpeg",
            linkerSettings: [.linkedLibrary("jpeg")]
        ),
        // FreeType (libfreetype-dev) for captions: glyphs loaded and rasterised by FreeType, laid
        // out in Swift (Media's FreeTypeText); no libvips, Pango or Fontconfig for text it can draw.
        .systemLibrary(name: "CFreeType", path: "Sources/CFreeType", pkgConfig: "freetype2",
                       providers: [.apt(["libfreetype-dev"])]),
        .target(
            name: "CVips",
            // The libvips shim. It opens libvips with dlopen on first use (Sources/CVips/sg_vips_dl.h),
            // so nothing links libvips: the headers' directories are given here rather than through
            // a `pkgConfig: "vips"` system library, whose `pkg-config --libs` SwiftPM would link.
            // glibconfig.h is per architecture; a missing -I directory is ignored.
            cSettings: [
                .unsafeFlags([
                    "-I/usr/include/glib-2.0",
                    "-I/usr/lib/x86_64-linux-gnu/glib-2.0/include",
                    "-I/usr/lib/aarch64-linux-gnu/glib-2.0/include",
                    "-pthread",
                ]),
            ]
        ),
        // Blob keys (SHA-256 from swift-crypto), hashing and every storage layout: the local
        // folder (and S3) behind one protocol.
        .target(name: "BlobStore", dependencies: [.product(name: "Crypto", package: "swift-crypto"),
                                                  .product(name: "NIOPosix", package: "swift-nio")],
                swiftSettings: internalImports),
        .target(
            name: "Media",
            dependencies: ["CVips", "CPixels", "CJpeg", "CFreeType", "CMalloc", "BlobStore", "HTTPTransport", "Program",
                           .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: internalImports
        ),
        .systemLibrary(name: "CHaru", path: "Sources/CHaru"),
        // Faster HPDF_MemCpy/HPDF_MemSet that libharu's own calls bind to (ELF interposition, see
        // Sources/CHaruSpeedups/haru_memory.c): exported so the dynamic linker finds them.
        .target(
            name: "CHaruSpeedups",
            linkerSettings: [
                .unsafeFlags(["-Xlinker", "--export-dynamic-symbol=HPDF_MemCpy",
                              "-Xlinker", "--export-dynamic-symbol=HPDF_MemSet"]),
            ]
        ),
        // libcurl (libcurl4-openssl-dev) for the Telegram transport: a multi handle on one thread.
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // The libcurl transport (Telegram, S3): its own module so clients outside Bot can use it.
        .target(name: "HTTPTransport", dependencies: ["CCurl"], swiftSettings: internalImports),
        // The Telegram Bot API client: types, typed methods, errors and the HTTP client on that
        // transport. It knows nothing of the bot; Bot re-exports it (its API speaks these types).
        .target(
            name: "TelegramBotAPI",
            dependencies: ["HTTPTransport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: internalImports
        ),
        // S3-compatible object storage on that transport (libcurl signs with AWS Signature V4).
        .target(name: "S3", dependencies: ["HTTPTransport", "BlobStore"], swiftSettings: internalImports),
        // A moto S3 server with authentication on, and a fault proxy in front of it, for tests.
        .target(name: "S3TestSupport", dependencies: ["S3", "HTTPTransport"], path: "Tests/S3TestSupport", swiftSettings: strictImportsAndExistentials),
        .testTarget(name: "S3Tests", dependencies: ["S3", "S3TestSupport", "HTTPTransport", "BlobStore"], swiftSettings: strictImportsAndExistentials),
        // glibc's <malloc.h> (mallopt), for the media workers' fixed mmap threshold.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(
            name: "Reports",
            dependencies: ["CHaru", "CHaruSpeedups", "CFreeType"],
            swiftSettings: internalImports
        ),
        .target(
            name: "Program",
            dependencies: ["StrictJSON"],
            swiftSettings: internalImports
        ),
        // The one JSON parser where positions matter (content check, the emulator): key order,
        // duplicates, line and column of a mistake, a nesting limit. No dependencies.
        .target(name: "StrictJSON", swiftSettings: internalImports),
        .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON"], swiftSettings: strictImportsAndExistentials),
        // The narration catalog, MP3 checks and `sogreto audio build`'s renderer. Checksums come
        // from BlobStore's SHA-256, not from Media: Bot depends on Audio and must not reach Media.
        .target(
            name: "Audio",
            dependencies: ["BlobStore", "Program"],
            swiftSettings: internalImports
        ),
        // Backups and restore, the collection of unreferenced blobs, media migration and audit:
        // the upkeep of stored data, kept out of Bot.
        .target(
            name: "Maintenance",
            dependencies: [
                "Bot",
                "Media",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: internalImports
        ),
        // The one HTTP server (webhook, admin API, /metrics mount on it) and the webhook's route.
        .target(
            name: "Web",
            dependencies: [
                "Bot",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: internalImports
        ),
        .executableTarget(
            name: "sogreto",
            dependencies: [
                "Bot",
                "BotAssembly",
                "BotMedia",  // sogreto diary: the practice diary PDF
                "PostgresStore",
                "ThrowawayPostgres",  // restore --verify-only restores a PostgreSQL backup into a throwaway cluster
                "Maintenance",
                "Web",
                .product(name: "Hummingbird", package: "hummingbird"),
                "Media",
                "Reports",
                "Program",
                "Audio",
                "Sandbox",
                "Admin",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictImportsAndExistentials
        ),
        .target(
            name: "TelegramEmulator",
            dependencies: [
                "HTTPTransport",
                "StrictJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: internalImports
        ),
        // Release-mode benchmarks (`swift run -c release sogreto-bench pipeline`), kept out of `sogreto`.
        .executableTarget(
            name: "SogretoBench",
            dependencies: [
                "Bot",
                "BotAssembly",
                "TelegramEmulator",
                "Maintenance",  // the crash drill's media audit
                "BlobStore",   // the crash drill's media audit reads the media folder through it
                "Program",     // journey walks: the stage texts and the stored progress
                "Sandbox",     // journey walks: the sandbox's clock, whose jumps wake the bot's sleepers
                "CJpeg",       // journey walks: small generated photos
                "S3", "S3TestSupport",  // photos --s3: media in a bucket (moto started on loopback)
                "PostgresStore", "ThrowawayPostgres",  // crash-drill and pipeline --postgres: instances on a throwaway cluster
                "Web",  // pipeline --webhook: the bench bot's webhook route
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strictImportsAndExistentials
        ),
        // Mutation fuzzing of every parser of untrusted input (`scripts/fuzz`); corpora in Tests/Fuzz.
        .target(
            name: "Fuzzing",
            dependencies: ["Admin", "Audio", "Bot", "Maintenance", "Media", "Program", "TelegramEmulator"],
            swiftSettings: strictImportsAndExistentials
        ),
        .executableTarget(name: "SogretoFuzz", dependencies: ["Fuzzing"], swiftSettings: strictImportsAndExistentials),
        .testTarget(name: "FuzzTests", dependencies: ["Fuzzing", "TestSupport"], swiftSettings: strictImportsAndExistentials),
        // What many test targets share: the test clock, the repository's folders, waiting for a
        // condition, awaiting a child's exit, raw sockets for tests that play a hostile HTTP client.
        .target(name: "TestSupport", dependencies: ["Bot", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
                path: "Tests/TestSupport", swiftSettings: strictImportsAndExistentials),
        // A throwaway PostgreSQL cluster (temporary folder, Unix socket only): tests take one database
        // each; `restore --verify-only` and the benchmarks start their own.
        .target(name: "ThrowawayPostgres", swiftSettings: internalImports),
        .target(name: "PostgresTestSupport", dependencies: ["ThrowawayPostgres",
                                                          .product(name: "PostgresNIO", package: "postgres-nio"),
                                                          .product(name: "Logging", package: "swift-log"),
                                                          .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
                path: "Tests/PostgresTestSupport",
            swiftSettings: strictImportsAndExistentials),
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: [
                "PostgresStore", "PostgresTestSupport", "TestSupport", "Bot",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictImportsAndExistentials
        ),
        // Several instances on one PostgreSQL: leader-only delivery with term fencing, the SQLite
        // migration, pg_dump backups and the multi-instance run behind nginx.
        .testTarget(
            name: "PostgresInstancesTests",
            dependencies: [
                "PostgresStore", "PostgresTestSupport", "TestSupport", "Bot", "BlobStore", "Program", "TelegramEmulator", "sogreto",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictImportsAndExistentials
        ),
        .testTarget(
            name: "BenchmarkTests",
            dependencies: ["SogretoBench", "TelegramEmulator", "Bot", "TestSupport"],
            swiftSettings: strictImportsAndExistentials
        ),
        // The reminder fan-out benchmark (`swift run -c release ReminderBench paced|unlimited`).
        .executableTarget(
            name: "ReminderBench",
            dependencies: [
                "Bot",
                "BotAssembly",
                "Program",
                "TelegramEmulator",
                "PostgresStore", "ThrowawayPostgres",  // --postgres: the store on a throwaway cluster
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictImportsAndExistentials
        ),
        // The local sandbox: emulator + real bot + web chat. The Bot module never imports it.
        .target(
            name: "Sandbox",
            dependencies: [
                "Bot",
                "BotAssembly",
                "TelegramEmulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: internalImports
        ),
        .testTarget(
            name: "SandboxTests",
            dependencies: [
                "Sandbox", "Bot", "TelegramEmulator", "TestSupport", "PostgresStore", "PostgresTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictImportsAndExistentials
        ),
        // The Bot API client alone against the emulator over loopback: no bot in between.
        .testTarget(
            name: "TelegramBotAPITests",
            dependencies: ["TelegramBotAPI", "TelegramEmulator", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictImportsAndExistentials
        ),
        .testTarget(
            name: "TelegramEmulatorTests",
            dependencies: [
                "TelegramEmulator", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictImportsAndExistentials
        ),
        // The target graph read from Package.swift: Bot's closure holds neither Media nor Reports.
        .testTarget(name: "PackageGraphTests", dependencies: ["TestSupport"], swiftSettings: strictImportsAndExistentials),
        .testTarget(
            name: "BotTests",
            dependencies: ["Bot", "Audio", "Media", "S3", "S3TestSupport", "TestSupport"],
            swiftSettings: strictImportsAndExistentials
        ),
        .testTarget(
            name: "BotMediaTests",
            dependencies: ["BotMedia", "Bot", "Media", "Reports", "Program", "TestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictImportsAndExistentials
        ),
        // The store contract, written once and run against every store implementation
        // (Tests/StoreContractTests/StoreFactories.swift lists them).
        .testTarget(
            name: "StoreContractTests",
            dependencies: ["Bot", "Media", "Program", "PostgresStore", "PostgresTestSupport", "TestSupport",
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictImportsAndExistentials
        ),
        .testTarget(
            name: "BotEndToEndTests",
            dependencies: ["Bot", "BotAssembly", "BotMedia", "Admin", "Reports", "TelegramEmulator", "sogreto", "Audio", "Media", "Maintenance", "S3",
                           "S3TestSupport", "PostgresStore", "PostgresTestSupport", "TestSupport",
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictImportsAndExistentials
        ),
        .testTarget(
            name: "AdminTests",
            dependencies: [
                "Admin", "Web", "TestSupport",
                "Bot",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                "Media",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictImportsAndExistentials
        ),
        .testTarget(
            name: "OperatorTests",
            dependencies: [
                "Maintenance", "Web", "Admin", "Bot", "BotAssembly",
                .product(name: "HummingbirdTesting", package: "hummingbird"), "Media", "TelegramEmulator", "sogreto", "SogretoBench", "S3", "S3TestSupport",
                "PostgresStore", "PostgresTestSupport", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictImportsAndExistentials
        ),
        // The blob store contract, run against every implementation (BlobStoreFactory.all).
        .testTarget(name: "BlobStoreTests", dependencies: ["BlobStore", "S3", "S3TestSupport"], swiftSettings: strictImportsAndExistentials),
        .testTarget(
            name: "MediaTests",
            dependencies: ["Media", "TestSupport", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            swiftSettings: strictImportsAndExistentials
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "CHaruSpeedups", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strictImportsAndExistentials
        ),
        .testTarget(
            name: "AudioTests",
            dependencies: ["Audio", "Program", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strictImportsAndExistentials
        ),
        .testTarget(
            name: "ProgramTests",
            dependencies: ["Program", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strictImportsAndExistentials
        ),
    ]
)
