/** Failures talking to our own server, as values with a `code` the UI switches on. */
import { CodedError } from '../errors.ts';

export type RemoteErrorCode = 'OFFLINE' | 'SESSION_EXPIRED' | 'FORBIDDEN' | 'RATE_LIMITED' | 'TOO_LARGE' | 'REJECTED' | 'SERVER';

export interface RemoteErrorDetails {
	/** HTTP status; 0 when no response arrived. */
	status?: number;
	/** Seconds the server asked us to wait (429 Retry-After). */
	retryAfterSeconds?: number | null;
	/** The parsed JSON body of the refusal, for endpoints that answer with data (e.g. telemetry's `rejected`). */
	body?: unknown;
}

export class RemoteError extends CodedError<RemoteErrorCode> {
	readonly status: number;
	readonly retryAfterSeconds: number | null;
	readonly body: unknown;
	constructor(code: RemoteErrorCode, message: string, details: RemoteErrorDetails = {}) {
		super(code, message);
		this.status = details.status ?? 0;
		this.retryAfterSeconds = details.retryAfterSeconds ?? null;
		this.body = details.body ?? null;
	}
}

/** Worth retrying later without the user doing anything. */
export function isTransient(error: unknown): boolean {
	return error instanceof RemoteError && (error.code === 'OFFLINE' || error.code === 'SERVER' || error.code === 'RATE_LIMITED');
}
