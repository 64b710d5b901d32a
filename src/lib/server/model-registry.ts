/**
 * @deprecated The registry moved to src/lib/registry/ (`#lib/registry/registry.ts`).
 * This re-export is kept only for training/src/pipeline (train-pipeline.ts and its test);
 * delete it once training imports the new module.
 */
export { getChampion, readRegistry, registerVersion } from '../registry/registry.ts';
