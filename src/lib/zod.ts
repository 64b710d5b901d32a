/**
 * Zod, as every module that the browser loads imports it (`import { z } from '#lib/zod.ts'`).
 * Zod 4 probes `new Function('')` when it builds an object schema, to decide whether it may
 * compile fast parsers; our Content-Security-Policy (no 'unsafe-eval') blocks that and
 * Chrome reports a CSP violation on every page (Lighthouse best practices: "Issues").
 * Importing zod through this module sets `jitless` before any schema is built (ES modules
 * run their imports first). Node keeps the compiled parsers (the server parses telemetry
 * in bulk). https://zod.dev/api?id=jitless
 */
import { z } from 'zod';

const inBrowser = typeof window !== 'undefined' || 'WorkerGlobalScope' in globalThis;
if (inBrowser) z.config({ jitless: true });

export { z };
