/** JSON Schema of a request body straight from the zod schema the endpoint validates with (so they cannot drift). */
import { z } from 'zod';
import type { JsonSchema } from './common.ts';

export function requestSchemaOf(schema: z.ZodType): JsonSchema {
	const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
	return rest;
}

/** Query parameters straight from the zod schema of the query string (an object, or a union of objects: each key optional then). */
export function queryParametersOf(schema: z.ZodType, descriptions: Record<string, string> = {}): Record<string, unknown>[] {
	const json = requestSchemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[]; anyOf?: JsonSchema[] };
	const variants = (json.anyOf ?? [json]) as { properties?: Record<string, JsonSchema>; required?: string[] }[];
	const parameters = new Map<string, Record<string, unknown>>();
	for (const variant of variants)
		for (const [name, property] of Object.entries(variant.properties ?? {}))
			parameters.set(name, {
				name,
				in: 'query',
				required: variants.length === 1 && (variant.required ?? []).includes(name),
				schema: property,
				...(descriptions[name] ? { description: descriptions[name] } : {})
			});
	return [...parameters.values()];
}
