import type { FastifyReply, FastifyRequest } from 'fastify';
import { isNation, type Nation } from '../domain/index.js';
import type { ErrorBody } from './schema.js';

// Who is asking: an operator or an administrator of one nation, by the token they hold. A token comes
// as `Authorization: Bearer <token>`; on a WebSocket, where browsers cannot set headers, as the
// subprotocol `concord.token.<token>` offered beside `concord.v1`, or (deprecated, it ends up in
// logs) as `?token=`.

/** The subprotocol a WebSocket client offers and the server answers with. */
export const WS_PROTOCOL = 'concord.v1';
/** The prefix of the subprotocol that carries the token. */
export const WS_TOKEN_PREFIX = 'concord.token.';

export type Role = 'operator' | 'administrator';

/** The outcome of authenticating a request for one nation's node. */
export type Auth =
  | { readonly ok: true; readonly nation: Nation; readonly role: Role }
  | {
      readonly ok: false;
      readonly status: 401 | 403 | 404;
      /** unauthenticated: no valid token; other-nation: a token of another nation; no-node: no such node. */
      readonly reason: 'unauthenticated' | 'other-nation' | 'no-node';
      readonly message: string;
    };

export interface Tokens {
  /** Token -> the nation whose operator holds it. */
  readonly operators: ReadonlyMap<string, Nation>;
  /** Token -> the nation whose administrator holds it (also an operator of that nation). */
  readonly administrators?: ReadonlyMap<string, Nation> | undefined;
}

/** Authenticates a token for the node of `nation` (the route's parameter, as the client wrote it). */
export type Authenticate = (token: string | undefined, nation: string) => Auth;

export function authenticator(tokens: Tokens, hasNode: (n: Nation) => boolean): Authenticate {
  return (token, nation) => {
    const admin = token === undefined ? undefined : tokens.administrators?.get(token);
    const holder = token === undefined ? undefined : (admin ?? tokens.operators.get(token));
    if (!holder)
      return {
        ok: false,
        status: 401,
        reason: 'unauthenticated',
        message: 'a valid Bearer token of an operator is required',
      };
    if (!isNation(nation) || !hasNode(nation))
      return { ok: false, status: 404, reason: 'no-node', message: `no node for '${nation}'` };
    if (holder !== nation)
      return {
        ok: false,
        status: 403,
        reason: 'other-nation',
        message: `an operator of ${holder} cannot read ${nation}'s node`,
      };
    return { ok: true, nation, role: admin ? 'administrator' : 'operator' };
  };
}

/** The token of an HTTP request: `Authorization: Bearer <token>` only. */
export function bearerToken(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined;
}

/**
 * The token of a WebSocket upgrade: the Authorization header, else the `concord.token.<token>`
 * subprotocol (preferred for browsers), else the deprecated `?token=`.
 */
export function streamToken(req: FastifyRequest): string | undefined {
  const header = bearerToken(req);
  if (header !== undefined) return header;
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const sub = offered.find((p) => p.startsWith(WS_TOKEN_PREFIX));
  if (sub !== undefined) return sub.slice(WS_TOKEN_PREFIX.length);
  const query = (req.query ?? {}) as { token?: unknown };
  return typeof query.token === 'string' && query.token !== '' ? query.token : undefined;
}

/** The subprotocol the server answers a WebSocket client with: `concord.v1` if offered, else none. */
export function chooseProtocol(offered: ReadonlySet<string>): string | false {
  return offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false;
}

/** A refusal: the HTTP status and the body, in the one error shape. */
export interface Refusal {
  readonly status: number;
  readonly error: string;
  readonly message: string;
  readonly field?: string | undefined;
}

/** The error body of a refusal (`code` being its HTTP status or WebSocket close code). */
export function errorOf(r: Refusal): ErrorBody {
  return { error: r.error, code: r.status, message: r.message, ...(r.field ? { field: r.field } : {}) };
}

/** Sends the refusal. The one way a route says no. */
export function refuse(reply: FastifyReply, r: Refusal): FastifyReply {
  return reply.code(r.status).send(errorOf(r));
}

/** The refusal of a failed authentication (error `refused` unless the route names its own). */
export function authRefusal(auth: Extract<Auth, { ok: false }>, error = 'refused'): Refusal {
  return {
    status: auth.status,
    error,
    message: auth.message,
    field: auth.status === 404 ? 'nation' : 'token',
  };
}
