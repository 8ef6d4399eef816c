// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "ieum",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ieum", targets: ["ieum"]),
        .executable(name: "ieum-box", targets: ["ieum-box"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        // Named for ScreenedFormDataDecoder, which runs its parser ahead of Vapor's form-data decoder.
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // The program's rules: no framework, no database, no HTTP.
        .target(name: "IeumCore"),
        // The grading sandbox's Swift side: boxes, limits, compile-run-check. No Vapor, no database.
        .target(
            name: "IeumGrader",
            dependencies: ["IeumCore", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")]
        ),
        .target(
            name: "App",
            dependencies: [
                "IeumCore",
                "IeumGrader",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            resources: [.copy("Security/common-passwords.txt")]
        ),
        .executableTarget(
            name: "ieum",
            dependencies: [
                "App",
                "IeumGrader",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The grading sandbox's privileged helper, in C: it forks, joins cgroups, drops to the box's user and
        // execs bubblewrap — steps that cannot be done safely from a multithreaded Swift process.
        .executableTarget(
            name: "ieum-box",
            cSettings: [.unsafeFlags(["-Wall", "-Wextra", "-Werror"])],
            // It uses no Swift: without the Swift runtime it starts in a third of the time (a cost every graded run pays).
            linkerSettings: [.unsafeFlags(["-static-stdlib"])]
        ),
        .testTarget(name: "IeumCoreTests", dependencies: ["IeumCore"]),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App",
                "IeumGrader",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ]
)
