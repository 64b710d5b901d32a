/**
 * Warm start (`npm run train -- --init champion|VERSION`): fine-tune a registered bundle
 * instead of training from random weights. The bundle's ONNX file is read back into the
 * TF.js model of the same architecture (onnx/import.ts), with the bundle's own vocabulary,
 * so the first step starts from exactly the numbers the app serves. The output layer holds
 * the champion's baked-in temperature; calibration fits a new one on top, as usual.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { Manifest } from '../../../src/lib/bundle/manifest.ts';
import { CodedError } from '../../../src/lib/errors.ts';
import { readManifest, resolveVersion } from '../../../src/lib/registry/resolve.ts';
import { FEATURIZER_VERSION } from '../../../src/lib/text/index.ts';
import { DEFAULT_REGULATION_ID } from '../data/regulation.ts';
import { describeArchitecture, type Architecture } from '../model/architectures.ts';
import { importOnnx, readOnnxWeights } from '../onnx/import.ts';

export class WarmStartError extends CodedError<'WARM_START'> {
	constructor(message: string) {
		super('WARM_START', message);
	}
}

export interface WarmStart {
	/** The version fine-tuned from. */
	version: string;
	manifest: Manifest;
	architecture: Architecture;
	/** Absolute path of the bundle's vocabulary file (training uses it as is). */
	vocabularyFile: string;
	/** A fresh TF.js model with the bundle's weights (each call a new one: training mutates it). */
	model(seed: number): tf.LayersModel;
}

/** Why `version` cannot be fine-tuned for this run, or null when it can. */
export function warmStartMismatch(manifest: Manifest, architecture: Architecture, regulation: string | null): string | null {
	if (manifest.featurizerVersion !== FEATURIZER_VERSION)
		return `${manifest.version} was built for featurizer ${manifest.featurizerVersion}, this code has featurizer ${FEATURIZER_VERSION}`;
	if (manifest.architecture !== describeArchitecture(architecture))
		return `${manifest.version}: the ONNX graph reads as ${describeArchitecture(architecture)}, the manifest says ${manifest.architecture}`;
	// Bundles from before regulations were recorded were trained for the default one.
	const own = manifest.regulation?.id ?? DEFAULT_REGULATION_ID;
	if (regulation !== null && own !== regulation)
		return `${manifest.version} was trained for regulation ${own}, this run is for ${regulation}`;
	return null;
}

/**
 * Open `init` ("champion" or a version) in `modelsDir` for fine-tuning. Throws a
 * WarmStartError naming the reason when the bundle cannot be used for this run.
 */
export async function openWarmStart(modelsDir: string, init: string, regulation: string | null): Promise<WarmStart> {
	let version: string;
	let manifest: Manifest;
	try {
		version = await resolveVersion(modelsDir, init);
		manifest = await readManifest(modelsDir, version);
	} catch (error) {
		throw new WarmStartError(`--init ${init}: ${(error as Error).message}`);
	}
	const bytes = new Uint8Array(await readFile(path.join(modelsDir, manifest.files.model.path)));
	const { architecture } = readOnnxWeights(bytes);
	const mismatch = warmStartMismatch(manifest, architecture, regulation);
	if (mismatch) throw new WarmStartError(`Cannot fine-tune from ${init}: ${mismatch}. Train from scratch (without --init).`);
	return {
		version,
		manifest,
		architecture,
		vocabularyFile: path.join(modelsDir, manifest.files.vocabulary.path),
		model: (seed) => importOnnx(bytes, seed).model
	};
}
