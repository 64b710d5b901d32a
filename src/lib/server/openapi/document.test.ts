/**
 * The OpenAPI document describes every API route there is: each src/routes/api/**\/+server.ts
 * and each method it exports is a path and an operation of the document (and nothing else
 * under /api is). Adding a route without its description (see CONTRIBUTING.md) fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyApi } from './classify.ts';
import { openApiDocument, OTHER_APIS } from './document.ts';

const ROUTES = join(import.meta.dirname, '../../../routes/api');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** "METHOD /api/path/{param}" for every exported handler of every +server.ts under src/routes/api. */
function routeOperations(): string[] {
	const operations: string[] = [];
	for (const file of readdirSync(ROUTES, { recursive: true, encoding: 'utf8' })) {
		if (!file.endsWith('+server.ts')) continue;
		const dir = relative(ROUTES, join(ROUTES, file, '..'))
			.split(sep)
			.filter(Boolean);
		const path = '/' + ['api', ...dir].map((part) => part.replace(/^\[(\w+)\]$/, '{$1}')).join('/');
		const source = readFileSync(join(ROUTES, file), 'utf8');
		for (const method of METHODS)
			if (new RegExp(`export (const|async function|function) ${method}\\b`).test(source))
				operations.push(`${method.toLowerCase()} ${path}`);
	}
	return operations.sort();
}

const doc = openApiDocument('test', [
	classifyApi({
		maxTexts: 1,
		maxExplainTexts: 1,
		maxDescriptionChars: 1,
		maxBodyBytes: 1,
		textsPerMinute: 1,
		explainCharsPerMinute: 1,
		explainRequestsPerKey: 1
	}),
	...OTHER_APIS
]);

function refs(value: unknown, found: string[] = []): string[] {
	if (Array.isArray(value)) value.forEach((v) => refs(v, found));
	else if (value && typeof value === 'object')
		for (const [k, v] of Object.entries(value)) {
			if (k === '$ref' && typeof v === 'string') found.push(v);
			else refs(v, found);
		}
	return found;
}

describe('the OpenAPI document', () => {
	it('finds the API routes (the listing works)', () => {
		const operations = routeOperations();
		expect(operations.length).toBeGreaterThan(20);
		expect(operations).toContain('post /api/review/{id}');
		expect(operations).toContain('patch /api/admin/users/{username}');
	});

	it('describes every route under src/routes/api, with every method it answers, and nothing more', () => {
		const documented = Object.entries(doc.paths)
			.filter(([path]) => path.startsWith('/api/'))
			.flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`))
			.sort();
		expect(documented).toEqual(routeOperations());
	});

	it('gives every operation an id (unique), a summary and responses; every path parameter is declared', () => {
		const ids = new Set<string>();
		for (const [path, item] of Object.entries(doc.paths))
			for (const [method, op] of Object.entries(item)) {
				const operation = op as { operationId?: string; summary?: string; responses: object; parameters?: { name: string; in: string }[] };
				expect(operation.operationId, `${method} ${path}`).toBeTruthy();
				expect(ids.has(operation.operationId!), `${operation.operationId} is unique`).toBe(false);
				ids.add(operation.operationId!);
				expect(operation.summary, `${method} ${path}`).toBeTruthy();
				expect(Object.keys(operation.responses).length, `${method} ${path}`).toBeGreaterThan(0);
				for (const [, name] of path.matchAll(/\{(\w+)\}/g))
					expect(
						operation.parameters?.some((p) => p.in === 'path' && p.name === name),
						`${method} ${path} declares {${name}}`
					).toBe(true);
			}
	});

	it('resolves every $ref', () => {
		for (const ref of refs(doc)) {
			if (!ref.startsWith('#/components/schemas/')) continue; // zod's local #/$defs refs
			expect(doc.components.schemas, ref).toHaveProperty(ref.split('/').pop()!);
		}
	});
});
