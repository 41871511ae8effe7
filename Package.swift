// swift-tools-version:6.0
import PackageDescription

// restartwatch: finds Kubernetes model-server pods killed by their own probes while they
// download or load a model, proves it, and prints the patch that fixes it.
let package = Package(
    name: "restartwatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "restartwatch", targets: ["RestartWatch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // libcurl (Debian: libcurl4-openssl-dev). Only KubeClient's transport imports it.
        .systemLibrary(
            name: "CCurl",
            path: "Sources/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Every byte to and from the API server.
        .target(
            name: "KubeClient",
            dependencies: [
                "CCurl",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Pure and deterministic: evidence in, findings and remediation out. Foundation only.
        .target(name: "Diagnosis"),
        // Loopback Kubernetes API server with a kubelet-like scenario player.
        .target(
            name: "ClusterSim",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The program users run: CLI, config, watch loop, notifiers, metrics.
        .executableTarget(
            name: "RestartWatch",
            dependencies: [
                "KubeClient", "Diagnosis", "ClusterSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "KubeClientTests", dependencies: ["KubeClient", "ClusterSim", .product(name: "Logging", package: "swift-log")], exclude: ["Fixtures"]),
        .testTarget(name: "DiagnosisTests", dependencies: ["Diagnosis", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "ClusterSimTests", dependencies: ["ClusterSim"]),
        .testTarget(
            name: "RestartWatchTests",
            dependencies: [
                "RestartWatch", "Diagnosis", "KubeClient", "ClusterSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
    ]
)
