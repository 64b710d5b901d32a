/**
 * Zod 4 probes `new Function('')` to decide whether it may compile fast parsers; our
 * Content-Security-Policy (no 'unsafe-eval') blocks that and Chrome reports a CSP
 * violation on every page (Lighthouse best practices: inspector issues). Import this
 * module for its side effect before anything parses in a browser realm (the page:
 * src/routes/+layout.svelte).
 * https://zod.dev/api?id=jitless
 */
import { z } from 'zod';

z.config({ jitless: true });
