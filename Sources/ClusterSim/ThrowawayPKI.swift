import Foundation

/// A throwaway CA with a server certificate (SAN 127.0.0.1, localhost) and client certificates,
/// made with the `openssl` CLI in a temporary folder. For tests only.
public struct ThrowawayPKI: Sendable {
    public let directory: String
    public let caCertificate: String
    public let caKey: String
    public let serverCertificate: String
    public let serverKey: String

    /// Creates the CA and the server certificate in a fresh temporary folder.
    public static func generate(openssl: String = "/usr/bin/openssl") throws -> ThrowawayPKI {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clustersim-pki-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let pki = ThrowawayPKI(directory: dir, caCertificate: "\(dir)/ca.crt", caKey: "\(dir)/ca.key",
                               serverCertificate: "\(dir)/server.crt", serverKey: "\(dir)/server.key")
        try run(openssl, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                          "-keyout", pki.caKey, "-out", pki.caCertificate, "-days", "2", "-subj", "/CN=clustersim-ca",
                          "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try pki.issue(name: "server", subject: "/CN=127.0.0.1", extensions: [
            "subjectAltName=IP:127.0.0.1,DNS:localhost", "extendedKeyUsage=serverAuth",
            "basicConstraints=CA:FALSE", "keyUsage=critical,digitalSignature,keyEncipherment",
        ], openssl: openssl)
        return pki
    }

    /// Issues a client certificate; CN becomes the user, O the group (kube-apiserver x509 authn).
    /// Returns (certificate path, key path).
    public func issueClientCertificate(commonName: String, organization: String? = nil,
                                       openssl: String = "/usr/bin/openssl") throws -> (certificate: String, key: String) {
        let name = "client-\(UUID().uuidString.prefix(8))"
        var subject = ""
        if let organization { subject += "/O=\(organization)" }
        subject += "/CN=\(commonName)"
        try issue(name: name, subject: subject, extensions: ["extendedKeyUsage=clientAuth", "basicConstraints=CA:FALSE",
                                                              "keyUsage=critical,digitalSignature"], openssl: openssl)
        return ("\(directory)/\(name).crt", "\(directory)/\(name).key")
    }

    private func issue(name: String, subject: String, extensions: [String], openssl: String) throws {
        let ext = "\(directory)/\(name).ext"
        try extensions.joined(separator: "\n").appending("\n").write(toFile: ext, atomically: true, encoding: .utf8)
        try Self.run(openssl, ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                               "-keyout", "\(directory)/\(name).key", "-out", "\(directory)/\(name).csr", "-subj", subject])
        try Self.run(openssl, ["x509", "-req", "-in", "\(directory)/\(name).csr", "-CA", caCertificate, "-CAkey", caKey,
                               "-CAcreateserial", "-out", "\(directory)/\(name).crt", "-days", "2", "-extfile", ext])
    }

    static func run(_ tool: String, _ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let errText = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw ClusterSimError(description: "\(tool) \(args.first ?? "") failed: \(String(decoding: errText, as: UTF8.self))")
        }
    }
}
