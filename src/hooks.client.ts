// Browser-side app hooks. Zod must not probe eval under our CSP (see the module).
import '#lib/zod-jitless.ts';
