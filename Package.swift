// swift-tools-version:6.2
import PackageDescription

// Swift 6 language mode everywhere; warnings are treated as defects by CI (see .ci/run).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "wps-platform",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "wps", targets: ["wps"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        // Already in the graph through Hummingbird; named because pages set header fields by name.
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // Only HummingbirdBcrypt is used: bcrypt password hashes.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Already in the graph through postgres-nio; used for SHA-256 of API tokens and session ids.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // Reads and writes the zip container of Excel .xlsx workbooks (the XML inside is ours).
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // Writes IATI activity XML from Encodable types (attributes, narratives, element order).
        .package(url: "https://github.com/CoreOffice/XMLCoder.git", from: "0.18.2"),
    ],
    targets: [
        .target(
            name: "WPSCore",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WPSFormats",
            dependencies: [
                "WPSCore", .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "XMLCoder", package: "XMLCoder"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WPSStorage",
            dependencies: [
                "WPSCore", "WPSFormats",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WPSWeb",
            dependencies: [
                "WPSCore", "WPSFormats", "WPSStorage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "wps",
            dependencies: [
                "WPSCore", "WPSStorage", "WPSWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // Fuzz targets for the readers of untrusted bytes; see Sources/wps-fuzz and scripts/checks/fuzz.py.
        .executableTarget(name: "wps-fuzz", dependencies: ["WPSCore", "WPSFormats"], swiftSettings: swiftSettings),
        .testTarget(name: "WPSCoreTests", dependencies: ["WPSCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "WPSFormatsTests", dependencies: ["WPSFormats"], resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WPSStorageTests",
            dependencies: ["WPSStorage", "WPSCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WPSWebTests",
            dependencies: [
                "WPSWeb", "WPSStorage", "WPSCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ]
)
