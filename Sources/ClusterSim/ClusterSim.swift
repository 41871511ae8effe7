/// Loopback Kubernetes API server with a kubelet-like scenario player (issue #2).
public enum ClusterSimInfo {
    public static let name = "ClusterSim"
}
