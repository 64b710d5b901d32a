/**
 * "New version available": workbox-window watches our service worker. A new version
 * waits (the service worker never skips waiting by itself); the page reloads only after
 * the user accepts, and never while a bulk scan runs or edits are unsynced.
 * The `controlling` -> reload listener is added only after the user accepted, so a
 * service worker taking control for any other reason never reloads the page.
 */
import type { Workbox } from 'workbox-window';

export class UpdateState {
	/** A new version is installed and waiting. */
	available = $state(false);
	/** The user accepted: the new version is activating, then the page reloads. */
	accepted = $state(false);
	#wb: Workbox | null = null;

	async start(): Promise<void> {
		if (this.#wb || !('serviceWorker' in navigator)) return;
		// Loaded here, in the browser: the package is CommonJS for Node (the page is server-rendered).
		const { Workbox } = await import('workbox-window');
		// Same script and options as SvelteKit's own registration: one registration, not two.
		this.#wb = new Workbox('/service-worker.js', { type: 'module' });
		this.#wb.addEventListener('waiting', () => {
			// The first install never waits; only a version replacing a running one does.
			if (navigator.serviceWorker.controller) this.available = true;
		});
		await this.#wb.register({ immediate: true }).catch(() => undefined);
	}

	/** Ask the server whether a newer service worker exists. */
	async check(): Promise<void> {
		await this.#wb?.update().catch(() => undefined);
	}

	/** The user clicked Reload (the button is disabled while something blocks it). */
	apply(blocker: string | null): boolean {
		if (!this.#wb || !this.available || blocker || this.accepted) return false;
		this.accepted = true;
		this.#wb.addEventListener('controlling', () => location.reload());
		this.#wb.messageSkipWaiting();
		return true;
	}
}
