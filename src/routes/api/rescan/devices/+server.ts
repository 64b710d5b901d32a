/**
 * GET /api/rescan/devices (analyst, admin) -> {models: DeviceRescanCounts[]}: devices'
 * re-scan counts summed per model version (telemetry kind "rescan"), newest first.
 */
import type { RequestHandler } from '@sveltejs/kit';
import { serverContext } from '#lib/server/context.ts';
import { requireRole } from '#lib/server/auth/guard.ts';
import { deviceRescanCounts } from '#lib/server/rescan/device-counts.ts';

export const GET: RequestHandler = async (event) => {
	requireRole(event, ['analyst', 'admin']);
	const models = await deviceRescanCounts((await serverContext()).database.db);
	return Response.json({ models }, { headers: { 'cache-control': 'no-store' } });
};
