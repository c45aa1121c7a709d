// A network of real nats-servers (one per nation, Debian's package) for tests and benchmarks,
// with each nation's inbox streams set up, and connections of nations' nodes to their own server.
import type { Nation } from '../domain/index.js';
import {
  type InboxSetup,
  type NatsNetwork,
  NatsTransport,
  networkPartners,
  type RunningNats,
  setupInbox,
  startNatsNetwork,
  type UserTlsFiles,
} from '../link/index.js';

/** Starts the servers and creates every nation's inbound streams (limits `inbox`). */
export async function startTestNatsNetwork(opts: {
  dir: string;
  nations: readonly Nation[];
  /** true: a generated CA and certificates; or the user's own (checked first). */
  tls?: boolean | UserTlsFiles;
  inbox?: InboxSetup;
}): Promise<NatsNetwork> {
  const net = await startNatsNetwork({
    dir: opts.dir,
    nations: opts.nations,
    ...(opts.tls ? { tls: opts.tls } : {}),
  });
  try {
    for (const [nation, server] of net.servers)
      await setupServerInbox(server, nation, opts.nations, opts.inbox);
  } catch (err) {
    await net.stop();
    throw err;
  }
  return net;
}

/** Creates `nation`'s inbound streams (one per other nation of `nations`) on its server. */
export function setupServerInbox(
  server: RunningNats,
  nation: Nation,
  nations: readonly Nation[],
  inbox: InboxSetup = {},
): Promise<void> {
  return setupInbox(server.url, server.admin, nation, networkPartners(nations, nation), {
    ...inbox,
    ...(server.caFile ? { caFile: server.caFile } : {}),
    ...(server.clientCerts ? { cert: server.clientCerts.admin } : {}),
  });
}

/** `nation`'s node's connection to its own server, reading what `nations` (but itself) send it. */
export function connectNode(
  net: NatsNetwork,
  nation: Nation,
  nations: readonly Nation[],
  opts: { publishTimeoutMs?: number; onError?: (err: unknown) => void } = {},
): Promise<NatsTransport> {
  const server = net.server(nation);
  return NatsTransport.connect({
    url: server.url,
    nation,
    partners: networkPartners(nations, nation),
    ...(server.caFile ? { caFile: server.caFile } : {}),
    ...(server.clientCerts ? { cert: server.clientCerts.node } : { password: server.nodePassword }),
    ...opts,
  });
}
