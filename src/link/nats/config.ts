import { type Nation, TOPIC_NAMES, type Topic } from '../../domain/index.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../engine.js';

/**
 * The largest message the servers carry: the link's own bound on a wire message plus room for the
 * headers (nats-server's default of 1 MiB would refuse batches the link is allowed to send).
 */
export const NATS_MAX_PAYLOAD_BYTES = DEFAULT_MAX_MESSAGE_BYTES + 64 * 1024;

/** The durable consumer through which a node reads each of its inbound streams. */
export const CONSUMER = 'node';

/** The account of a nation's own server that holds its inbox streams, its node and its administrator. */
export const LOCAL_ACCOUNT = 'CONCORD';

export interface NatsUser {
  readonly user: string;
  readonly password: string;
}

/** The inbox prefix a nation's connection must use (its replies may arrive only there). */
export function inboxPrefix(nation: Nation): string {
  return `_INBOX_${nation}`;
}

/**
 * The stream on a nation's server that holds what `partner` sent it. One stream per sender: the
 * stream's duplicate window (Nats-Msg-Id) and its limits are the sender's alone, so a partner can
 * collide only with its own message ids and fill only its own quota.
 */
export function inboundStream(partner: Nation): string {
  return `IN_${partner}`;
}

/**
 * The topics a leaf connection between two nations of a network carries: every topic Concord knows,
 * sorted. Not the topics of their agreements: agreements change while the network runs (a new
 * agreement, a widened scope, a coalition's new member: src/governance), and a server's permissions
 * are fixed when it starts. What may cross is the link's gates' decision, at publish, at delivery and
 * at ingress, on the registry with every governance act folded in; the servers' part is that a
 * partner publishes only as itself, into its own stream on the recipient's server, on a known topic.
 */
export function networkTopics(): Topic[] {
  return [...TOPIC_NAMES].sort();
}

/** A certificate and its private key (PEM files). */
export interface CertFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * PEM files of one server: its certificate and key (presented to its nodes, and to partners'
 * servers on its leaf connections), and the CA that signed every nation's certificates; and the
 * subjects the server maps to its users (nats-server's `verify_and_map`): the certificate is the
 * identity, no password is asked or accepted.
 */
export interface NatsTlsFiles extends CertFiles {
  readonly caFile: string;
  readonly subjects: {
    /** The subject of the nation's node's client certificate. */
    readonly node: string;
    /** The subject of the nation's server administrator's client certificate. */
    readonly admin: string;
    /** The subject of each partner's server certificate (what its leaf connection presents). */
    readonly partnerServers: ReadonlyMap<Nation, string>;
  };
}

/** The client certificates of a nation's node and of its server's administrator. */
export interface NationClientCerts {
  readonly node: CertFiles;
  readonly admin: CertFiles;
}

/** What createNatsTls and installUserNatsTls leave in a data folder. */
export interface NatsTlsMaterial {
  readonly caFile: string;
  readonly servers: ReadonlyMap<Nation, NatsTlsFiles>;
  readonly clients: ReadonlyMap<Nation, NationClientCerts>;
}

/** What one nation's server knows of one partner. */
export interface PartnerLink {
  readonly nation: Nation;
  /** Topics the connection carries (networkTopics): the only subjects the partner may publish as itself. */
  readonly topics: readonly Topic[];
  /** The password the partner's server presents on our leaf-node port (its user is its nation code). */
  readonly inboundPassword: string;
  /** The partner's leaf-node port, and the password it issued to us there. */
  readonly outbound: { readonly host: string; readonly port: number; readonly password: string };
}

export interface NationServerOptions {
  readonly nation: Nation;
  /** The address the node's port and the leaf-node port listen on (default loopback). */
  readonly host?: string;
  /** Where the nation's node connects. */
  readonly port: number;
  /** Where partners' servers connect (leaf nodes). */
  readonly leafPort: number;
  readonly storeDir: string;
  readonly admin: NatsUser;
  readonly nodePassword: string;
  readonly partners: readonly PartnerLink[];
  /**
   * When set, both ports require TLS and a client certificate signed by the CA, and every user —
   * node, administrator, partner's server — is the subject of its certificate: passwords are
   * neither written nor accepted.
   */
  readonly tls?: NatsTlsFiles;
  /** JetStream's file store for the whole server (default 4 GiB). */
  readonly maxFileStoreBytes?: number;
}

const q = (s: string) => JSON.stringify(s);
const list = (xs: readonly string[]) => `[${xs.map(q).join(', ')}]`;
/** A permission that allows `xs` only (an empty allow list would mean no restriction to nats-server). */
const only = (xs: readonly string[]) => (xs.length === 0 ? '{ deny: [">"] }' : `{ allow: ${list(xs)} }`);

/** `concord.v1.<recipient>.<sender>.<topic>` for each topic. */
function subjects(recipient: Nation, sender: Nation, topics: readonly Topic[]): string[] {
  return topics.map((t) => `concord.v1.${recipient}.${sender}.${t}`);
}

/**
 * nats-server configuration for one nation's own server (nats-server 2.9: accounts with service
 * imports and exports, leaf nodes, a JetStream domain per nation).
 *
 * - Account CONCORD holds the nation's inbox streams (one per partner), its node's user and its
 *   administrator. The node may publish only as itself, to its partners, on the partner's topics (PartnerLink.topics),
 *   and read only its own consumers.
 * - For each partner P, account FROM_P is where P's server lands when it connects to our leaf-node
 *   port: P's leaf user may publish only `concord.v1.<us>.<P>.<topic>` (P's topics), which FROM_P imports
 *   as a service from CONCORD (so the stream's acknowledgement returns to P). Nothing else in the
 *   account leads anywhere: P can neither read our streams nor write as anyone but itself.
 * - For each partner P, account TO_P is bound to our leaf connection to P's server: CONCORD imports
 *   `concord.v1.<P>.<us>.<topic>` as a service from it. Whatever P's server sends back
 *   over that connection lands in TO_P, which holds nothing but the answers to those requests.
 *
 * So every border is drawn twice — by the sender's server and by the recipient's — and the
 * recipient's own configuration alone decides what a partner may deliver into it.
 */
export function natsServerConfig(o: NationServerOptions): string {
  const host = o.host ?? '127.0.0.1';
  const n = o.nation;
  const stream = (p: Nation) => inboundStream(p);
  const nodePublish = [
    ...o.partners.flatMap((p) => subjects(p.nation, n, p.topics)),
    '$JS.API.INFO',
    ...o.partners.flatMap((p) => [
      `$JS.API.STREAM.INFO.${stream(p.nation)}`,
      `$JS.API.CONSUMER.INFO.${stream(p.nation)}.${CONSUMER}`,
      `$JS.API.CONSUMER.MSG.NEXT.${stream(p.nation)}.${CONSUMER}`,
      `$JS.ACK.${stream(p.nation)}.${CONSUMER}.>`,
    ]),
  ];
  // A listener maps the peer's certificate to a user (verify_and_map: verified against the CA,
  // then its subject looked up); a remote only verifies the partner's server certificate.
  const tlsBlock = (indent: string, map: boolean) =>
    o.tls === undefined
      ? ''
      : `${indent}tls {\n${indent}  cert_file: ${q(o.tls.certFile)}\n${indent}  key_file: ${q(o.tls.keyFile)}\n${indent}  ca_file: ${q(o.tls.caFile)}\n${map ? `${indent}  verify_and_map: true\n` : ''}${indent}  timeout: 5\n${indent}}\n`;
  const tls = o.tls;
  /**
   * A user entry: with TLS, the certificate's subject and no password; without, the name and
   * password. `kind` is the only connection type the user may come in on (a partner's server
   * only as a leaf node, the node and administrator only as clients).
   */
  const user = (name: string, subject: string | undefined, password: string, kind: string, rest = '') =>
    `{ user: ${q(tls === undefined ? name : subject!)}${tls === undefined ? `, password: ${q(password)}` : ''}${rest}, allowed_connection_types: [${q(kind)}] }`;
  const partnerSubject = (p: Nation) => {
    const subject = tls?.subjects.partnerServers.get(p);
    if (tls !== undefined && subject === undefined)
      throw new Error(`no certificate subject for ${p}'s server, a partner of ${n}`);
    return subject;
  };
  const exportsToPartners = o.partners.flatMap((p) =>
    subjects(n, p.nation, p.topics).map(
      (s) => `      { service: ${q(s)}, accounts: [${q(`FROM_${p.nation}`)}] }`,
    ),
  );
  const importsFromPartners = o.partners.flatMap((p) =>
    subjects(p.nation, n, p.topics).map(
      (s) => `      { service: { account: ${q(`TO_${p.nation}`)}, subject: ${q(s)} } }`,
    ),
  );
  const partnerAccounts = o.partners.map((p) => {
    const inbound = subjects(n, p.nation, p.topics);
    const outbound = subjects(p.nation, n, p.topics);
    return `  FROM_${p.nation} {
    users: [
      ${user(p.nation, partnerSubject(p.nation), p.inboundPassword, 'LEAFNODE', `, permissions: { publish: ${only(inbound)}, subscribe: { allow: ["_R_.>"] } }`)}
    ]
    imports: [
${inbound.map((s) => `      { service: { account: ${q(LOCAL_ACCOUNT)}, subject: ${q(s)} } }`).join('\n')}
    ]
  }
  TO_${p.nation} {
    exports: [
${outbound.map((s) => `      { service: ${q(s)}, accounts: [${q(LOCAL_ACCOUNT)}] }`).join('\n')}
    ]
  }`;
  });
  const remotes = o.partners.map((p) => {
    // With TLS our server certificate is our name on the partner's port: no user in the URL.
    const url =
      tls === undefined
        ? `nats-leaf://${encodeURIComponent(n)}:${encodeURIComponent(p.outbound.password)}@${p.outbound.host}:${p.outbound.port}`
        : `nats-leaf://${p.outbound.host}:${p.outbound.port}`;
    return `    {\n      url: ${q(url)}\n      account: ${q(`TO_${p.nation}`)}\n${tlsBlock('      ', false)}    }`;
  });
  return `# Generated by Concord: ${n}'s own nats-server for the distributed mode (nats-server 2.9).
server_name: ${q(`concord-${n}`)}
listen: ${q(`${host}:${o.port}`)}
max_payload: ${NATS_MAX_PAYLOAD_BYTES}
${tlsBlock('', true)}jetstream {
  store_dir: ${q(o.storeDir)}
  domain: ${q(n)}
  max_memory_store: 0
  max_file_store: ${o.maxFileStoreBytes ?? 4 * 1024 ** 3}
}
leafnodes {
  listen: ${q(`${host}:${o.leafPort}`)}
${tlsBlock('  ', true)}  remotes: [
${remotes.join('\n')}
  ]
}
accounts {
  ${LOCAL_ACCOUNT} {
    jetstream: enabled
    users: [
      ${user(o.admin.user, tls?.subjects.admin, o.admin.password, 'STANDARD')}
      ${user(n, tls?.subjects.node, o.nodePassword, 'STANDARD', `, permissions: { publish: ${only(nodePublish)}, subscribe: { allow: [${q(`${inboxPrefix(n)}.>`)}] } }`)}
    ]
    exports: [
${exportsToPartners.join('\n')}
    ]
    imports: [
${importsFromPartners.join('\n')}
    ]
  }
${partnerAccounts.join('\n')}
}
`;
}

/** Everything a nation's server and node need, for every nation of a network (passwords drawn by `secret`). */
export interface NationPlan {
  readonly nation: Nation;
  readonly host: string;
  readonly port: number;
  readonly leafPort: number;
  readonly admin: NatsUser;
  readonly nodePassword: string;
  readonly partners: readonly PartnerLink[];
}

/**
 * Draws the passwords of a network of nations' servers: per nation an administrator and a node
 * password, and per ordered pair (sender, recipient) the password the recipient's leaf-node port
 * expects from the sender's server — known to those two only. Every nation of the network is every
 * other's partner, on every topic (networkTopics): two nations that no agreement links when the
 * servers start may be linked by one made while the network runs, and their items must then flow
 * without a new configuration; until then the link's gates refuse them.
 */
export function planNatsNetwork(opts: {
  nations: readonly Nation[];
  hostOf: (n: Nation) => string;
  portOf: (n: Nation) => number;
  leafPortOf: (n: Nation) => number;
  secret: () => string;
}): NationPlan[] {
  const leafPassword = new Map<string, string>(); // `${sender}>${recipient}`
  for (const a of opts.nations)
    for (const b of opts.nations) if (a !== b) leafPassword.set(`${a}>${b}`, opts.secret());
  const topics = networkTopics();
  return opts.nations.map((nation) => ({
    nation,
    host: opts.hostOf(nation),
    port: opts.portOf(nation),
    leafPort: opts.leafPortOf(nation),
    admin: { user: 'admin', password: opts.secret() },
    nodePassword: opts.secret(),
    partners: networkPartners(opts.nations, nation).map((p) => ({
      nation: p,
      topics,
      inboundPassword: leafPassword.get(`${p}>${nation}`)!,
      outbound: {
        host: opts.hostOf(p),
        port: opts.leafPortOf(p),
        password: leafPassword.get(`${nation}>${p}`)!,
      },
    })),
  }));
}

/**
 * A nation's partners in a network: every other nation of it (planNatsNetwork). Its node reads an
 * inbound stream from each and may send to each; the agreements in force decide what goes.
 */
export function networkPartners(nations: readonly Nation[], nation: Nation): Nation[] {
  return nations.filter((p) => p !== nation);
}
