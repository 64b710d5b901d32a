/**
 * Who is signed in (see session.ts) and whether the server said the session expired.
 * An expired session keeps everything queued on the device until the user signs in again.
 */
import { APP_ROLES, checkSession, signOut, type SessionCheck } from './session.ts';

export class SessionState {
	#check = $state<SessionCheck | null>(null);
	#expired = $state(false);

	/** The last answer; null until the first check finished. */
	get check(): SessionCheck | null {
		return this.#check;
	}

	get user() {
		return this.#check?.kind === 'signed-in' ? this.#check.user : null;
	}

	/** Signed in (or known offline) with a role that may use this app. */
	get allowed(): boolean {
		return !!this.user && APP_ROLES.includes(this.user.role);
	}

	/** A 401 from sync or telemetry: the user must sign in again (queued work is kept). */
	get expired(): boolean {
		return this.#expired;
	}

	expire(): void {
		this.#expired = true;
	}

	/** Ends the session on this device at once; true when the server confirmed it (else at the next contact). */
	async signOut(): Promise<boolean> {
		const user = this.user;
		this.#check = { kind: 'signed-out', revokePending: true };
		this.#expired = false;
		if (!user) return false;
		const revoked = await signOut(user.id);
		this.#check = { kind: 'signed-out', revokePending: !revoked };
		return revoked;
	}

	/** Ask the server (offline: the cached user). True when a confirmed sign-in ended an expired session. */
	async recheck(): Promise<boolean> {
		const check = await checkSession();
		this.#check = check;
		const confirmed = check.kind === 'signed-in' && !check.offline;
		const renewed = confirmed && this.#expired;
		if (confirmed) this.#expired = false;
		return renewed;
	}
}
