/** Page side of the model benchmark: one fresh worker per job, terminated afterwards. */
import type { BrowserJob, BrowserJobResult, WorkerReply } from './protocol.ts';

async function runJob(job: BrowserJob): Promise<BrowserJobResult> {
	const worker = new Worker(new URL('./model-worker.ts', import.meta.url), { type: 'module', name: 'bench-model' });
	try {
		const reply = await new Promise<WorkerReply>((resolve, reject) => {
			worker.onmessage = (e: MessageEvent<WorkerReply>) => resolve(e.data);
			worker.onerror = (e) => reject(new Error(`worker error: ${e.message || 'failed to start'} (${e.filename ?? ''}:${e.lineno ?? ''})`));
			worker.postMessage(job);
		});
		if (!reply.ok) throw new Error(reply.error);
		return reply.result;
	} finally {
		worker.terminate();
	}
}

(window as unknown as { runJob: typeof runJob }).runJob = runJob;
