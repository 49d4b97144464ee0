// Builds etcd 3.6 (the version Kubernetes 1.34 is paired with) from the Go module proxy. The etcd server
// module replaces its siblings with local paths, so `go install` refuses it; this wrapper requires it.
module opsdeck/stack/tools/etcd

go 1.25.0

require go.etcd.io/etcd/server/v3 v3.6.14

tool go.etcd.io/etcd/server/v3
