/**
 * GET /api/openapi.json: OpenAPI 3.1 description of every API (one module per API in
 * src/lib/server/openapi/). Public, like any API description.
 */
import type { RequestHandler } from '@sveltejs/kit';
import { openApiDocument } from './document.ts';

export const GET: RequestHandler = () => Response.json(openApiDocument, { headers: { 'cache-control': 'no-cache' } });
