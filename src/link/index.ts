// The link's public face: the Link (outbox, releasability re-check, verified ingress, relays), its
// storage ports, signed envelopes and their ids, signing keys, and the transports (in-process
// simulated network on a discrete-event scheduler; NATS JetStream).

export { ed25519Backend } from './ed25519.js';
export {
  type EnvelopeCrypto,
  Link,
  type LinkItem,
  type LinkOptions,
  type ReceivedItem,
  type RoutePolicy,
} from './engine.js';
export {
  canonicalJson,
  DEFAULT_MAX_FUTURE_SKEW_MS,
  decodeEnvelope,
  type Envelope,
  type EnvelopeCryptoOptions,
  type EnvelopeDraft,
  type EnvelopeSig,
  encodeEnvelope,
  envelopeCrypto,
  exportKeyPairPem,
  generateSigningKeyPair,
  importPrivateKeyPem,
  importPublicKeyPem,
  type JsonValue,
  keyFilePaths,
  MAX_ENVELOPE_BYTES,
  MAX_JSON_DEPTH,
  MAX_MARKING_CHARS,
  publicKeyFingerprint,
  readPinnedKeys,
  readPrivateKeyFile,
  readPublicKeyFile,
  relayEnvelope,
  type SigningKeyPair,
  signEnvelope,
  type VerifyFailureReason,
  type VerifyOptions,
  type VerifyResult,
  verifyEnvelope,
  writeKeyPairFiles,
} from './envelope.js';
export {
  createUuidV7Generator,
  cryptoRandomFill,
  isUuidV7,
  type RandomFill,
  type UuidV7Generator,
  uuidV7TimeMs,
} from './ids.js';
export { inboxPrefix, natsServerConfig, STREAM } from './nats/config.js';
export { JetStreamPublisher } from './nats/publisher.js';
export { freePort, type RunningNats, startNatsServer } from './nats/server.js';
export { NatsTransport, setupNetwork } from './nats/transport.js';
export type { AuditPort, InboxPort, OutboxEntry, OutboxPort, StreamKey } from './ports.js';
export {
  closeUpFile,
  ensurePrivateFile,
  makePrivateDir,
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  writeSecretFile,
} from './private-files.js';
export { routeFor, SHARING_POLICIES, type SharingPolicy, US_HUB } from './routing.js';
export { Scheduler } from './scheduler.js';
export { type Faults, NO_FAULTS, SimNetwork } from './sim-network.js';
export type { Deliver, SendCallbacks, Transport } from './transport.js';
export { parseSubject, subjectOf, type WireMessage } from './wire.js';
