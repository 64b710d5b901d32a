/** The two set-up errors of the Node programs (server, CLIs, release, bench, training). */
import { CodedError } from '../errors.ts';

/** A setting (environment variable or config value) that cannot be used; the message says how to fix it. */
export class ConfigError extends CodedError<'CONFIG_INVALID'> {
	constructor(message: string, options?: ErrorOptions) {
		super('CONFIG_INVALID', message, options);
	}
}

/** A command line that cannot run (missing or unknown argument); CLIs print their usage and exit 2. */
export class UsageError extends CodedError<'USAGE'> {
	constructor(message: string, options?: ErrorOptions) {
		super('USAGE', message, options);
	}
}
