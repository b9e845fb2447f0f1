// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "riposte",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "riposte", targets: ["riposte"]),
        .library(name: "RiposteCore", targets: ["RiposteCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // Pure business rules: no I/O, everything Sendable.
        .target(
            name: "RiposteCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        // The shipped model files, and how to find them at run time.
        .target(
            name: "RiposteModels",
            dependencies: ["RiposteCore"],
            resources: [.copy("Resources/sentiment.rpsm")],
            swiftSettings: swiftSettings
        ),
        // GRDB over the system SQLite.
        .target(
            name: "RiposteStore",
            dependencies: [
                "RiposteCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // libcurl, through a small C shim for the variadic setopt.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "RiposteChat",
            dependencies: [
                "CCurl",
                "RiposteCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RiposteServer",
            dependencies: [
                "RiposteCore",
                "RiposteModels",
                "RiposteStore",
                "RiposteChat",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "riposte",
            dependencies: [
                "RiposteServer",
                "RiposteModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // Benchmark-only baseline: a bare Hummingbird echo server (not part of the product).
        .executableTarget(
            name: "RiposteBenchEcho",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Benchmarks/RiposteBenchEcho",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RiposteCoreTests",
            dependencies: ["RiposteCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RiposteStoreTests",
            dependencies: ["RiposteStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RiposteChatTests",
            dependencies: [
                "RiposteChat",
                "RiposteCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RiposteCLITests",
            dependencies: ["riposte", "RiposteCore", "RiposteStore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RiposteServerTests",
            dependencies: [
                "RiposteServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
