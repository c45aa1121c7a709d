// The node's HTTP + WebSocket API (Fastify): one contract over a nation's node.
export { type ApiOptions, buildApi } from './api.js';
