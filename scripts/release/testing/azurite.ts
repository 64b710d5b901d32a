/**
 * Test helper: a throwaway Azurite blob emulator on a free port. The account key below
 * is Azurite's documented, public development key (not a secret).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '#scripts/lib/free-port.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
	connectionString: string;
	stop(): Promise<void>;
}

export async function startAzurite(): Promise<Azurite> {
	const location = await mkdtemp(path.join(os.tmpdir(), 'azurite-'));
	const port = await freePort();
	const child: ChildProcess = spawn(
		path.join(REPO, 'node_modules/.bin/azurite-blob'),
		['--silent', '--location', location, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--skipApiVersionCheck'],
		{ stdio: 'ignore' }
	);
	const until = Date.now() + 30_000;
	for (;;) {
		try {
			await fetch(`http://127.0.0.1:${port}/devstoreaccount1?comp=list`);
			break;
		} catch {
			if (Date.now() > until || child.exitCode !== null) throw new Error(`azurite did not start on port ${port}`);
			await new Promise((r) => setTimeout(r, 200));
		}
	}
	return {
		connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${DEV_KEY};BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`,
		async stop() {
			// Azurite can take long to shut down gracefully on a loaded machine: kill it after 3 s.
			const exited = new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
			await exited;
			clearTimeout(timer);
			await rm(location, { recursive: true, force: true });
		}
	};
}
