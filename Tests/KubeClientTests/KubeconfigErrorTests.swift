import Foundation
import Testing
@testable import KubeClient

/// Bad kubeconfigs produce errors that name the file and the key path (or line).
@Suite struct KubeconfigErrorTests {
    private func loadError(_ yaml: String, context: String? = nil) throws -> (String, KubeconfigError?) {
        let dir = TempDir()
        let file = try dir.write("config", yaml)
        let error = #expect(throws: KubeconfigError.self) {
            try KubeconfigFixtures.load(explicit: file, context: context)
        }
        return (file, error)
    }

    @Test func yamlSyntaxErrorNamesFileAndLineWithoutTheSnippet() throws {
        let yaml = """
        apiVersion: v1
        users:
        - name: u
          user:
            token: SECRET-TOKEN-IN-BROKEN-FILE
           oops: [unclosed
        """
        let (file, error) = try loadError(yaml)
        #expect(error?.kind == .syntax)
        #expect(error?.file == file)
        #expect(error?.line == 6)
        #expect(error?.description.hasPrefix("\(file): line 6: invalid YAML") == true)
        #expect(error?.description.contains("SECRET-TOKEN-IN-BROKEN-FILE") == false)
    }

    @Test func missingExecApiVersionNamesTheKeyPath() throws {
        let yaml = """
        current-context: c
        clusters: [{name: k, cluster: {server: https://k}}]
        users:
        - name: first
          user: {token: t}
        - name: second
          user:
            exec: {command: get-token, interactiveMode: Never}
        contexts: [{name: c, context: {cluster: k, user: second}}]
        """
        let (file, error) = try loadError(yaml)
        #expect(error?.description == "\(file): users[1].user.exec: apiVersion is required")
    }

    @Test func wrongTypeNamesKeyPath() throws {
        let (file, error) = try loadError("contexts:\n- name: a\n  context: {cluster: c1, namespace: 5}\n")
        #expect(error?.description == "\(file): contexts[0].context.namespace: expected a string, found a number")
    }

    @Test func unquotedYaml11BooleanIsNotAString() throws {
        let (file, error) = try loadError("contexts:\n- name: a\n  context: {cluster: c1, namespace: off}\n")
        #expect(error?.description == "\(file): contexts[0].context.namespace: expected a string, found a boolean")
    }

    @Test func unknownContextListsTheExistingOnes() throws {
        let error = #expect(throws: KubeconfigError.self) {
            try KubeconfigFixtures.load(kubeconfig: KubeconfigFixtures.multi, context: "nope")
        }
        #expect(error?.kind == .unknownContext)
        #expect(error?.description
            == "context \"nope\" does not exist in \(KubeconfigFixtures.multi); contexts: anonymous, eks, exec, files, lab, prod, staging")
    }

    @Test func noCurrentContextListsContexts() throws {
        let (_, error) = try loadError("contexts: [{name: only, context: {cluster: x}}]\n")
        #expect(error?.kind == .noCurrentContext)
        #expect(error?.description.hasSuffix("contexts: only") == true)
    }

    @Test(arguments: [
        ("clusters: [{name: k, cluster: {server: https://k, insecure-skip-tls-verify: true, certificate-authority-data: QUJD}}]",
         "clusters[0].cluster: specifying a root certificates file with the insecure flag is not allowed"),
        ("clusters: [{name: k, cluster: {certificate-authority-data: QUJD}}]", "clusters[0].cluster: server is required"),
        ("clusters: [{name: k, cluster: {server: https://k}}, {name: k, cluster: {server: https://j}}]",
         "clusters[1].name: duplicate name \"k\" in clusters"),
        ("clusters: [{name: k, cluster: {server: https://k, certificate-authority-data: '%%%'}}]",
         "clusters[0].cluster.certificate-authority-data: not valid base64-encoded PEM data"),
        ("clusters: [{name: k, cluster: {server: https://k, proxy-url: 'ftp://p'}}]",
         "clusters[0].cluster.proxy-url: proxy URL scheme must be http, https or socks5"),
        ("clusters: [{name: k, cluster: {server: https://k, insecure-skip-tls-verify: 'yes please'}}]",
         "clusters[0].cluster.insecure-skip-tls-verify: expected a boolean, found a string"),
    ])
    func clusterErrors(cluster: String, expected: String) throws {
        let yaml = "current-context: c\n\(cluster)\ncontexts: [{name: c, context: {cluster: k}}]\n"
        let (file, error) = try loadError(yaml)
        #expect(error?.description == "\(file): \(expected)")
    }

    @Test(arguments: [
        ("{client-certificate-data: QUJD}",
         "users[0].user: client-key-data or client-key must be specified to use the client certificate"),
        ("{exec: {apiVersion: client.authentication.k8s.io/v1, command: x}}", "users[0].user.exec: interactiveMode is required"),
        ("{exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: x}}",
         "users[0].user.exec.apiVersion: unsupported exec plugin apiVersion \"client.authentication.k8s.io/v1alpha1\"; use client.authentication.k8s.io/v1 or v1beta1"),
        ("{exec: {apiVersion: client.authentication.k8s.io/v1beta1}}", "users[0].user.exec: command is required"),
        ("{exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: x, env: [{value: v}]}}",
         "users[0].user.exec.env[0]: name is required"),
        ("{tokenFile: /nonexistent/token}", "users[0].user.tokenFile: cannot read file /nonexistent/token"),
        ("{username: admin, password: SECRET-PASSWORD}",
         "users[0].user: username, password not supported by restartwatch (use token, tokenFile, a client certificate or an exec plugin)"),
    ])
    func userErrors(user: String, expected: String) throws {
        let yaml = """
        current-context: c
        clusters: [{name: k, cluster: {server: https://k}}]
        users: [{name: u, user: \(user)}]
        contexts: [{name: c, context: {cluster: k, user: u}}]
        """
        let (file, error) = try loadError(yaml)
        #expect(error?.description == "\(file): \(expected)")
        #expect(error?.description.contains("SECRET-PASSWORD") == false)
    }

    @Test func contextReferencingMissingEntries() throws {
        let (file, error) = try loadError("""
        current-context: c
        clusters: [{name: k, cluster: {server: https://k}}]
        contexts: [{name: c, context: {cluster: k, user: ghost}}, {name: d, context: {cluster: nowhere}}]
        """)
        #expect(error?.description == "\(file): contexts[0].context.user: user \"ghost\" is not defined; users: (none)")
        let (file2, error2) = try loadError("""
        clusters: [{name: k, cluster: {server: https://k}}]
        contexts: [{name: d, context: {cluster: nowhere}}]
        """, context: "d")
        #expect(error2?.description == "\(file2): contexts[0].context.cluster: cluster \"nowhere\" is not defined; clusters: k")
    }
}
