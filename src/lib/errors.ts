/**
 * The one error base class. Every expected failure carries a stable `code` that callers
 * check: after a worker or process boundary `instanceof` is lost, `code` survives.
 */
export class CodedError<Code extends string = string> extends Error {
	readonly code: Code;
	constructor(code: Code, message: string, options?: ErrorOptions) {
		super(message, options);
		this.code = code;
		this.name = new.target.name;
	}
}
