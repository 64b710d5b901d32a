/** Failures talking to the server, as values with a `code` the UI switches on. */

export type RemoteErrorCode = 'OFFLINE' | 'SESSION_EXPIRED' | 'FORBIDDEN' | 'RATE_LIMITED' | 'TOO_LARGE' | 'REJECTED' | 'SERVER';

export class RemoteError extends Error {
	readonly code: RemoteErrorCode;
	readonly status: number;
	/** Seconds the server asked us to wait (429 Retry-After). */
	readonly retryAfterSeconds: number | null;
	constructor(code: RemoteErrorCode, message: string, status = 0, retryAfterSeconds: number | null = null) {
		super(message);
		this.name = 'RemoteError';
		this.code = code;
		this.status = status;
		this.retryAfterSeconds = retryAfterSeconds;
	}
}

/** Worth retrying later without the user doing anything. */
export function isTransient(error: unknown): boolean {
	return error instanceof RemoteError && (error.code === 'OFFLINE' || error.code === 'SERVER' || error.code === 'RATE_LIMITED');
}
