/**
 * @deprecated Moved to tests/support/tiny-bundle.ts (`#tests/support/tiny-bundle.ts`).
 * Kept only until scripts/classify.test.ts imports it from there; then delete this file.
 */
export * from '#tests/support/tiny-bundle.ts';
