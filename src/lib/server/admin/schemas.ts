/**
 * Request schemas of the admin JSON APIs (/api/admin/...), shared by their routes and their
 * OpenAPI description (src/lib/server/openapi/admin.ts) so that the two cannot drift.
 */
import { z } from 'zod';
import { API_KEY_SCOPES, MAX_KEY_DAYS } from '../auth/api-keys.ts';
import { ROLES } from '../db/schema.ts';

/** POST /api/admin/users */
export const addUserSchema = z
	.object({ username: z.string().min(1).max(64), role: z.enum(ROLES), password: z.string().max(256).optional() })
	.strict();

/** PATCH /api/admin/users/{username} */
export const patchUserSchema = z
	.object({ disabled: z.boolean().optional(), role: z.enum(ROLES).optional() })
	.strict()
	.refine((b) => b.disabled !== undefined || b.role !== undefined, { message: 'give disabled and/or role' });

/** POST /api/admin/keys */
export const createKeySchema = z
	.object({
		username: z.string().min(1).max(64),
		scopes: z.array(z.enum(API_KEY_SCOPES)).min(1),
		expiresInDays: z.number().int().min(1).max(MAX_KEY_DAYS).nullable()
	})
	.strict();

/** GET /api/admin/audit (the query string) */
export const auditQuerySchema = z.union([z.object({ item: z.uuid() }), z.object({ q: z.string().trim().min(1).max(200) })]);

/** POST /api/admin/telemetry/exclusions */
export const exclusionSchema = z.union([
	z.object({ sourceId: z.string().regex(/^s_[0-9a-f]{24}$/), reason: z.string().trim().min(3).max(500) }).strict(),
	z.object({ username: z.string().min(1).max(64), reason: z.string().trim().min(3).max(500) }).strict()
]);
