// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "sogreto",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sogreto", targets: ["sogreto"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        .target(
            name: "Bot",
            dependencies: [
                "Program",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // libvips: `pkg-config vips` flags for the C shim; Swift never imports this module.
        .systemLibrary(
            name: "Vips",
            path: "Sources/Vips",
            pkgConfig: "vips",
            providers: [.apt(["libvips-dev"])]
        ),
        .target(
            name: "CVips",
            dependencies: ["Vips"]
        ),
        .target(
            name: "Media",
            dependencies: ["CVips"]
        ),
        .systemLibrary(name: "CHaru", path: "Sources/CHaru"),
        .target(
            name: "Reports",
            dependencies: ["CHaru"]
        ),
        .target(
            name: "Program"
        ),
        .executableTarget(
            name: "sogreto",
            dependencies: [
                "Bot",
                "Media",
                "Reports",
                "Program",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TelegramEmulator",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Issue 4's reminder fan-out benchmark (`swift run -c release ReminderBench paced|unlimited`).
        .executableTarget(
            name: "ReminderBench",
            dependencies: [
                "Bot",
                "Program",
                "TelegramEmulator",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "TelegramEmulatorTests",
            dependencies: ["TelegramEmulator"]
        ),
        .testTarget(
            name: "BotTests",
            dependencies: ["Bot"]
        ),
        .testTarget(
            name: "BotEndToEndTests",
            dependencies: ["Bot", "TelegramEmulator", "sogreto"]
        ),
        .testTarget(
            name: "MediaTests",
            dependencies: ["Media"]
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ProgramTests",
            dependencies: ["Program"],
            exclude: ["Fixtures"]
        ),
    ]
)
