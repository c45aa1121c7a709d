// The link's public face: the Link (outbox, releasability re-check, verified ingress, relays), its
// storage ports, signed envelopes (envelope.ts) and the engine's adapter on them
// (envelope-crypto.ts), item ids, signing keys and their files (keys.ts), and the transports (in-process
// simulated network on a discrete-event scheduler; NATS JetStream).

// Canonical JSON is the domain's, re-exported here under the names the link has always offered.
export { canonicalJson, type JsonValue, MAX_JSON_DEPTH } from '../domain/index.js';
export { ed25519Backend } from './ed25519.js';
export {
  DEFAULT_MAX_MESSAGE_BYTES,
  type EnvelopeCrypto,
  Link,
  type LinkItem,
  type LinkOptions,
  type ReceivedItem,
  type RoutePolicy,
} from './engine.js';
export {
  DEFAULT_MAX_FUTURE_SKEW_MS,
  decodeEnvelope,
  type Envelope,
  type EnvelopeDraft,
  type EnvelopeSig,
  encodeEnvelope,
  envelopeJson,
  MAX_ENVELOPE_BYTES,
  MAX_MARKING_CHARS,
  relayEnvelope,
  signEnvelope,
  type VerifyFailureReason,
  type VerifyOptions,
  type VerifyResult,
  verifyEnvelope,
} from './envelope.js';
export { type EnvelopeCryptoOptions, envelopeCrypto } from './envelope-crypto.js';
export {
  createUuidV7Generator,
  cryptoRandomFill,
  isUuidV7,
  type RandomFill,
  type UuidV7Generator,
  uuidV7TimeMs,
} from './ids.js';
export {
  exportKeyPairPem,
  generateSigningKeyPair,
  importPrivateKeyPem,
  importPublicKeyPem,
  keyFilePaths,
  publicKeyFingerprint,
  readPinnedKeys,
  readPrivateKeyFile,
  readPublicKeyFile,
  type SigningKeyPair,
  writeKeyPairFiles,
} from './keys.js';
export {
  type CertFiles,
  CONSUMER,
  inboundStream,
  inboxPrefix,
  LOCAL_ACCOUNT,
  type NationClientCerts,
  type NationPlan,
  type NatsTlsFiles,
  type NatsTlsMaterial,
  type NatsUser,
  natsServerConfig,
  networkPartners,
  networkTopics,
  type PartnerLink,
  planNatsNetwork,
} from './nats/config.js';
export { JetStreamPublisher } from './nats/publisher.js';
export {
  freePort,
  type NatsNetwork,
  type RunningNats,
  startNatsNetwork,
  startNatsServer,
} from './nats/server.js';
export { createNatsTls } from './nats/tls.js';
export { type InboxLimits, type InboxSetup, NatsTransport, setupInbox } from './nats/transport.js';
export {
  checkUserNatsTls,
  installUserNatsTls,
  natsSubjectOf,
  type TlsRole,
  tlsNamesFor,
  type UserTlsFiles,
  userTlsPaths,
} from './nats/user-tls.js';
export type { AuditPort, InboxPort, OutboxEntry, OutboxPort, StreamKey } from './ports.js';
export {
  closeUpFile,
  ensurePrivateFile,
  makePrivateDir,
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  writeSecretFile,
} from './private-files.js';
export {
  checkPartnerRate,
  DEFAULT_PARTNER_RATE,
  type PartnerRate,
  type PartnerRateCounts,
  PartnerRateLimiter,
} from './rate-limit.js';
export { routeFor, SHARING_POLICIES, type SharingPolicy, US_HUB, withAgreedRelays } from './routing.js';
export { Scheduler } from './scheduler.js';
export { type Faults, NO_FAULTS, SimNetwork } from './sim-network.js';
export type { Deliver, LostMessages, OnLost, SendCallbacks, Transport } from './transport.js';
export { parseSubject, subjectOf, type WireMessage } from './wire.js';
