/**
 * Node flags for a process that runs nodes (`npm start`, each `concord node` that `network up`
 * starts, the bench's child nodes, and `bin/concord` itself through its shebang — a test keeps
 * them equal): a 64 MB young-generation semi-space, so that scavenges — most of the slowest items'
 * pauses — come less often. The measurement: docs/figures.md, "Node runtime flags".
 */
export const NODE_RUNTIME_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
