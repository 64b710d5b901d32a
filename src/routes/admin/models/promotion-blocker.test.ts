import { describe, expect, it } from 'vitest';
import { promotionBlocker } from './promotion-blocker.ts';

const signed = { ok: true, detail: 'signed (dev)' };

describe('promotionBlocker', () => {
	it('lets a signed version for the current featurizer be promoted', () => {
		expect(promotionBlocker({ signature: signed, featurizerVersion: '2' }, '2')).toBeNull();
	});

	it('names every reason an old, unsigned version cannot be promoted', () => {
		const why = promotionBlocker({ signature: { ok: false, detail: 'no signature.json' }, featurizerVersion: '1' }, '2');
		expect(why).toBe(
			'Cannot be promoted: it was built for featurizer 1, and this app uses featurizer 2; its signature does not check out.'
		);
	});

	it('refuses a version whose manifest cannot be read', () => {
		expect(promotionBlocker({ signature: signed, featurizerVersion: null }, '2')).toBe('Cannot be promoted: its manifest cannot be read.');
	});
});
