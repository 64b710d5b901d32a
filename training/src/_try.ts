import { makeConfig } from './pipeline/config.ts';
import { runTraining } from './pipeline/train-pipeline.ts';
import { DILATED_DEFAULT, CONV_DEFAULT } from './model/architectures.ts';
const env = process.env;
const arch =
	env.ARCH === 'conv'
		? [CONV_DEFAULT]
		: env.ARCH === 'dilated'
			? [DILATED_DEFAULT]
			: env.ARCH === 'wide'
				? [{ kind: 'dilated' as const, filters: 128, kernelSize: 3, dilations: [2, 4], hidden: 64 }]
				: env.ARCH === 'deep'
					? [{ kind: 'dilated' as const, filters: 96, kernelSize: 3, dilations: [2, 4, 8], hidden: 48 }]
					: undefined;
const r = await runTraining(
	makeConfig({
		rows: env.ROWS ? Number(env.ROWS) : undefined,
		epochs: env.EPOCHS ? Number(env.EPOCHS) : undefined,
		modelsDir: env.MD ?? '/tmp/m1',
		register: false,
		architectures: arch,
		trainBudgetSeconds: env.BUDGET ? Number(env.BUDGET) : undefined,
		handWrittenWeight: env.HW ? Number(env.HW) : undefined,
		handWrittenDir: env.HWDIR,
		batchSize: env.BS ? Number(env.BS) : undefined
	})
);
console.log(r.version, r.warnings);
