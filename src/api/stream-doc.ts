import { WS_PROTOCOL, WS_TOKEN_PREFIX } from './auth.js';
import { type JsonSchema, nation, ref } from './schema.js';

// @fastify/websocket hides its routes from the OpenAPI document, so each stream's path item is made
// here: the same parameter and message schemas as the HTTP routes, the messages as the content of
// the 101 response. A stream that is quiet between messages (consultations, maritime) lists the
// heartbeat (heartbeat.ts) among them and says in its description how often it comes.

export interface StreamDoc {
  readonly description: string;
  /** The query string's JSON Schema (an object); `token` in it is marked deprecated. */
  readonly query: JsonSchema;
  /** The schemas of the messages the server sends; each message is one of them. */
  readonly messages: readonly JsonSchema[];
}

export function streamPathItem(d: StreamDoc): object {
  const props = (d.query.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((d.query.required ?? []) as string[]);
  return {
    get: {
      description: `${d.description} Authentication: offer the subprotocols \`${WS_PROTOCOL}, ${WS_TOKEN_PREFIX}<token>\` (the server answers \`${WS_PROTOCOL}\`), or send \`Authorization: Bearer <token>\` where the client can; \`?token=\` is deprecated.`,
      parameters: [
        { name: 'nation', in: 'path', required: true, schema: ref(nation) },
        {
          name: 'Sec-WebSocket-Protocol',
          in: 'header',
          required: false,
          description: `the preferred way to send the token: \`${WS_PROTOCOL}, ${WS_TOKEN_PREFIX}<token>\``,
          schema: { type: 'string' },
        },
        ...Object.entries(props).map(([name, schema]) => ({
          name,
          in: 'query',
          required: required.has(name),
          ...(name === 'token' ? { deprecated: true } : {}),
          ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
          schema,
        })),
      ],
      responses: {
        101: {
          description: `switching to the WebSocket protocol (subprotocol ${WS_PROTOCOL}); each message the server then sends is one JSON text of this schema`,
          content: { 'application/json': { schema: { oneOf: d.messages } } },
        },
      },
    },
  };
}
