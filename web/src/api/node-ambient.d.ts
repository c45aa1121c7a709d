// The maritime schemas (src/api/maritime-schemas.ts) name types of the node itself (the triage
// actions, the detectors' event types), so the console's type-check reads part of the node's code:
// it needs the ambient declarations the node's own tsconfig picks up from src/ (untyped native
// modules) and the route-schema options @fastify/swagger adds to Fastify's.
/// <reference path="../../../src/link/sodium-native.d.ts" />
/// <reference path="../../../src/store/sqlite/better-sqlite3.d.ts" />
/// <reference types="@fastify/swagger" />
