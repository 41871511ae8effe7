/// Constants of the client.authentication.k8s.io exec credential protocol.
enum ExecCredentialProtocol {
    static let v1 = "client.authentication.k8s.io/v1"
    static let v1beta1 = "client.authentication.k8s.io/v1beta1"
    static let supportedVersions: Set<String> = [v1, v1beta1]
}
