/**
 * The server's own model failures as telemetry: one `model-error` event (backend "server")
 * per refused version and error code, so the monitoring page raises its MODEL_ERRORS alert
 * for a refused bundle on the server as it does for devices.
 */
import { modelErrorEvent } from '../../telemetry/factory.ts';
import { serverContext } from '../context.ts';
import type { ModelFailure } from '../model-service.ts';
import { storeEvents } from '../telemetry/ingest.ts';

export function recordModelErrors(appVersion: string): (failure: ModelFailure) => void {
	return (failure) => {
		const event = modelErrorEvent({ appVersion, backend: 'server', threads: 1 }, failure.version, failure.code, failure.latencyMs);
		void serverContext()
			.then((context) => storeEvents(context.database.db, [event]))
			.catch((e: unknown) => console.error(`models: cannot record the model-error event: ${(e as Error).message}`));
	};
}
