/** JSON Schema of a request body straight from the zod schema the endpoint validates with (so they cannot drift). */
import { z } from 'zod';
import type { JsonSchema } from './common.ts';

export function requestSchemaOf(schema: z.ZodType): JsonSchema {
	const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
	return rest;
}
