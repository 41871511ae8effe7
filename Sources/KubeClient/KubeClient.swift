/// Kubernetes API client over libcurl (issue #2).
public enum KubeClientInfo { public static let name = "KubeClient" }
