import { makeConfig } from './pipeline/config.ts';
import { runTraining } from './pipeline/train-pipeline.ts';
import { DILATED_DEFAULT, CONV_DEFAULT } from './model/architectures.ts';
const rows = Number(process.env.ROWS ?? 6000), epochs = Number(process.env.EPOCHS ?? 2);
const r = await runTraining(makeConfig({ rows, epochs, modelsDir: process.env.MD ?? '/tmp/m1', register: false, architectures: process.env.ARCH === 'conv' ? [CONV_DEFAULT] : process.env.ARCH === 'dilated' ? [DILATED_DEFAULT] : [CONV_DEFAULT, DILATED_DEFAULT], trainBudgetSeconds: Number(process.env.BUDGET ?? 600), handWrittenWeight: Number(process.env.HW ?? 4) }));
console.log(r.version, r.warnings);
