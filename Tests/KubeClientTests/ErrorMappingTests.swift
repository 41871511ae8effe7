import Foundation
import Testing
@testable import KubeClient

@Suite struct ErrorMappingTests {
    let ctx = ErrorContext(server: "https://10.0.0.1:6443", origin: "kubeconfig /root/.kube/config, context prod",
                           userDescription: "system:serviceaccount:ops:restartwatch", caDescription: "the CA file /etc/ca.crt")
    let action = RequestAction(verb: "list", resource: "pods", namespace: "ml")

    @Test func forbiddenSaysVerbResourceNamespaceAndUser() {
        let body = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods is forbidden: User \"system:serviceaccount:ops:restartwatch\" cannot list resource \"pods\" in API group \"\" in the namespace \"ml\"","reason":"Forbidden","details":{"kind":"pods"},"code":403}"#
        let e = ctx.httpError(status: 403, body: Data(body.utf8), retryAfterHeader: nil, action: action)
        #expect(e.kind == .forbidden)
        #expect(e.message.contains(#"list pods in namespace "ml""#))
        #expect(e.message.contains("system:serviceaccount:ops:restartwatch"))
        #expect(e.message.contains("context prod"))
        #expect(e.status?.reason == "Forbidden")
    }

    @Test func unauthorizedNamesUserAndOrigin() {
        let body = #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"#
        let e = ctx.httpError(status: 401, body: Data(body.utf8), retryAfterHeader: nil, action: action)
        #expect(e.kind == .unauthorized)
        #expect(e.message.contains("401") && e.message.contains("system:serviceaccount:ops:restartwatch"))
    }

    @Test func plainText429UsesRetryAfterHeader() {
        let e = ctx.httpError(status: 429, body: Data("Too many requests, please try again later.\n".utf8),
                              retryAfterHeader: " 4", action: action)
        #expect(e.kind == .tooManyRequests && e.retryAfterSeconds == 4 && e.status == nil)
        #expect(e.message.contains("Too many requests, please try again later."))
    }

    @Test func proxy502WithoutBodyGetsGenericText() {
        let e = ctx.httpError(status: 502, body: Data(), retryAfterHeader: nil, action: action)
        #expect(e.kind == .serverError)
        #expect(e.message.contains("did not return more information"))
    }

    @Test func expiredAndConflictAndAlreadyExists() {
        let s410 = #"{"kind":"Status","code":410,"reason":"Expired","message":"The provided continue parameter is too old"}"#
        #expect(ctx.httpError(status: 410, body: Data(s410.utf8), retryAfterHeader: nil, action: action).kind == .expired)
        let s409 = #"{"kind":"Status","code":409,"reason":"AlreadyExists","message":"leases.coordination.k8s.io \"rw\" already exists"}"#
        #expect(ctx.httpError(status: 409, body: Data(s409.utf8), retryAfterHeader: nil, action: action).kind == .alreadyExists)
        #expect(ctx.httpError(status: 409, body: Data(), retryAfterHeader: nil, action: action).kind == .conflict)
    }

    @Test func tlsAndConnectionCodesAreReadable() {
        let e60 = ctx.transportError(curlCode: 60, detail: "SSL certificate problem: self-signed certificate in certificate chain", action: action)
        #expect(e60.kind == .tls && e60.message.contains("/etc/ca.crt") && e60.message.contains("10.0.0.1:6443"))
        let e55 = ctx.transportError(curlCode: 55, detail: "getpeername() failed", action: action)
        #expect(e55.kind == .tls && e55.message.contains("client-certificate"))
        let e7 = ctx.transportError(curlCode: 7, detail: "Failed to connect to 127.0.0.1 port 1: Connection refused", action: action)
        #expect(e7.kind == .connectionFailed && e7.message.contains("Connection refused"))
        let e28 = ctx.transportError(curlCode: 28, detail: "Connection timed out after 1001 milliseconds", action: action)
        #expect(e28.kind == .connectionFailed)
        #expect(ctx.transportError(curlCode: 28, detail: "Operation timed out after 5000 milliseconds with 10 bytes received", action: action).kind == .timeout)
    }
}
