/**
 * The random audit sample of confident verdicts. An item is in the sample when a hash of
 * its id falls below the rate: deterministic (the same item stays in or out whatever the
 * order of reads, on every server), unbiased (sha256 is uniform whatever ids the devices
 * generate), and nested (raising the rate keeps every item already sampled).
 */
import { createHash } from 'node:crypto';

/** The item's draw in [0, 1): the first 32 bits of sha256("audit:" + id). */
export function auditDraw(id: string): number {
	return createHash('sha256').update(`audit:${id}`).digest().readUInt32BE(0) / 2 ** 32;
}

export function inAuditSample(id: string, rate: number): boolean {
	return auditDraw(id) < rate;
}
