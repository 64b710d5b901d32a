/**
 * The evaluation sets live with the training package (training/src/eval/eval-sets.ts),
 * which must not import scripts/; the release reads them through this module.
 */
export * from '../../training/src/eval/eval-sets.ts';
